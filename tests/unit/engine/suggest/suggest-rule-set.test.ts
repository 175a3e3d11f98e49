import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { reconcile } from "~/core/engine/reconcile";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import { suggestRuleSet, type RuleSetSuggestion } from "~/core/engine/suggest";
import { sideFromBytes } from "./support";

const csv = (...lines: string[]) => [...lines, ""].join("\n");

/** Orders in one layout, payments for them in another: ; delimited, decimal comma, day-first dates, columns reordered. */
const ORDERS = csv(
  "Order ID,Total,Date,Email",
  "SO-1001,120.00,2026-03-14,ann@example.com",
  "SO-1002,45.50,2026-03-14,bob@example.com",
  "SO-1003,10.00,2026-03-15,ann@example.com",
  "SO-1004,99.99,2026-03-16,cid@example.com",
  "SO-1005,5.00,2026-03-17,dee@example.com",
);
const PAYMENTS = csv(
  "created;customer_email;amount;order_ref",
  "14.03.2026;ann@example.com;120,00;SO-1001",
  "15.03.2026;bob@example.com;45,50;SO-1002",
  "16.03.2026;cid@example.com;99,98;SO-1004",
  "17.03.2026;ann@example.com;12,00;SO-1003",
  "20.03.2026;eve@example.com;7,00;SO-1999",
);

async function suggestFor(source: [string, string | Uint8Array], target: [string, string | Uint8Array]) {
  const sourceSide = await sideFromBytes(...source);
  const targetSide = await sideFromBytes(...target);
  return { suggestion: suggestRuleSet({ source: sourceSide, target: targetSide }), sourceSide, targetSide };
}

/** What a client does with a suggestion: take each side's mappings and the first pass. */
function assemble(suggestion: RuleSetSuggestion) {
  const fieldMapping = ({ field, column, transforms }: { field: string; column: string; transforms: unknown[] }) => ({ field, column, transforms });
  return {
    source: { mappings: suggestion.source.mappings.map(fieldMapping) },
    target: { mappings: suggestion.target.mappings.map(fieldMapping) },
    passes: [suggestion.firstPass.pass],
  };
}

describe("suggestRuleSet on orders and their payments", () => {
  it("proposes the order id pair as the key, with the highest confidence", async () => {
    const { suggestion } = await suggestFor(["orders.csv", ORDERS], ["payments.csv", PAYMENTS]);
    expect(suggestion.keyCandidates).toEqual([
      {
        source: "Order ID",
        target: "order_ref",
        confidence: 0.77,
        jaccard: 0.67,
        sharedValues: 4,
        transforms: [],
        because:
          '"Order ID" and "order_ref" share 4 of 6 distinct sampled values (Jaccard 0.67, as written); no value repeats on either side; ' +
          'the names read as id and reference and share "order"',
      },
      {
        source: "Email",
        target: "customer_email",
        confidence: 0.4,
        jaccard: 0.6,
        sharedValues: 3,
        transforms: [],
        because:
          '"Email" and "customer_email" share 3 of 5 distinct sampled values (Jaccard 0.60, as written); values repeat (1 repeated cell in the source sample, 1 repeated cell in the target\'s); ' +
          'the names read as email and email and share "email"',
      },
    ]);
  });

  it("maps every column of both files, with the parse settings each profile found", async () => {
    const { suggestion } = await suggestFor(["orders.csv", ORDERS], ["payments.csv", PAYMENTS]);
    expect(suggestion.definition).toEqual({
      source: {
        mappings: [
          { field: "id", column: "Order ID", transforms: [] },
          { field: "amount", column: "Total", transforms: [{ op: "parseAmount", decimalSeparator: ".", thousandsSeparator: "", sign: "minus", minorUnits: 2 }] },
          { field: "date", column: "Date", transforms: [{ op: "parseDate", format: "yyyy-MM-dd", timeZone: "UTC" }] },
          { field: "email", column: "Email", transforms: [{ op: "trim" }, { op: "lower" }] },
        ],
      },
      target: {
        mappings: [
          { field: "date", column: "created", transforms: [{ op: "parseDate", format: "dd.MM.yyyy", timeZone: "UTC" }] },
          { field: "email", column: "customer_email", transforms: [{ op: "trim" }, { op: "lower" }] },
          { field: "amount", column: "amount", transforms: [{ op: "parseAmount", decimalSeparator: ",", thousandsSeparator: "", sign: "minus", minorUnits: 2 }] },
          { field: "reference", column: "order_ref", transforms: [] },
        ],
      },
      passes: [
        {
          name: "Order ID = order_ref",
          keys: [{ source: "id", target: "reference" }],
          amount: { toleranceMinor: 1 },
          date: { windowDays: 2 },
        },
      ],
    });
    expect(suggestion.source.unmapped).toEqual([]);
    expect(suggestion.target.unmapped).toEqual([]);
  });

  it("explains each mapping and gives it a confidence in [0, 1]", async () => {
    const { suggestion } = await suggestFor(["orders.csv", ORDERS], ["payments.csv", PAYMENTS]);
    expect(suggestion.target.mappings.map(({ field, confidence, because }) => ({ field, confidence, because }))).toEqual([
      { field: "date", confidence: 0.85, because: 'the name reads as date ("created"); profiled as dates in the pattern "dd.MM.yyyy"' },
      { field: "email", confidence: 0.93, because: 'the name reads as email ("email"); the sampled values are email addresses' },
      {
        field: "amount",
        confidence: 1,
        because:
          'the name reads as amount ("amount"); profiled as amounts (decimal ",", no thousands separator, negatives: minus); 2 minor units (no currency found, so the usual 2); 40% of its sampled amounts also appear in "Total" of the other file',
      },
      { field: "reference", confidence: 0.77, because: 'the key: its values match "Order ID" in the other file (Jaccard 0.67)' },
    ]);
    expect(suggestion.firstPass.confidence).toBe(0.77);
    expect(suggestion.firstPass.because).toContain("amounts may differ by 1 minor unit");
  });

  it("assembles a definition that ruleSetDefinitionSchema accepts and that equals the one it returns", async () => {
    const { suggestion } = await suggestFor(["orders.csv", ORDERS], ["payments.csv", PAYMENTS]);
    expect(ruleSetDefinitionSchema.safeParse(assemble(suggestion)).success).toBe(true);
    expect(assemble(suggestion)).toEqual(suggestion.definition);
  });

  it("reconciles the two files as a person would: three matches, a wrong amount and one missing on each side", async () => {
    const { suggestion, sourceSide, targetSide } = await suggestFor(["orders.csv", ORDERS], ["payments.csv", PAYMENTS]);
    const { result } = reconcile({ source: sourceSide.sample, target: targetSide.sample, definition: ruleSetDefinitionSchema.parse(suggestion.definition) });
    expect(result.matches.map((match) => [match.sourceRows, match.targetRows, match.score])).toEqual([
      [[0], [0], 1],
      [[1], [1], 0.95],
      [[3], [2], 0.9],
    ]);
    expect(result.exceptions.map((exception) => [exception.type, exception.sourceRows, exception.targetRows, exception.amountDifferenceMinor])).toEqual([
      ["MISSING_IN_TARGET", [4], [], null],
      ["MISSING_IN_SOURCE", [], [4], null],
      ["AMOUNT_MISMATCH", [2], [3], -200],
    ]);
  });

  it("gives the same suggestion every time", async () => {
    const first = await suggestFor(["orders.csv", ORDERS], ["payments.csv", PAYMENTS]);
    const second = await suggestFor(["orders.csv", ORDERS], ["payments.csv", PAYMENTS]);
    expect(JSON.stringify(second.suggestion)).toBe(JSON.stringify(first.suggestion));
  });
});

