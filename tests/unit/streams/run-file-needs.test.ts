import { describe, expect, it } from "vitest";
import type { StreamDefinition } from "~/modules/streams";
import { canonicalSchemaOfAdapter } from "~/core/canonical";
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
    expect(bank!.files).toEqual([
      { id: "f3", name: "statement.xml", warning: null },
      { id: "f1", name: "payouts.csv", warning: "payouts.csv is read as Stripe payouts, which delivers payouts, not bank statement lines. The run may fail or find nothing to match." },
      { id: "f2", name: "gl.csv", warning: null },
    ]);
    expect(ledger!.files.map((file) => [file.id, file.warning])).toEqual([["f1", null], ["f2", null], ["f3", null]]);
  });

  it("with core's adapter projections, name every format that delivers bank statement lines", () => {
    expect(acceptedRecords("bank_statement_line", canonicalSchemaOfAdapter).summary).toBe(
      "Bank statement lines: Bank account CSV (profiles), ISO 20022 camt.052 account report, ISO 20022 camt.053 bank statement, ISO 20022 camt.054 debit/credit notification, SWIFT MT940 bank statement, SWIFT MT942 interim transaction report, BAI2 balance and transaction report, or a CSV with a column mapping",
    );
  });
});
