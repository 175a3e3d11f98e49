import { readFileSync } from "node:fs";
import path from "node:path";
import type { Runner } from "graphile-worker";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packArchive } from "~/modules/templates/packs/pack-commands.server";
import { getDb } from "~/platform/db/client";
import { columnMappings, exceptions } from "~/platform/db/schema";
import { createTestOrg, type TestOrg } from "../../support/factories";
import { startTestWorker, waitForRunEnd } from "../../support/streams";
import { uploadAndProfile } from "../../support/uploads";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

/**
 * A pack whose inputs declare the canonical records they accept, and which
 * ships a column mapping for an ERP export no adapter reads: instantiation
 * saves the mapping as the org's (once per pack version) and writes streams
 * whose FILE inputs accept the schema with no adapter, so the customer's own
 * bank format and the ERP export both feed the pack's `$` rule sets.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PACK = path.resolve("tests/fixtures/packs/canonical-cash");

let baseUrl: string;
let org: TestOrg;
let admin: ApiClient;
let runner: Runner;
let instantiation: Json;

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg("Any Bank KK");
  admin = apiClient(baseUrl, org.keys.admin);
  runner = await startTestWorker(2);
  const form = new FormData();
  form.append("file", new Blob([Buffer.from(await packArchive(PACK))], { type: "application/gzip" }), "pack.tgz");
  const uploaded = await fetch(`${baseUrl}/api/v1/templates`, { method: "POST", body: form, headers: { Authorization: `Bearer ${org.keys.admin}` } });
  expect(uploaded.status, await uploaded.clone().text()).toBe(201);
  const response = await admin.post("/api/v1/templates/canonical-cash/instantiate", { name: "Cash" });
  expect(response.status, await response.clone().text()).toBe(201);
  instantiation = (await response.json()) as Json;
}, 180_000);

afterAll(async () => {
  await runner?.stop();
});

function upload(name: string, bytes: Uint8Array): Promise<Json> {
  return uploadAndProfile(baseUrl, org.keys.operator, name, bytes);
}

describe("instantiating a pack with accepts inputs and column mappings", () => {
  it("saves the pack's mapping as the org's, marked with the pack, version and key", async () => {
    expect(instantiation.columnMappings).toEqual([{ key: "erp_gl", id: expect.stringMatching(/^cmap_/), name: "ERP cash ledger export", created: true }]);
    const mapping = (await (await admin.get(`/api/v1/column-mappings/${instantiation.columnMappings[0].id}`)).json()) as Json;
    expect({ schema: mapping.schema, template: mapping.template, version: mapping.version }).toEqual({
      schema: "ledger_entry",
      template: { id: "canonical-cash", version: "0.1.0", key: "erp_gl" },
      version: 1,
    });
  });

  it("writes streams whose FILE inputs accept the schema and name no adapter", async () => {
    const stream = (await (await admin.get(`/api/v1/streams/${instantiation.streams[0].id}`)).json()) as Json;
    expect(stream.definition.steps[0].inputs).toEqual({
      source: { kind: "FILE", parameter: "bank", accepts: "bank_statement_line" },
      target: { kind: "FILE", parameter: "gl", accepts: "ledger_entry" },
    });
  });

  it("instantiated again, reuses the saved mapping rather than adding a copy", async () => {
    const again = (await (await admin.post("/api/v1/templates/canonical-cash/instantiate", { name: "Cash again" })).json()) as Json;
    expect(again.columnMappings).toEqual([{ ...instantiation.columnMappings[0], created: false }]);
    const saved = await getDb()
      .select({ id: columnMappings.id })
      .from(columnMappings)
      .where(and(eq(columnMappings.orgId, org.orgId), eq(columnMappings.templateId, "canonical-cash")));
    expect(saved).toEqual([{ id: instantiation.columnMappings[0].id }]);
  });

  it("runs on the customer's camt.053 and the ERP export recognized as the pack's mapping, as pack:test expects", async () => {
    const bank = await upload("statement.camt053.xml", readFileSync(path.join(PACK, "samples/statement.camt053.xml")));
    const gl = await upload("gl_cash.csv", readFileSync(path.join(PACK, "samples/gl_cash.csv")));
    expect({ bank: bank.format.canonicalSchema, gl: gl.format.canonicalSchema, glMapping: gl.format.mapping?.id }).toEqual({
      bank: "bank_statement_line",
      gl: "ledger_entry",
      glMapping: instantiation.columnMappings[0].id,
    });
    const started = await apiClient(baseUrl, org.keys.operator).post(`/api/v1/streams/${instantiation.streams[0].id}/runs`, { parameters: { bank: bank.id, gl: gl.id } });
    expect(started.status).toBe(202);
    const run = await waitForRunEnd(admin, ((await started.json()) as Json).id);
    expect(run.state).toBe("succeeded");
    const raised = await getDb().select({ type: exceptions.type, amountMinor: exceptions.amountMinor, currency: exceptions.currency }).from(exceptions).where(eq(exceptions.streamRunId, run.id as string));
    const expected = JSON.parse(readFileSync(path.join(PACK, "expected/cash.json"), "utf8")) as { exceptions: Json[] };
    expect(raised.map((exception) => ({ ...exception, amountMinor: Number(exception.amountMinor) }))).toEqual(
      expected.exceptions.map((exception) => ({ type: exception.type, amountMinor: exception.amountMinor, currency: exception.currency })),
    );
  });
});