describe("suggestRuleSet key choices", () => {
  it("strips Shopify's leading # when the payment file writes the bare order number", async () => {
    const { suggestion } = await suggestFor(
      ["orders.csv", csv("Name,Total", "#1001,10.00", "#1002,20.00", "#1003,30.00")],
      ["payments.csv", csv("order_number,amount", "1001,10.00", "1003,30.00")],
    );
    const strip = [{ op: "regexReplace", pattern: "^#\\s*", replacement: "", flags: "" }];
    expect(suggestion.source.mappings[0]).toMatchObject({ field: "id", column: "Name", transforms: strip });
    expect(suggestion.target.mappings[0]).toMatchObject({ field: "id", column: "order_number", transforms: strip });
    expect(suggestion.firstPass.pass.keys).toEqual(["id"]);
    expect(suggestion.keyCandidates[0]!.because).toContain('without a leading "#"');
  });

  it("does not key on a status column whose few values both files share", async () => {
    const { suggestion } = await suggestFor(
      ["a.csv", csv("ref,status,amount", "R1,paid,1.00", "R2,paid,2.00", "R3,paid,3.00", "R4,open,4.00")],
      ["b.csv", csv("reference,state,amount", "R1,paid,1.00", "R2,paid,2.00", "R9,open,9.00", "R8,paid,8.00")],
    );
    expect(suggestion.keyCandidates.map(({ source, target }) => `${source}=${target}`)).toEqual(["ref=reference", "status=state"]);
    expect(suggestion.keyCandidates[1]!.confidence).toBeLessThan(suggestion.keyCandidates[0]!.confidence);
  });

  it("searches by amount within the date window when no column shares a value", async () => {
    const { suggestion, sourceSide, targetSide } = await suggestFor(
      ["bank.csv", csv("Booking Date,Amount,Text", "2026-03-02,100.00,ACME", "2026-03-05,-20.00,FEE")],
      ["ledger.csv", csv("posted,value,memo", "2026-03-01,60.00,Invoice 7", "2026-03-02,40.00,Invoice 8")],
    );
    expect(suggestion.keyCandidates).toEqual([]);
    expect(suggestion.firstPass).toMatchObject({
      pass: { name: "amount and date", amount: { toleranceMinor: 1 }, date: { windowDays: 2 }, amountOnlySearch: { maxGroupSize: 2, windowDays: 2 } },
      confidence: 0.3,
    });
    const definition = ruleSetDefinitionSchema.parse(suggestion.definition);
    const { result } = reconcile({ source: targetSide.sample, target: sourceSide.sample, definition: { ...definition, source: definition.target, target: definition.source } });
    expect(result.matches.map((match) => [match.sourceRows, match.targetRows])).toEqual([[[0, 1], [0]]]);
  });
});

