import { readFileSync } from "node:fs";
import path from "node:path";
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAdapter } from "~/core/adapters";
import { canonicalSchemaOfAdapter, withCanonicalColumns } from "~/core/canonical";
import type { RawTable } from "~/core/engine/types";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import { startQuickRun } from "~/modules/reconciliations/quick-run.server";
import { createRuleSet } from "~/modules/rule-sets/rule-sets.server";
import { createTestOrg, problemOf, type TestOrg } from "../../support/factories";
import { startTestWorker, waitFor } from "../../support/streams";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

/**
 * Provider and bank files are recognized at upload by their signature and
 * profiled through their adapter: ready (not failed by the generic CSV
 * profiler), the adapter's columns and records in the profile and preview,
 * and accepted as they are by the classic reconciliations API and Quick Run.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let baseUrl: string;
let org: TestOrg;
let otherOrg: TestOrg;
let operator: ApiClient;
let runner: Runner;
let selfMatchRuleSetId: string;

const FIXTURES = path.resolve("tests/fixtures/adapters");
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

/** Every row against its copy by the signed amount: enough to prove the engine received the adapter's records. */
const selfMatch = ruleSetDefinitionSchema.parse({
  source: { mappings: [{ field: "id", column: "@amount" }, { field: "amount", column: "@amount", transforms: [{ op: "parseAmount" }] }, { field: "currency", column: "@currency" }] },
  target: { mappings: [{ field: "id", column: "@amount" }, { field: "amount", column: "@amount", transforms: [{ op: "parseAmount" }] }, { field: "currency", column: "@currency" }] },
  passes: [{ name: "amount", keys: ["id"], amount: { toleranceMinor: 0 } }],
});

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg("Recognized Ltd");
  otherOrg = await createTestOrg("Elsewhere Ltd");
  operator = apiClient(baseUrl, org.keys.operator);
  runner = await startTestWorker(2);
  selfMatchRuleSetId = (await createRuleSet(org.ownerCtx, { name: "Self match by amount", definition: selfMatch })).ruleSet.id;
}, 180_000);

afterAll(async () => {
  await runner?.stop();
});

async function upload(name: string, bytes: Uint8Array): Promise<Json> {
  return uploadTo(name, bytes, org.keys.operator);
}

