import { describe, expect, it } from "vitest";
import { matchTables } from "~/core/engine/match";
import { canonicalOutcome, type RowSpec, rules, shuffledOrder, table } from "./factory";

/**
 * A small stream step with every kind of outcome: matches by key and within
 * tolerance, duplicates, an amount mismatch, a currency mismatch, a fallback
 * pass, a tie in it, an amount-only sum, leftovers and an exclusion.
 */
const sourceRows: RowSpec[] = [
  { id: "#1001", amount: 6171, date: "2026-01-05" },
  { id: "#1002", amount: 2500, date: "2026-01-05" },
  { id: "#1003", amount: 1900, date: "2026-01-06" },
  { id: "#1004", amount: 12900, date: "2026-01-06" },
  { id: "#1005", amount: 4900, date: "2026-01-07" },
  { id: null, text: { email: "mia@example.com" }, amount: 5500, date: "2026-01-07" },
  { id: "#1007", amount: 1400, date: "2026-01-08" },
  { id: "#1008", amount: 700, date: "2026-01-08" },
  { id: null, amount: 3000, date: "2026-01-09" },
  { id: null, amount: 2000, date: "2026-01-09" },
  { id: "#1011", amount: 999, date: "2026-01-09" },
  { id: "#1012", amount: 888, date: "2026-01-10" },
  { id: null, text: { email: "noah@example.com" }, amount: 1900, date: "2026-01-12" },
].map((row, index) => ({ ...row, line: index + 2 }));

const targetRows: RowSpec[] = [
  { id: "#1002", amount: 2500, date: "2026-01-05" },
  { id: "#1001", amount: 6172, date: "2026-01-05" },
  { id: "#1003", amount: 1900, date: "2026-01-06" },
  { id: "#1003", amount: 1900, date: "2026-01-07" },
  { id: "#1004", amount: 11205, date: "2026-01-06" },
  { id: "#1005", amount: 4900, date: "2026-01-07" },
  { id: "#1005", amount: 4900, date: "2026-01-07" },
  { id: null, text: { email: "mia@example.com" }, amount: 5500, date: "2026-01-08" },
  { id: "#1007", amount: 1400, date: "2026-01-08", currency: "EUR" },
  { id: "#9999", amount: 31337, date: "2026-01-08" },
  { id: null, amount: 5000, date: "2026-01-10" },
  { id: "#1012", amount: -888, date: "2026-01-10" },
  { id: null, text: { email: "noah@example.com" }, amount: 1900, date: "2026-01-12" },
  { id: null, text: { email: "noah@example.com" }, amount: 1900, date: "2026-01-12" },
].map((row, index) => ({ ...row, line: index + 2 }));

const definition = rules([
  { name: "order id", keys: ["id"], amount: { toleranceMinor: 1 }, duplicates: "keepEarliest" },
  { name: "email", keys: ["email"], amount: {}, date: { windowDays: 2 } },
  { name: "sums", amountOnlySearch: { maxGroupSize: 3, windowDays: 3 } },
]);

function run(order: number[] | null) {
  const permute = <T>(rows: T[], permutation: number[] | null) => (permutation ? permutation.map((index) => rows[index]!) : rows);
  const targetOrder = order ? shuffledOrder(targetRows.length, 99) : null;
  const source = table(permute(sourceRows, order), "orders.csv");
  const target = table(permute(targetRows, targetOrder), "charges.csv");
  // The same provenance rows are excluded whatever their position.
  const excludedSource = [11].map((original) => (order ? order.indexOf(original) : original));
  return { source, target, result: matchTables(source, target, definition, { excludedSource }) };
}

