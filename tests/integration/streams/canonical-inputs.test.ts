import { readFileSync } from "node:fs";
import path from "node:path";
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAdapter } from "~/core/adapters";
import { withCanonicalColumns } from "~/core/canonical";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import { createRuleSet } from "~/modules/rule-sets/rule-sets.server";
import { createTestOrg, type TestOrg } from "../../support/factories";
import { startTestWorker, waitForRunEnd } from "../../support/streams";
import { uploadAndProfile } from "../../support/uploads";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

/**
 * A stream FILE input that accepts bank statement lines takes any file whose
 * format delivers them — a camt.053, an MT940, a plain CSV recognized as a
 * saved column mapping — and its rule set maps only the `$` columns; a file
 * read as something else is refused when the run is asked for, saying what
 * it gives and which columns it lacks. Run by the real worker.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let baseUrl: string;
let org: TestOrg;
let operator: ApiClient;
let admin: ApiClient;
let runner: Runner;
let streamId: string;

const FIXTURES = path.resolve("tests/fixtures/adapters");
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

const MAPPED_CSV = "Tag;Summe;Vermerk\r\n03.12.2026;1.234,56;Zahlung RE-1001\r\n05.12.2026;-45,10;Kontoführung\r\n";

/** Each statement line against itself by day and amount: it needs the `$` columns and nothing of any one bank's layout. */
const canonicalSelfMatch = ruleSetDefinitionSchema.parse({
  source: { mappings: [{ field: "id", column: "$booking_date" }, { field: "amount", column: "$amount", transforms: [{ op: "parseAmount" }] }, { field: "currency", column: "$currency" }] },
  target: { mappings: [{ field: "id", column: "$booking_date" }, { field: "amount", column: "$amount", transforms: [{ op: "parseAmount" }] }, { field: "currency", column: "$currency" }] },
  passes: [{ name: "day and amount", keys: ["id"], amount: { toleranceMinor: 0 } }],
});

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg("Canonical Streams AG");
  operator = apiClient(baseUrl, org.keys.operator);
  admin = apiClient(baseUrl, org.keys.admin);
  runner = await startTestWorker(2);
  const mapping = await admin.post("/api/v1/column-mappings", {
    name: "Hausbank CSV",
    schema: "bank_statement_line",
    signature: { columns: ["Tag", "Summe", "Vermerk"] },
    fields: {
      booking_date: { column: "Tag", format: "dd.MM.yyyy" },
      amount: { column: "Summe", decimalSeparator: ",", thousandsSeparator: "." },
      currency: { fixed: "EUR" },
      remittance: { column: "Vermerk" },
    },
  });
  expect(mapping.status).toBe(201);
  const ruleSetId = (await createRuleSet(org.ownerCtx, { name: "Statement lines, canonically", definition: canonicalSelfMatch })).ruleSet.id;
  const bankInput = { kind: "FILE", parameter: "bank", accepts: "bank_statement_line" };
  const created = await admin.post("/api/v1/streams", {
    name: "Any bank",
    definition: {
      settings: { parameters: [{ name: "bank", description: "A bank statement in any recognized format" }] },
      steps: [{ key: "bank", name: "Bank lines", ruleSetId, ruleSetVersion: 1, retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 10 }, inputs: { source: bankInput, target: bankInput } }],
    },
  });
  expect(created.status, await created.clone().text()).toBe(201);
  streamId = ((await created.json()) as Json).id;
}, 180_000);

afterAll(async () => {
  await runner?.stop();
});

function upload(name: string, bytes: Uint8Array): Promise<Json> {
  return uploadAndProfile(baseUrl, org.keys.operator, name, bytes);
}

async function runOn(fileId: string): Promise<{ run: Json; step: Json }> {
  const started = await operator.post(`/api/v1/streams/${streamId}/runs`, { parameters: { bank: fileId } });
  expect(started.status).toBe(202);
  const run = await waitForRunEnd(operator, ((await started.json()) as Json).id);
  const steps = ((await (await operator.get(`/api/v1/stream-runs/${run.id}/steps`)).json()) as Json).data as Json[];
  return { run, step: steps[0]! };
}

