import { describe, expect, it } from "vitest";
import type { StreamDefinition } from "~/modules/streams";
import { canonicalSchemaOfAdapter } from "~/core/canonical";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import { parameterReaders } from "~/modules/streams/definition/input-fit";
import { acceptedRecords, runFilePickers, type SchemaOfAdapter } from "~/modules/streams/definition/run-file-needs";

/** The Run dialog's file pickers: what each parameter accepts, which files fit first, and a warning for a misfit. */
const definition = {
  settings: { parameters: [{ name: "bank", description: "Bank statement", required: true }, { name: "ledger", description: "GL export", required: true }] },
  steps: [
    {
      key: "match",
      name: "Match",
      ruleSetId: "rs",
      ruleSetVersion: null,
      inputs: { source: { kind: "FILE", parameter: "ledger" }, target: { kind: "FILE", parameter: "bank", accepts: "bank_statement_line" } },
    },
  ],
} as unknown as StreamDefinition;

// A stand-in for core's adapter→schema map, so the test states exactly what each format delivers.
const schemaOf: SchemaOfAdapter = (adapter) => ({ camt053: "bank_statement_line", mt940: "bank_statement_line", stripe_payouts: "payout" } as const)[adapter as "camt053"];

const files = [
  { id: "f1", name: "payouts.csv", format: { adapter: "stripe_payouts", title: "Stripe payouts", confidence: 1, overridden: false, evidence: "" } },
  { id: "f2", name: "gl.csv", format: null },
  { id: "f3", name: "statement.xml", format: { adapter: "camt053", title: "camt.053", confidence: 1, overridden: false, evidence: "" } },
];

describe("run file pickers", () => {
  it("say what a parameter accepts, with the formats that deliver it", () => {
    const [bank, ledger] = runFilePickers(definition, files, schemaOf);
    expect(bank!.accepts.map((accepted) => accepted.summary)).toEqual([expect.stringMatching(/^Bank statement lines: .*, or a CSV with a column mapping$/)]);
    expect(bank!.accepts[0]!.summary).toContain("camt.053");
    expect(ledger!.accepts).toEqual([]);
  });

  it("list the files delivering it first and warn only for a format that delivers something else", () => {
    const [bank, ledger] = runFilePickers(definition, files, schemaOf);
    expect(bank!.files.map((file) => [file.id, file.label, file.warning, file.refusal])).toEqual([
      ["f3", "statement.xml", null, null],
      ["f1", "payouts.csv", "payouts.csv is read as Stripe payouts, which delivers payouts, not bank statement lines. The run may fail or find nothing to match.", null],
      ["f2", "gl.csv", null, null],
    ]);
    expect(bank!.preselected).toBe("f3");
    expect(ledger!.files.map((file) => [file.id, file.warning])).toEqual([["f1", null], ["f2", null], ["f3", null]]);
    // Nothing is known to fit the ledger (no columns to judge by): nothing is chosen for the person.
    expect(ledger!.preselected).toBeNull();
  });

  it("show rows, upload time and tags; choose the newest file whose columns fit; refuse one lacking columns, naming them", () => {
    const ledgerRules = ruleSetDefinitionSchema.parse({
      source: { mappings: [{ field: "id", column: "entry" }, { field: "amount", column: "amount", transforms: [{ op: "parseAmount" }] }] },
      target: { mappings: [{ field: "id", column: "$remittance" }, { field: "amount", column: "$amount", transforms: [{ op: "parseAmount" }] }] },
      passes: [{ name: "id", keys: ["id"] }],
    });
    const readers = parameterReaders(definition, () => ledgerRules);
    const ledgers = [
      { id: "old", name: "gl-november.csv", format: null, columns: ["entry", "amount"], rowCount: 1204, createdAt: "2026-11-30T08:00:00.000Z", tags: ["november"] },
      { id: "new", name: "gl-december.csv", format: null, columns: ["entry", "amount", "memo"], rowCount: 1, createdAt: "2026-12-07T09:12:00.000Z", tags: [] },
      { id: "bad", name: "orders.csv", format: null, columns: ["Name", "Total"], rowCount: 12, createdAt: "2026-12-07T10:00:00.000Z", tags: ["shopify", "december"] },
    ];
    const [, ledger] = runFilePickers(definition, ledgers, schemaOf, readers);
    expect(ledger!.files.map((file) => [file.id, file.label, file.missingColumns])).toEqual([
      ["new", "gl-december.csv · 1 row · uploaded 7 Dec 2026, 09:12 UTC", []],
      ["old", "gl-november.csv · 1,204 rows · uploaded 30 Nov 2026, 08:00 UTC · november", []],
      ["bad", "orders.csv · 12 rows · uploaded 7 Dec 2026, 10:00 UTC · shopify, december — does not fit", ["entry", "amount"]],
    ]);
    expect(ledger!.preselected).toBe("new");
    // In the reader's own zone and language, as every other time on their pages.
    const [, berlin] = runFilePickers(definition, ledgers, schemaOf, readers, { timeZone: "Europe/Berlin", locale: "de-DE" });
    expect(berlin!.files[1]!.label).toBe("gl-november.csv · 1.204 rows · uploaded 30. Nov. 2026, 09:00 MEZ · november");
    expect(ledger!.files[2]!.refusal).toBe("orders.csv cannot be the “ledger” file: step “Match” (match) reads it as its source and needs columns “entry”, “amount”, which orders.csv does not have");
  });

  it("with core's adapter projections, name every format that delivers bank statement lines", () => {
    expect(acceptedRecords("bank_statement_line", canonicalSchemaOfAdapter).summary).toBe(
      "Bank statement lines: Bank account CSV (profiles), ISO 20022 camt.052 account report, ISO 20022 camt.053 bank statement, ISO 20022 camt.054 debit/credit notification, SWIFT MT940 bank statement, SWIFT MT942 interim transaction report, BAI2 balance and transaction report, or a CSV with a column mapping",
    );
  });
});