describe("suggestRuleSet column checks", () => {
  it("maps a currency only when both files have one, since one-sided currencies never agree", async () => {
    const { suggestion } = await suggestFor(
      ["a.csv", csv("id,amount,currency", "A1,1.00,EUR", "A2,2.00,EUR")],
      ["b.csv", csv("id,amount", "A1,1.00", "A2,2.00")],
    );
    expect(suggestion.source.mappings.map((mapping) => mapping.field)).toEqual(["id", "amount"]);
    expect(suggestion.source.unmapped).toEqual([
      {
        column: "currency",
        because: "a currency column, but the other file has none; mapped on one side only, every pair would differ in currency (FIELD_MISMATCH)",
      },
    ]);
  });

  it("sets parseAmount's minor units from the currency the amounts are in", async () => {
    const { suggestion } = await suggestFor(
      ["a.csv", csv("id,amount,currency", "A1,1500,JPY", "A2,2500,JPY")],
      ["b.csv", csv("id,total,ccy", "A1,1500,JPY", "A2,2500,JPY")],
    );
    const amount = suggestion.source.mappings.find((mapping) => mapping.field === "amount")!;
    expect(amount.transforms).toEqual([{ op: "parseAmount", decimalSeparator: ".", thousandsSeparator: "", sign: "minus", minorUnits: 0 }]);
    expect(amount.because).toContain("0 minor units (the amounts look like JPY)");
  });

  it("keeps the profiled iso pattern for Shopify date-times, which the engine's iso parser reads", async () => {
    const { suggestion } = await suggestFor(
      ["orders.csv", csv("Name,Paid at,Total", "#1001,2026-01-22 05:24:08 -0500,10.00", "#1002,2026-01-23 23:10:00 -0500,20.00")],
      ["charges.csv", csv("order,created,amount", "#1001,2026-01-22 10:24:08,10.00")],
    );
    const date = suggestion.source.mappings.find((mapping) => mapping.field === "date")!;
    expect(date.transforms).toEqual([{ op: "parseDate", format: "iso", timeZone: "UTC" }]);
  });

  it("leaves a date column the engine cannot parse unmapped, and says why", async () => {
    const { suggestion } = await suggestFor(
      ["a.csv", csv("id,Date,amount", "A1,25-Apr-2026,1.00", "A2,26-Apr-2026,2.00")],
      ["b.csv", csv("id,date,amount", "A1,2026-04-25,1.00", "A2,2026-04-26,2.00")],
    );
    expect(suggestion.source.mappings.map((mapping) => mapping.field)).toEqual(["id", "amount"]);
    expect(suggestion.source.unmapped).toEqual([{ column: "Date", because: expect.stringMatching(/^profiled as dates in the pattern "dd-MMM-yyyy", which parseDate cannot read \(.+\); map it with an expression$/) }]);
    expect(suggestion.firstPass.pass.date).toBeUndefined();
  });
});

describe("suggestRuleSet on the e-commerce generator's Shopify and Stripe exports", () => {
  it("keys Shopify's order Name to Stripe's payment_metadata[order_id], as the hand-written rule set does", async () => {
    const dir = "tests/fixtures/ecommerce-2000/seed-1";
    const { suggestion } = await suggestFor(
      ["shopify_orders.csv", gunzipSync(readFileSync(`${dir}/shopify_orders.csv.gz`))],
      ["stripe_balance.csv", gunzipSync(readFileSync(`${dir}/stripe_balance.csv.gz`))],
    );
    expect(suggestion.keyCandidates.slice(0, 2).map(({ source, target }) => `${source}=${target}`)).toEqual([
      "Name=payment_metadata[order_id]",
      "Email=customer_email",
    ]);
    const fields = (side: RuleSetSuggestion["source"]) => Object.fromEntries(side.mappings.map((mapping) => [mapping.field, mapping.column]));
    expect(fields(suggestion.source)).toMatchObject({ id: "Name", amount: "Total", currency: "Currency", date: "Paid at", email: "Email" });
    expect(fields(suggestion.target)).toMatchObject({ id: "payment_metadata[order_id]", amount: "gross", currency: "currency", date: "created_utc", email: "customer_email" });
    expect(suggestion.firstPass.pass).toEqual({
      name: "Name = payment_metadata[order_id]",
      keys: ["id"],
      amount: { toleranceMinor: 1 },
      date: { windowDays: 2 },
    });
  });
});