async function uploadTo(name: string, bytes: Uint8Array, key: string): Promise<Json> {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${baseUrl}/api/v1/files`, { method: "POST", body: form, headers: { Authorization: `Bearer ${key}` } });
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  return profiled(id, key);
}

async function profiled(id: string, key = org.keys.operator): Promise<Json> {
  const api = apiClient(baseUrl, key);
  return waitFor(async () => {
    const file = (await (await api.get(`/api/v1/files/${id}`)).json()) as Json;
    return file.status === "processing" ? undefined : file;
  }, 60_000, `profiling of ${id}`);
}

function readDirectly(adapterName: string, bytes: Uint8Array, fileId: string, fileName: string): RawTable {
  return getAdapter(adapterName)!.read(bytes, { sourceId: fileId, fileName });
}

const PROVIDER_FILES: Array<[string, string]> = [
  ["adyen_settlement_detail_report_batch_42.csv", "adyen_settlement_details"],
  ["amazon_settlement_v2_us.txt", "amazon_settlement_v2"],
  ["STL-20260302.01.009.CSV", "paypal_stl"],
  ["stripe_payout_itemized.csv", "stripe_payout_itemized"],
  ["stripe_balance_history.csv", "stripe_balance_history"],
  ["stripe_payouts.csv", "stripe_payouts"],
  ["shopify_orders_export.csv", "shopify_orders"],
  ["mt940.sta", "mt940"],
  ["camt053.xml", "camt053"],
  ["bai2.txt", "bai2"],
];

async function waitForReconciliation(id: string): Promise<Json> {
  return waitFor(async () => {
    const reconciliation = (await (await operator.get(`/api/v1/reconciliations/${id}`)).json()) as Json;
    return reconciliation.status === "completed" || reconciliation.status === "failed" ? reconciliation : undefined;
  }, 90_000, `reconciliation ${id}`);
}

describe.each(PROVIDER_FILES)("an uploaded %s", (fileName, adapterName) => {
  it(`is recognized as ${adapterName}, ready, with the adapter's columns and records in its profile and preview`, async () => {
    const bytes = fixture(fileName);
    const file = await upload(fileName, bytes);
    const records = readDirectly(adapterName, bytes, file.id, fileName);
    expect({ status: file.status, errors: file.errors, adapter: file.format.adapter, title: file.format.title, overridden: file.format.overridden }).toEqual({
      status: "ready",
      // A file's findings are its reader's warnings (the camt.053 fixture's batch kept whole, for one); none is an error.
      errors: (records as { warnings?: unknown[] }).warnings ?? [],
      adapter: adapterName,
      title: getAdapter(adapterName)!.title,
      overridden: false,
    });
    expect(file.format.confidence).toBeGreaterThanOrEqual(0.7);
    expect(file.detectedSchema.format).toBe("adapter");
    expect(file.detectedSchema.columns.map((column: Json) => column.name)).toEqual(records.columns);
    expect(file.rowCount).toBe(records.rowCount);

    const preview = (await (await operator.get(`/api/v1/files/${file.id}/preview?limit=3`)).json()) as Json;
    // The preview shows what a stream step reads: the adapter's columns, then the canonical `$` columns it delivers.
    expect(preview.columns).toEqual(withCanonicalColumns(adapterName, records, { fileName, policy: "lenient" }).columns);
    expect(file.format.canonicalSchema).toBe(canonicalSchemaOfAdapter(adapterName) ?? null);
    expect(preview.rows.map((row: Json) => row.line)).toEqual([...records.provenance.line.slice(0, 3)]);
    const amounts = records.columns.indexOf("@amount");
    expect(preview.rows.map((row: Json) => row.values["@amount"].raw)).toEqual(records.cells[amounts]!.slice(0, 3));
  }, 60_000);

  it("is accepted as it is by the classic reconciliations API and by Quick Run, which run to completion on its records", async () => {
    const bytes = fixture(fileName);
    const source = await upload(`a-${fileName}`, bytes);
    const target = await upload(`b-${fileName}`, bytes);
    const rows = readDirectly(adapterName, bytes, source.id, fileName).rowCount;

    const created = await operator.post("/api/v1/reconciliations", { name: `classic ${fileName}`, sourceFileId: source.id, targetFileId: target.id, ruleSetId: selfMatchRuleSetId });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as Json;
    expect((await operator.post(`/api/v1/reconciliations/${id}/start`)).status).toBe(202);
    const classic = await waitForReconciliation(id);
    expect({ status: classic.status, sourceRows: classic.summary?.sourceRows, targetRows: classic.summary?.targetRows }).toEqual({ status: "completed", sourceRows: rows, targetRows: rows });

    const quick = await startQuickRun(org.ownerCtx, { name: `quick ${fileName}`, sourceFileId: source.id, targetFileId: target.id, definition: selfMatch });
    const quickRun = await waitForReconciliation(quick.reconciliation.id);
    expect({ status: quickRun.status, sourceRows: quickRun.summary?.sourceRows }).toEqual({ status: "completed", sourceRows: rows });
  }, 60_000);
});

