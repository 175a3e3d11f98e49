import { readFileSync } from "node:fs";
import path from "node:path";
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestOrg, type TestOrg } from "../../support/factories";
import { startTestWorker, waitFor } from "../../support/streams";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

// Read once, when the app (and the in-process worker) first asks for its configuration.
const LIMIT = vi.hoisted(() => {
  const limit = 2048;
  process.env.MAX_ADAPTER_FILE_BYTES = String(limit);
  return limit;
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let baseUrl: string;
let org: TestOrg;
let operator: ApiClient;
let runner: Runner;

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg("Big Files Ltd");
  operator = apiClient(baseUrl, org.keys.operator);
  runner = await startTestWorker(1);
}, 180_000);

afterAll(async () => {
  await runner?.stop();
});

async function uploadAndSettle(name: string, bytes: Uint8Array): Promise<Json> {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${baseUrl}/api/v1/files`, { method: "POST", body: form, headers: { Authorization: `Bearer ${org.keys.operator}` } });
  const { id } = (await response.json()) as { id: string };
  return settled(id);
}

async function settled(id: string): Promise<Json> {
  return waitFor(async () => {
    const file = (await (await operator.get(`/api/v1/files/${id}`)).json()) as Json;
    return file.status === "processing" ? undefined : file;
  }, 60_000, `profiling of ${id}`);
}

describe("MAX_ADAPTER_FILE_BYTES", () => {
  it("reads a recognizable file over the limit as a plain table, unless a person chooses the adapter", async () => {
    const payouts = readFileSync(path.resolve("tests/fixtures/adapters/stripe_payouts.csv"), "utf8");
    const [header, ...rows] = payouts.trimEnd().split("\n");
    const copies = Math.ceil(LIMIT / rows.join("\n").length) + 1;
    const big = Buffer.from([header, ...Array.from({ length: copies }, () => rows).flat()].join("\n") + "\n");
    expect(big.length).toBeGreaterThan(LIMIT);

    const file = await uploadAndSettle("big-payouts.csv", big);
    expect({ status: file.status, adapter: file.format.adapter, schema: file.detectedSchema.format }).toEqual({ status: "ready", adapter: null, schema: "csv" });
    expect(file.format.evidence).toContain("MAX_ADAPTER_FILE_BYTES");

    await operator.patch(`/api/v1/files/${file.id}`, { format: { adapter: "stripe_payouts" } });
    const chosen = await settled(file.id);
    expect({ status: chosen.status, adapter: chosen.format.adapter, schema: chosen.detectedSchema.format, rowCount: chosen.rowCount }).toEqual({
      status: "ready",
      adapter: "stripe_payouts",
      schema: "adapter",
      rowCount: rows.length * copies,
    });
  });

  it("still recognizes a file under the limit", async () => {
    const file = await uploadAndSettle("payouts.csv", readFileSync(path.resolve("tests/fixtures/adapters/stripe_payouts.csv")));
    expect(file.format.adapter).toBe("stripe_payouts");
  });
});
