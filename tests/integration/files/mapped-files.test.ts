import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import { createRuleSet } from "~/modules/rule-sets/rule-sets.server";
import { createTestOrg, problemOf, type TestOrg } from "../../support/factories";
import { startTestWorker, waitFor } from "../../support/streams";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

/**
 * A plain CSV whose header fits one of the org's saved column mappings is
 * recognized as that mapping at upload: its format names the mapping and the
 * canonical records it delivers, its preview shows the `$` columns, a person
 * can read it as a plain table and back, and the classic reconciliations API
 * reads it through the mapping.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let baseUrl: string;
let org: TestOrg;
let otherOrg: TestOrg;
let operator: ApiClient;
let admin: ApiClient;
let runner: Runner;
let mapping: Json;

/** A house bank's download: semicolons, day-first dates, decimal commas with dot grouping, one signed amount. */
const HAUSBANK_CSV = [
  "Tag;Wert;Summe;Vermerk;Gegenkonto",
  "03.12.2026;04.12.2026;1.234,56;Zahlung RE-1001;DE02120300000000202051",
  "05.12.2026;05.12.2026;-45,10;Kontoführung;",
  "",
].join("\r\n");

const HAUSBANK_MAPPING = {
  name: "Hausbank CSV",
  schema: "bank_statement_line",
  signature: { columns: ["Tag", "Wert", "Summe", "Vermerk"] },
  fields: {
    booking_date: { column: "Tag", format: "dd.MM.yyyy" },
    value_date: { column: "Wert", format: "dd.MM.yyyy" },
    amount: { column: "Summe", decimalSeparator: ",", thousandsSeparator: "." },
    currency: { fixed: "EUR" },
    remittance: { column: "Vermerk" },
    counterparty_account: { column: "Gegenkonto" },
  },
};

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg("Hausbank Kunde GmbH");
  otherOrg = await createTestOrg("Anderswo GmbH");
  operator = apiClient(baseUrl, org.keys.operator);
  admin = apiClient(baseUrl, org.keys.admin);
  runner = await startTestWorker(2);
  const response = await admin.post("/api/v1/column-mappings", HAUSBANK_MAPPING);
  expect(response.status).toBe(201);
  mapping = (await response.json()) as Json;
}, 180_000);

afterAll(async () => {
  await runner?.stop();
});

async function upload(name: string, text: string, key = org.keys.operator): Promise<Json> {
  const form = new FormData();
  form.append("file", new Blob([Buffer.from(text, "utf8")]), name);
  const response = await fetch(`${baseUrl}/api/v1/files`, { method: "POST", body: form, headers: { Authorization: `Bearer ${key}` } });
  expect(response.status).toBe(201);
  return profiled(((await response.json()) as Json).id, key);
}

async function profiled(id: string, key = org.keys.operator): Promise<Json> {
  const api = apiClient(baseUrl, key);
  return waitFor(async () => {
    const file = (await (await api.get(`/api/v1/files/${id}`)).json()) as Json;
    return file.status === "processing" ? undefined : file;
  }, 60_000, `profiling of ${id}`);
}

async function previewOf(id: string): Promise<Json> {
  const response = await operator.get(`/api/v1/files/${id}/preview?limit=5`);
  expect(response.status).toBe(200);
  return (await response.json()) as Json;
}

const mappingView = () => ({ id: mapping.id, name: "Hausbank CSV", version: 1, schema: "bank_statement_line" });