describe("choosing a file's format", () => {
  it("reads a recognized file as a plain table when asked, which the generic profiler fails on an STL report", async () => {
    const file = await upload("STL-plain.CSV", fixture("STL-20260302.01.009.CSV"));
    const patched = await operator.patch(`/api/v1/files/${file.id}`, { format: { adapter: null } });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as Json).status).toBe("processing");
    const plain = await profiled(file.id);
    expect({ status: plain.status, adapter: plain.format.adapter, overridden: plain.format.overridden }).toEqual({ status: "failed", adapter: null, overridden: true });
    expect(plain.errorCount).toBeGreaterThan(0);

    const back = await operator.patch(`/api/v1/files/${file.id}`, { format: null });
    expect(back.status).toBe(200);
    const recognizedAgain = await profiled(file.id);
    expect({ status: recognizedAgain.status, adapter: recognizedAgain.format.adapter, overridden: recognizedAgain.format.overridden }).toEqual({ status: "ready", adapter: "paypal_stl", overridden: false });
  });

  it("reads a plain table through another adapter when asked, and fails it with that adapter's located errors when it does not fit", async () => {
    const bank = await upload("bank_debit_credit.csv", fixture("bank_debit_credit.csv"));
    expect(bank.format).toMatchObject({ adapter: null, overridden: false });
    await operator.patch(`/api/v1/files/${bank.id}`, { format: { adapter: "bank_csv" } });
    const asBank = await profiled(bank.id);
    const records = readDirectly("bank_csv", fixture("bank_debit_credit.csv"), bank.id, "bank_debit_credit.csv");
    expect({ status: asBank.status, format: asBank.format.adapter, overridden: asBank.format.overridden, rowCount: asBank.rowCount }).toEqual({
      status: "ready",
      format: "bank_csv",
      overridden: true,
      rowCount: records.rowCount,
    });

    const ledger = await upload("ledger.csv", Buffer.from("id,amount\n1,2.00\n"));
    await operator.patch(`/api/v1/files/${ledger.id}`, { format: { adapter: "bank_csv" } });
    const failed = await profiled(ledger.id);
    expect(failed.status).toBe("failed");
    expect(failed.errors).toEqual([expect.objectContaining({ file: "ledger.csv", line: 1, message: expect.stringContaining("the header fits no bank CSV profile") })]);
    const preview = await operator.get(`/api/v1/files/${ledger.id}/preview`);
    expect(preview.status).toBe(422);
  });

  it("refuses an adapter that does not exist at /format/adapter, and another org's file is a 404", async () => {
    const file = await upload("payouts.csv", fixture("stripe_payouts.csv"));
    const unknown = await operator.patch(`/api/v1/files/${file.id}`, { format: { adapter: "quickbooks" } });
    expect(unknown.status).toBe(422);
    expect(((await problemOf(unknown)).errors as Json[])).toEqual([{ pointer: "/format/adapter", message: "no format adapter 'quickbooks'" }]);

    const elsewhere = apiClient(baseUrl, otherOrg.keys.operator);
    const foreign = await elsewhere.patch(`/api/v1/files/${file.id}`, { format: { adapter: null } });
    expect(foreign.status).toBe(404);
    expect((await profiled(file.id)).format).toMatchObject({ adapter: "stripe_payouts", overridden: false });
  });
});

describe("a bank statement uploaded again", () => {
  it("is flagged as a duplicate statement of the first upload although its bytes differ, and a different statement is not", async () => {
    // An org of its own: the provider tests above upload the same fixtures.
    const bank = await createTestOrg("Statements GmbH");
    const upload = (name: string, bytes: Uint8Array) => uploadTo(name, bytes, bank.keys.operator);
    const text = fixture("mt940.sta").toString("latin1").replace(/\r\n/g, "\n");
    const first = await upload("statement.sta", Buffer.from(text, "latin1"));
    // The same statements re-exported with CRLF line ends: other bytes, same statements.
    const again = await upload("statement-again.sta", Buffer.from(text.replace(/\n/g, "\r\n"), "latin1"));
    expect({ duplicateOf: again.duplicateOf, duplicateStatementOf: again.duplicateStatementOf }).toEqual({ duplicateOf: null, duplicateStatementOf: first.id });
    expect(first.duplicateStatementOf).toBeNull();

    const other = await upload("other.sta", Buffer.from(text.replace(/:28C:(\d+)/g, ":28C:9$1"), "latin1"));
    expect({ status: other.status, duplicateStatementOf: other.duplicateStatementOf }).toEqual({ status: "ready", duplicateStatementOf: null });

    const camt = await upload("camt.xml", fixture("camt053.xml"));
    // Re-indented by another export run: other bytes, the same Stmt/Id and account.
    const camtAgain = await upload("camt-again.xml", Buffer.from(fixture("camt053.xml").toString("utf8").replace(/\n {2}/g, "\n    ")));
    expect({ duplicateOf: camtAgain.duplicateOf, duplicateStatementOf: camtAgain.duplicateStatementOf }).toEqual({ duplicateOf: null, duplicateStatementOf: camt.id });
  });
});