describe("a FILE input that accepts bank statement lines", () => {
  it.each([
    ["camt/camt053-envelope.v04.xml", "camt053"],
    ["mt940.sta", "mt940"],
  ])("reads %s through its recognized adapter with the $ columns the rule set maps", async (fixtureName, adapterName) => {
    const fileName = path.basename(fixtureName);
    const bytes = fixture(fixtureName);
    const file = await upload(fileName, bytes);
    expect({ adapter: file.format.adapter, canonicalSchema: file.format.canonicalSchema }).toEqual({ adapter: adapterName, canonicalSchema: "bank_statement_line" });
    const { run, step } = await runOn(file.id);
    expect({ run: run.state, step: step.state, failure: step.failure }).toEqual({ run: "succeeded", step: "succeeded", failure: null });
    const records = withCanonicalColumns(adapterName, getAdapter(adapterName)!.read(bytes, { sourceId: file.id, fileName }), { fileName });
    expect(step.resolvedInputs.source).toMatchObject({ kind: "FILE", parameter: "bank", adapter: adapterName, fileId: file.id, rowCount: records.rowCount });
  });

  it("reads a plain CSV through the saved column mapping it was recognized as", async () => {
    const file = await upload("hausbank.csv", Buffer.from(MAPPED_CSV, "utf8"));
    expect(file.format.mapping?.name).toBe("Hausbank CSV");
    const { run, step } = await runOn(file.id);
    expect({ run: run.state, step: step.state, failure: step.failure }).toEqual({ run: "succeeded", step: "succeeded", failure: null });
    expect(step.resolvedInputs.source).toMatchObject({ kind: "FILE", parameter: "bank", fileId: file.id, mapping: `${file.format.mapping.id}@1`, rowCount: 2 });
    expect(step.resolvedInputs.source.adapter).toBeUndefined();
  });

  it("refuses, before the run starts, a file read as something that is not bank statement lines", async () => {
    const file = await upload("statement.csv", fixture("stripe_payouts.csv"));
    expect(file.format.adapter).toBe("stripe_payouts");
    const started = await operator.post(`/api/v1/streams/${streamId}/runs`, { parameters: { bank: file.id } });
    expect(started.status).toBe(422);
    const problem = (await started.json()) as Json;
    // One problem per side reading the parameter: the step reads the file as both.
    expect(problem.errors.map((located: Json) => [located.pointer, located.file, located.step, located.input, located.missingColumns])).toEqual([
      ["/parameters/bank", "statement.csv", "bank", "/steps/0/inputs/source", ["$booking_date"]],
      ["/parameters/bank", "statement.csv", "bank", "/steps/0/inputs/target", ["$booking_date"]],
    ]);
    expect(problem.errors[0].message).toBe(
      "statement.csv cannot be the “bank” file: step “Bank lines” (bank) reads it as its source and needs column “$booking_date”, which statement.csv does not have; " +
        "it accepts bank statement lines, and statement.csv gives payouts — choose its format or a column mapping",
    );
  });

  it("reads a strict camt.053 whose batch lists its transactions without amounts: the batch is one statement line with the entry's amount", async () => {
    const bytes = fixture("camt053.xml");
    const file = await upload("camt053.xml", bytes);
    const { run, step } = await runOn(file.id);
    expect({ run: run.state, step: step.state, failure: step.failure }).toEqual({ run: "succeeded", step: "succeeded", failure: null });
    // Four entries, four lines: the batch of two (entry 3, 300.00) is not itemized into amountless lines.
    expect(step.resolvedInputs.source).toMatchObject({ kind: "FILE", parameter: "bank", adapter: "camt053", fileId: file.id, rowCount: 4 });
    const table = withCanonicalColumns("camt053", getAdapter("camt053")!.read(bytes, { sourceId: file.id, fileName: "camt053.xml" }), { fileName: "camt053.xml" });
    expect(table.cells[table.columns.indexOf("$amount")]).toEqual(["1140.71", "-250.00", "300.00", "-89.90"]);
  });

  it("refuses a plain table that no mapping reads, naming the columns it lacks and what to change", async () => {
    const file = await upload("ledger.csv", Buffer.from("entry,amount\nJ-1,10.00\n", "utf8"));
    const started = await operator.post(`/api/v1/streams/${streamId}/runs`, { parameters: { bank: file.id } });
    expect(started.status).toBe(422);
    const problem = (await started.json()) as Json;
    expect(problem.errors[0]).toMatchObject({
      pointer: "/parameters/bank",
      missingColumns: ["$booking_date", "$amount", "$currency"],
      message:
        "ledger.csv cannot be the “bank” file: step “Bank lines” (bank) reads it as its source and needs columns “$booking_date”, “$amount”, “$currency”, which ledger.csv does not have; " +
        "it accepts bank statement lines, and ledger.csv is read as a plain table, which gives none — choose its format or a column mapping",
    });
  });
});
