import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalReader } from "~/modules/streams/runtime/artifacts/artifact-csv";
import { packJsonSchema } from "~/modules/templates/packs/json-schema";
import { testPack, validatePack } from "~/modules/templates/packs/pack-commands.server";
import type { StreamTestResult } from "~/modules/templates/packs/pack-test";

/**
 * The golden tests of the shipped packs: `npm test` runs the same pack:test
 * the CLI runs, for every pack in plugins/, and the e-commerce pack's result
 * is checked record by record against the generator's answer key.
 */
const PLUGINS = path.resolve("plugins");
const packs = readdirSync(PLUGINS, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);

describe("the packs in plugins/", () => {
  it("are the four industry packs", () => {
    expect(packs.sort()).toEqual(["banking-cash", "ecommerce-payouts", "supply-chain-three-way", "trading-ops"]);
  });

  for (const pack of packs) {
    it(`${pack} validates and every stream's outcome on its samples equals expected/`, async () => {
      const report = await testPack(path.join(PLUGINS, pack));
      expect(report.checked.problems).toEqual([]);
      expect(report.results.length).toBeGreaterThan(0);
      expect(Object.fromEntries(report.results.map((result) => [result.stream, result.diff]))).toEqual(Object.fromEntries(report.results.map((result) => [result.stream, []])));
      expect(report.passed).toBe(true);
    }, 60_000);
  }

  it("plugins/pack.schema.json is the schema generated from the zod manifest schema (regenerate with npm run cli -- pack:schema)", () => {
    expect(JSON.parse(readFileSync(path.join(PLUGINS, "pack.schema.json"), "utf8"))).toEqual(JSON.parse(JSON.stringify(packJsonSchema())));
  });
});

interface AnswerKey {
  orders_vs_charges: { orders: Record<string, { status: string }>; charges: Record<string, { status: string }> };
  charges_vs_payouts: { payouts: Record<string, { status: string }> };
  payouts_vs_bank: { payouts: Record<string, { status: string }>; bank: Record<string, { status: string }> };
}

describe("the e-commerce pack on the generator's sample", () => {
  const answerKey = JSON.parse(readFileSync(path.join(PLUGINS, "ecommerce-payouts/expected/stripe_answer_key.json"), "utf8")) as AnswerKey;
  let stream: StreamTestResult;

  const outcomes = (universe: Record<string, { status: string }>, flagged: Map<string, string>) => Object.fromEntries(Object.keys(universe).map((id) => [id, flagged.get(id) ?? "MATCHED"]));
  const expected = (section: Record<string, { status: string }>) => Object.fromEntries(Object.entries(section).map(([id, outcome]) => [id, outcome.status]));

  /** Record id → exception type (or EXCLUDED) for one step and side; `key` names a record as the answer key does. */
  function flaggedOf(step: string, side: "source" | "target", key: (values: Record<string, unknown>, line: number) => string, field: string): Map<string, string> {
    const { output, records } = stream.steps.get(step)!;
    const flagged = new Map<string, string>();
    for (const record of records) for (const row of side === "source" ? record.sourceRows : record.targetRows) flagged.set(key(row.values, row.line), record.type);
    const table = side === "source" ? output.source : output.target;
    const read = canonicalReader(table, field);
    for (const exception of output.result.exceptions) {
      if (exception.type !== "EXCLUDED") continue;
      for (const row of side === "source" ? exception.sourceRows : exception.targetRows) flagged.set(key({ [field]: read(row) }, table.raw.provenance.line[row]!), "EXCLUDED");
    }
    return flagged;
  }

  it("runs", async () => {
    const report = await testPack(path.join(PLUGINS, "ecommerce-payouts"));
    stream = report.results.find((result) => result.stream === "shopify-stripe-bank")!;
    expect(stream).toBeDefined();
  }, 60_000);

  it("classifies every order and every charge exactly as the answer key does", () => {
    const key = answerKey.orders_vs_charges;
    expect(outcomes(key.orders, flaggedOf("orders_charges", "source", (values) => String(values.id), "id"))).toEqual(expected(key.orders));
    expect(outcomes(key.charges, flaggedOf("orders_charges", "target", (values) => String(values.reference), "reference"))).toEqual(expected(key.charges));
  });

  it("reconciles every payout with its balance transactions as the key does", () => {
    const key = answerKey.charges_vs_payouts;
    expect(outcomes(key.payouts, flaggedOf("charges_payouts", "target", (values) => String(values.id), "id"))).toEqual(expected(key.payouts));
  });

  it("finds every payout in the bank across the two chained steps as the key does", () => {
    const key = answerKey.payouts_vs_bank;
    const payouts = new Map([...flaggedOf("payouts_bank", "source", (values) => String(values.id), "id"), ...flaggedOf("payouts_bank_amount", "source", (values) => String(values.id), "id")]);
    // Bank rows carry no id; the key numbers them by data row: the line minus the header.
    const bankRow = (_values: Record<string, unknown>, line: number) => String(line - 1);
    const bank = new Map([...flaggedOf("payouts_bank", "target", bankRow, "id"), ...flaggedOf("payouts_bank_amount", "target", bankRow, "id")]);
    expect(outcomes(key.payouts, payouts)).toEqual(expected(key.payouts));
    expect(outcomes(key.bank, bank)).toEqual(expected(key.bank));
  });
});

describe("packs that must be refused", () => {
  const FIXTURES = path.resolve("tests/fixtures/packs");

  it("a broken pack lists every problem with its file and JSON pointer", async () => {
    const checked = await validatePack(path.join(FIXTURES, "broken-pack"));
    expect(checked.problems).toEqual([
      { pack: "broken-pack", file: "reconstream-pack.json", pointer: "/ruleSets/0/definition/passes/0/amount/toleranceMinor", message: "{{params.tolerence}} names no parameter of the pack" },
      { pack: "broken-pack", file: "reconstream-pack.json", pointer: "/inputs/invoices/adapter", message: "no format adapter 'sap_idoc'" },
      { pack: "broken-pack", file: "reconstream-pack.json", pointer: "/ruleSets/0/definition/passes/0/amount/toleranceMinor", message: "Invalid input: expected number, received string" },
      { pack: "broken-pack", file: "reconstream-pack.json", pointer: "/streams/0/steps/0/ruleSet", message: "no rule set with key 'no_such_rules' in the pack" },
      { pack: "broken-pack", file: "reconstream-pack.json", pointer: "/streams/0/steps/0/inputs/source/adapter", message: "no format adapter 'sap_idoc'" },
      {
        pack: "broken-pack",
        file: "reconstream-pack.json",
        pointer: "/streams/0/expected",
        message: "expected results 'expected/invoices-payments.json' are not in the pack (pack:test --update writes them)",
      },
    ]);
  });

  it("a pack with a .js file and a postinstall script is refused, naming both", async () => {
    const checked = await validatePack(path.join(FIXTURES, "with-code"));
    expect(checked.problems).toEqual([
      { pack: "with-code", file: "install.js", message: "packs never contain code; remove this file" },
      { pack: "with-code", file: "package.json", pointer: "/scripts", message: "packs never contain code: remove the scripts" },
    ]);
  });

  it("pack:test does not run a pack that does not validate", async () => {
    const report = await testPack(path.join(FIXTURES, "broken-pack"));
    expect(report.passed).toBe(false);
    expect(report.results).toEqual([]);
  });
});