describe("determinism", () => {
  it("gives byte-identical JSON for the same input", () => {
    const first = run(null).result;
    const second = run(null).result;

    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it("gives the same outcome, by provenance, whatever order the rows arrive in", () => {
    const original = run(null);
    const expected = canonicalOutcome(original.result, original.source, original.target);

    for (const seed of [1, 2, 3, 4, 5]) {
      const shuffled = run(shuffledOrder(sourceRows.length, seed));
      expect(canonicalOutcome(shuffled.result, shuffled.source, shuffled.target)).toEqual(expected);
    }
  });

  it("decides every kind of outcome in the scenario the way a reviewer would", () => {
    const { source, target, result } = run(null);

    expect(canonicalOutcome(result, source, target)).toEqual({
      matches: [
        "email|1:1|orders.csv:7|charges.csv:9|0.95",
        "order id|1:1|orders.csv:2|charges.csv:3|0.9",
        "order id|1:1|orders.csv:3|charges.csv:2|1",
        "order id|1:1|orders.csv:4|charges.csv:4|1",
        "order id|1:1|orders.csv:6|charges.csv:7|1",
        "sums|N:1|orders.csv:10,orders.csv:11|charges.csv:12|1",
      ],
      exceptions: [
        "AMBIGUOUS|email|medium|orders.csv:14|charges.csv:14,charges.csv:15|null",
        "AMOUNT_MISMATCH|order id|high|orders.csv:5|charges.csv:6|1695",
        "DUPLICATE|order id|high||charges.csv:5|null",
        "DUPLICATE|order id|high||charges.csv:8|null",
        "EXCLUDED|null|low|orders.csv:13||null",
        "FIELD_MISMATCH|order id|medium|orders.csv:8|charges.csv:10|null",
        "MISSING_IN_SOURCE|null|medium||charges.csv:11|null",
        "MISSING_IN_SOURCE|null|medium||charges.csv:13|null",
        "MISSING_IN_TARGET|null|medium|orders.csv:12||null",
        "MISSING_IN_TARGET|null|medium|orders.csv:9||null",
      ],
      unmatchedSource: ["orders.csv:12", "orders.csv:14", "orders.csv:5", "orders.csv:8", "orders.csv:9"],
      unmatchedTarget: ["charges.csv:10", "charges.csv:11", "charges.csv:13", "charges.csv:14", "charges.csv:15", "charges.csv:5", "charges.csv:6", "charges.csv:8"],
      summary: expect.anything(),
    });
  });
});

describe("determinism at volume", () => {
  it("gives the same outcome for a few thousand generated rows in shuffled order", () => {
    // Fixed-price products make amounts collide, so ties, duplicates and windows all occur.
    const prices = [4900, 2500, 1900, 5500, 1400, 12900];
    const sourceSpecs: RowSpec[] = [];
    const targetSpecs: RowSpec[] = [];
    for (let i = 0; i < 3000; i++) {
      const amount = prices[i % prices.length]! * (1 + (i % 3));
      const date = `2026-01-${String(5 + (i % 20)).padStart(2, "0")}`;
      const keyed = i % 7 !== 0;
      sourceSpecs.push({ id: keyed ? `#${1001 + i}` : null, amount, date, line: i + 2 });
      if (i % 11 === 0) continue;
      targetSpecs.push({ id: keyed ? `#${1001 + i}` : null, amount: amount + (i % 13 === 0 ? 1 : 0) + (i % 17 === 0 ? 300 : 0), date, line: targetSpecs.length + 2 });
      if (i % 19 === 0) targetSpecs.push({ id: `#${1001 + i}`, amount, date, line: targetSpecs.length + 2 });
    }
    const generated = rules([
      { name: "id", keys: ["id"], amount: { toleranceMinor: 1 }, duplicates: "keepEarliest" },
      { name: "amount+date", amount: {}, date: { windowDays: 1 } },
    ]);
    const runWith = (sourceOrder: number[], targetOrder: number[]) => {
      const source = table(sourceOrder.map((index) => sourceSpecs[index]!), "orders.csv");
      const target = table(targetOrder.map((index) => targetSpecs[index]!), "charges.csv");
      return canonicalOutcome(matchTables(source, target, generated), source, target);
    };
    const identity = (count: number) => Array.from({ length: count }, (_, index) => index);

    const expected = runWith(identity(sourceSpecs.length), identity(targetSpecs.length));
    const shuffled = runWith(shuffledOrder(sourceSpecs.length, 7), shuffledOrder(targetSpecs.length, 11));

    expect(shuffled).toEqual(expected);
    expect(expected.matches.length).toBeGreaterThan(2000);
  });
});