describe("a plain CSV whose header fits a saved column mapping", () => {
  it("is recognized as the mapping, delivers bank statement lines, and previews with the $ columns", async () => {
    const file = await upload("umsaetze.csv", HAUSBANK_CSV);
    expect(file.status).toBe("ready");
    expect(file.format).toEqual({
      adapter: null,
      title: "Hausbank CSV",
      confidence: 1,
      overridden: false,
      evidence: "the header has the 4 columns of the saved column mapping 'Hausbank CSV' (bank statement lines)",
      mapping: mappingView(),
      canonicalSchema: "bank_statement_line",
    });

    const preview = await previewOf(file.id);
    expect(preview.columns).toEqual([
      "Tag",
      "Wert",
      "Summe",
      "Vermerk",
      "Gegenkonto",
      ...["amount", "currency", "booking_date", "value_date", "direction", "description", "remittance", "reference", "bank_reference", "counterparty_name", "counterparty_account", "transaction_code", "account", "statement_id"].map((field) => `$${field}`),
    ]);
    const canonical = preview.rows.map((row: Json) => ({
      line: row.line,
      amount: row.values.$amount.raw,
      currency: row.values.$currency.raw,
      booked: row.values.$booking_date.raw,
      direction: row.values.$direction.raw,
      counterparty: row.values.$counterparty_account.raw,
    }));
    expect(canonical).toEqual([
      { line: 2, amount: "1234.56", currency: "EUR", booked: "2026-12-03", direction: "credit", counterparty: "DE02120300000000202051" },
      { line: 3, amount: "-45.10", currency: "EUR", booked: "2026-12-05", direction: "debit", counterparty: null },
    ]);
  });

  it("is read as a plain table when a person chooses, without $ columns, and through the mapping again when chosen", async () => {
    const file = await upload("umsaetze-2.csv", HAUSBANK_CSV);
    expect((await operator.patch(`/api/v1/files/${file.id}`, { format: { adapter: null } })).status).toBe(200);
    const plain = await profiled(file.id);
    expect({ status: plain.status, adapter: plain.format.adapter, mapping: plain.format.mapping, canonicalSchema: plain.format.canonicalSchema, overridden: plain.format.overridden }).toEqual({
      status: "ready",
      adapter: null,
      mapping: null,
      canonicalSchema: null,
      overridden: true,
    });
    expect((await previewOf(file.id)).columns).toEqual(["Tag", "Wert", "Summe", "Vermerk", "Gegenkonto"]);

    expect((await operator.patch(`/api/v1/files/${file.id}`, { format: { mapping: mapping.id } })).status).toBe(200);
    const mapped = await profiled(file.id);
    expect({ status: mapped.status, title: mapped.format.title, mapping: mapped.format.mapping, canonicalSchema: mapped.format.canonicalSchema, overridden: mapped.format.overridden }).toEqual({
      status: "ready",
      title: "Hausbank CSV",
      mapping: mappingView(),
      canonicalSchema: "bank_statement_line",
      overridden: true,
    });
    expect((await previewOf(file.id)).columns).toContain("$amount");
  });

  it("keeps the version of the mapping it was recognized with when the mapping changes", async () => {
    const org2 = await createTestOrg("Versioned GmbH");
    const admin2 = apiClient(baseUrl, org2.keys.admin);
    const own = (await (await admin2.post("/api/v1/column-mappings", HAUSBANK_MAPPING)).json()) as Json;
    const file = await upload("umsaetze-3.csv", HAUSBANK_CSV, org2.keys.operator);
    expect((await admin2.patch(`/api/v1/column-mappings/${own.id}`, { fields: { ...HAUSBANK_MAPPING.fields, amount: { ...HAUSBANK_MAPPING.fields.amount, negate: true } } })).status).toBe(200);
    const after = (await (await apiClient(baseUrl, org2.keys.operator).get(`/api/v1/files/${file.id}`)).json()) as Json;
    expect(after.format.mapping).toEqual({ id: own.id, name: "Hausbank CSV", version: 1, schema: "bank_statement_line" });
  });

  it("is not recognized in another org, whose mapping ids are refused at /format/mapping", async () => {
    const foreign = await upload("umsaetze.csv", HAUSBANK_CSV, otherOrg.keys.operator);
    expect({ adapter: foreign.format.adapter, mapping: foreign.format.mapping, canonicalSchema: foreign.format.canonicalSchema }).toEqual({ adapter: null, mapping: null, canonicalSchema: null });
    const refused = await apiClient(baseUrl, otherOrg.keys.operator).patch(`/api/v1/files/${foreign.id}`, { format: { mapping: mapping.id } });
    expect(refused.status).toBe(422);
    expect((await problemOf(refused)).errors).toEqual([{ pointer: "/format/mapping", message: `no column mapping '${mapping.id}'` }]);
  });

  it("is read through its mapping by the classic reconciliations API", async () => {
    const source = await upload("source.csv", HAUSBANK_CSV);
    const target = await upload("target.csv", HAUSBANK_CSV);
    // Only the `$` columns: a run that did not read the file through its mapping has no such columns and fails.
    const definition = ruleSetDefinitionSchema.parse({
      source: { mappings: [{ field: "id", column: "$booking_date" }, { field: "amount", column: "$amount", transforms: [{ op: "parseAmount" }] }, { field: "currency", column: "$currency" }] },
      target: { mappings: [{ field: "id", column: "$booking_date" }, { field: "amount", column: "$amount", transforms: [{ op: "parseAmount" }] }, { field: "currency", column: "$currency" }] },
      passes: [{ name: "day and amount", keys: ["id"], amount: { toleranceMinor: 0 } }],
    });
    const ruleSetId = (await createRuleSet(org.ownerCtx, { name: "Canonical self match", definition })).ruleSet.id;
    const created = await operator.post("/api/v1/reconciliations", { name: "mapped classic", sourceFileId: source.id, targetFileId: target.id, ruleSetId });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as Json;
    expect((await operator.post(`/api/v1/reconciliations/${id}/start`)).status).toBe(202);
    const done = await waitFor(async () => {
      const reconciliation = (await (await operator.get(`/api/v1/reconciliations/${id}`)).json()) as Json;
      return reconciliation.status === "completed" || reconciliation.status === "failed" ? reconciliation : undefined;
    }, 90_000, `reconciliation ${id}`);
    expect({ status: done.status, sourceRows: done.summary?.sourceRows, matched: done.summary?.matched }).toEqual({ status: "completed", sourceRows: 2, matched: 2 });
  });
});
