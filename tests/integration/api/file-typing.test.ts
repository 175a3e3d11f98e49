import type { Runner } from "graphile-worker";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "~/platform/env.server";
import { startWorker } from "../../../worker/runner";
import { createTestOrg, type TestOrg } from "../../support/factories";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

/**
 * Issue #17 part 3, through the upload path: valid provider files end
 * `ready` whatever type inference guessed; only a type the user confirmed
 * can fail a row under the strict policy.
 */

let baseUrl: string;
let org: TestOrg;
let operator: ApiClient;
let runner: Runner;

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg("Typing Inc");
  operator = apiClient(baseUrl, org.keys.operator);
  runner = await startWorker({ connectionString: getEnv().DATABASE_URL!, concurrency: 2, logger: pino({ level: "silent" }), withCron: false });
});

afterAll(async () => {
  await runner?.stop();
});

type Json = Record<string, unknown>;

async function uploadAndSettle(name: string, content: string): Promise<Json> {
  const form = new FormData();
  form.append("file", new Blob([content], { type: "text/csv" }), name);
  const response = await fetch(`${baseUrl}/api/v1/files`, { method: "POST", headers: { Authorization: `Bearer ${org.keys.operator}` }, body: form });
  expect(response.status, await response.clone().text()).toBe(201);
  const created = (await response.json()) as Json;
  return settled(created.id as string);
}

async function settled(id: string, timeoutMs = 20_000): Promise<Json> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const file = (await (await operator.get(`/api/v1/files/${id}`)).json()) as Json;
    if (file.status !== "processing") return file;
    if (Date.now() > deadline) throw new Error(`file ${id} still processing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function columnOf(file: Json, name: string): Json {
  const column = ((file.detectedSchema as Json).columns as Json[]).find((candidate) => candidate.name === name);
  if (!column) throw new Error(`no column ${name}`);
  return column;
}

async function previewRows(id: string): Promise<Array<{ line: number; values: Record<string, { raw: string | null; value: unknown }> }>> {
  const response = await operator.get(`/api/v1/files/${id}/preview?limit=100`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { rows: Array<{ line: number; values: Record<string, { raw: string | null; value: unknown }> }> }).rows;
}

describe("uploads of valid provider files end ready", () => {
  it("keeps Adyen-like 16-digit PSP references beyond 2^53 as text with their exact digits", async () => {
    // Most Adyen references (88…) are below 2^53 = 9007199254740992; one above it used to be a "too large" integer error.
    const references = [...Array.from({ length: 11 }, (_, i) => `88151234567890${String(i).padStart(2, "0")}`), "9915987654321098"];
    const content = ["Company Account,Psp Reference,Gross Credit (GC),Gross Currency", ...references.map((ref, i) => `AcmeCOM,${ref},${i + 10}.00,EUR`), ""].join("\n");
    const file = await uploadAndSettle("settlement_detail_report_batch_7.csv", content);
    expect(file).toMatchObject({ status: "ready", rowCount: 12, errorCount: 0 });
    expect(columnOf(file, "Psp Reference")).toMatchObject({ type: "string" });
    const rows = await previewRows(file.id as string);
    expect(rows.map((row) => row.values["Psp Reference"]!.value)).toEqual(references);
  });

  it("does not type an Amazon-like AFN/MFN fulfillment column as a currency", async () => {
    // Mostly AFN (the Afghan afghani's code too), one MFN: once typed currency with MFN as an error.
    const lines = Array.from({ length: 12 }, (_, i) => `${1000 + i}\t${i === 5 ? "MFN" : "AFN"}\t${i + 1}.50\tEUR`);
    const content = ["settlement-id\tfulfillment-id\tamount\tcurrency", ...lines, ""].join("\n");
    const file = await uploadAndSettle("amazon_v2.txt", content);
    expect(file).toMatchObject({ status: "ready", rowCount: 12, errorCount: 0 });
    expect(columnOf(file, "fulfillment-id")).toMatchObject({ type: "string" });
    expect(columnOf(file, "currency")).toMatchObject({ type: "currency" });
  });

  it("reads a trailing line of only delimiters as a blank line, not a row", async () => {
    const content = ["id;amount;note", "1;2,50;a", "2;3,75;b", ";;;;;;", ""].join("\n");
    const file = await uploadAndSettle("semicolons.csv", content);
    expect(file).toMatchObject({ status: "ready", rowCount: 2, errorCount: 0, errors: [], rejectedLines: [] });
    expect((await previewRows(file.id as string)).map((row) => row.line)).toEqual([2, 3]);
  });

  it("demotes a date column with one bad value, with evidence, and the file is ready; a confirmed date type fails it under strict", async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `${i + 1},2026-02-${String((i % 28) + 1).padStart(2, "0")}`);
    lines[15] = "16,soon";
    const file = await uploadAndSettle("bookings.csv", ["id,booked", ...lines, ""].join("\n"));
    expect(file).toMatchObject({ status: "ready", rowCount: 30, errorCount: 0 });
    expect(columnOf(file, "booked")).toMatchObject({
      type: "string",
      evidence: "string: demoted: 1 of 30 values is not a date, e.g. line 17 'soon'; 0 null; sample: the whole file, up to 10,000 rows",
    });

    const patched = await operator.patch(`/api/v1/files/${file.id}`, { overrides: { columns: { booked: { type: "date" } } } });
    expect(patched.status).toBe(200);
    const confirmed = await settled(file.id as string);
    expect(confirmed).toMatchObject({ status: "failed", errorCount: 1 });
    expect(confirmed.errors).toEqual([
      { file: "bookings.csv", line: 17, column: 2, field: "booked", value: "soon", message: 'booked: "soon" not a date in format "yyyy-MM-dd": does not match the pattern (expected date)' },
    ]);
    expect(columnOf(confirmed, "booked")).toMatchObject({ type: "date", confirmed: true });
  });
});
