import { describe, expect, it } from "vitest";
import { MatchConfigurationError, matchTables } from "~/core/engine/match";
import { exceptionRows, matchRows, rules, sourceTable, targetTable } from "./factory";

/** Stripe balance transactions (source) grouped by payout vs payouts (target), as in charges_vs_payouts. */
const payoutPass = { name: "payout sums", cardinality: "N:1", keys: [{ source: "group", target: "id" }], amount: { aggregate: "sum" } } as const;

describe("grouped passes", () => {
  it("match a group of source rows whose sum equals one target row (N:1)", () => {
    const source = sourceTable([
      { group: "po_1", amount: 4751, date: "2026-01-05" },
      { group: "po_2", amount: 1000, date: "2026-01-05" },
      { group: "po_1", amount: -1430, date: "2026-01-06" },
      { group: "po_1", amount: 2500, date: "2026-01-06" },
    ]);
    const target = targetTable([{ id: "po_1", amount: 5821, date: "2026-01-08" }]);

    const result = matchTables(source, target, rules([payoutPass]));

    expect(result.matches).toEqual([
      {
        pass: "payout sums",
        cardinality: "N:1",
        sourceRows: [0, 2, 3],
        targetRows: [0],
        score: 1,
        reason: [
          { field: "group/id", source: "po_1", target: "po_1", outcome: "equal", detail: "same key" },
          { field: "currency", source: "USD", target: "USD", outcome: "equal", detail: "same currency" },
          { field: "amount", source: "58.21", target: "58.21", outcome: "equal", detail: "equal (sum of 3 source rows)" },
        ],
      },
    ]);
    expect(exceptionRows(result)).toEqual([["MISSING_IN_TARGET", [1], []]]);
  });

  it("raise the whole group in one AMOUNT_MISMATCH when its sum differs", () => {
    const source = sourceTable([
      { group: "po_1", amount: 4751 },
      { group: "po_1", amount: 2500 },
    ]);
    const target = targetTable([{ id: "po_1", amount: 9751 }]);

    const result = matchTables(source, target, rules([payoutPass]));

    expect(result.exceptions).toMatchObject([
      { type: "AMOUNT_MISMATCH", sourceRows: [0, 1], targetRows: [0], amountDifferenceMinor: -2500, message: 'Key "po_1" matched, but amount: diff 25.00 beyond tolerance 0.00 (sum of 2 source rows)' },
    ]);
  });

  it("treat a group sum with a missing amount as unknown rather than summing the rest", () => {
    const source = sourceTable([
      { group: "po_1", amount: 4751 },
      { group: "po_1", amount: null },
    ]);
    const target = targetTable([{ id: "po_1", amount: 4751 }]);

    const result = matchTables(source, target, rules([payoutPass]));

    expect(result.exceptions).toMatchObject([{ type: "AMOUNT_MISMATCH", sourceRows: [0, 1], amountDifferenceMinor: null, message: 'Key "po_1" matched, but amount: a source row has no amount (sum of 2 source rows)' }]);
  });

  it("match one source row to a group of target rows (1:N)", () => {
    const source = sourceTable([{ id: "INV-7", amount: 30000 }]);
    const target = targetTable([
      { reference: "INV-7", amount: 10000 },
      { reference: "INV-7", amount: 20000 },
    ]);

    const result = matchTables(source, target, rules([{ name: "split payment", cardinality: "1:N", keys: [{ source: "id", target: "reference" }], amount: { aggregate: "sum" } }]));

    expect(result.matches).toMatchObject([{ cardinality: "1:N", sourceRows: [0], targetRows: [0, 1] }]);
  });

  it("match groups on both sides by key (N:M)", () => {
    const source = sourceTable([
      { reference: "BATCH-1", amount: 700 },
      { reference: "BATCH-1", amount: 300 },
      { reference: "BATCH-2", amount: 50 },
    ]);
    const target = targetTable([
      { reference: "BATCH-1", amount: 250 },
      { reference: "BATCH-1", amount: 250 },
      { reference: "BATCH-1", amount: 500 },
    ]);

    const result = matchTables(source, target, rules([{ name: "batches", cardinality: "N:M", keys: ["reference"], amount: { aggregate: "sum" } }]));

    expect(result.matches).toMatchObject([{ cardinality: "N:M", sourceRows: [0, 1], targetRows: [0, 1, 2] }]);
    expect(exceptionRows(result)).toEqual([["MISSING_IN_TARGET", [2], []]]);
  });

  it("compare the one amount a group carries when the total is only on its first row (aggregate value)", () => {
    const source = sourceTable([{ id: "#1001", amount: 6171 }]);
    const target = targetTable([
      { reference: "#1001", amount: 6171, line: 2 },
      { reference: "#1001", amount: null, line: 3 },
      { reference: "#1001", amount: null, line: 4 },
    ]);

    const result = matchTables(source, target, rules([{ name: "order lines", cardinality: "1:N", keys: [{ source: "id", target: "reference" }], amount: {} }]));

    expect(matchRows(result)).toEqual([["order lines", [0], [0, 1, 2]]]);
  });

  it("raise a group whose rows carry different amounts under aggregate value", () => {
    const source = sourceTable([{ id: "#1001", amount: 6171 }]);
    const target = targetTable([
      { reference: "#1001", amount: 6171 },
      { reference: "#1001", amount: 100 },
    ]);

    const result = matchTables(source, target, rules([{ name: "order lines", cardinality: "1:N", keys: [{ source: "id", target: "reference" }], amount: {} }]));

    expect(result.exceptions).toMatchObject([{ type: "AMOUNT_MISMATCH", amountDifferenceMinor: null, message: 'Key "#1001" matched, but amount: target rows carry different amounts' }]);
  });

  it("raise FIELD_MISMATCH for a group whose rows mix currencies", () => {
    const source = sourceTable([
      { group: "po_1", amount: 100, currency: "USD" },
      { group: "po_1", amount: 100, currency: "EUR" },
    ]);
    const target = targetTable([{ id: "po_1", amount: 200, currency: "USD" }]);

    const result = matchTables(source, target, rules([payoutPass]));

    expect(result.exceptions).toMatchObject([
      {
        type: "FIELD_MISMATCH",
        sourceRows: [0, 1],
        currency: null,
        reason: [{ field: "group/id" }, { field: "currency", source: "mixed", target: "USD", outcome: "different", detail: "the rows of a group carry different currencies" }, { field: "amount", outcome: "different" }],
      },
    ]);
  });

  it("group by groupBy fields and use the key only when all rows of a group share it", () => {
    const source = sourceTable([
      { group: "G1", reference: "R1", amount: 100 },
      { group: "G1", reference: "R1", amount: 200 },
      { group: "G2", reference: "R2", amount: 50 },
      { group: "G2", reference: "R3", amount: 50 },
    ]);
    const target = targetTable([
      { reference: "R1", amount: 300 },
      { reference: "R2", amount: 100 },
    ]);

    const result = matchTables(source, target, rules([{ name: "by group", cardinality: "N:1", keys: ["reference"], groupBy: { source: ["group"] }, amount: { aggregate: "sum" } }]));

    expect(matchRows(result)).toEqual([["by group", [0, 1], [0]]]);
    expect(result.unmatchedSource).toEqual([2, 3]);
  });

  it("match groups without keys by their sum within the date window", () => {
    const source = sourceTable([
      { group: "day-1", amount: 1000, date: "2026-01-05" },
      { group: "day-1", amount: 2000, date: "2026-01-05" },
      { group: "day-2", amount: 500, date: "2026-01-06" },
    ]);
    const target = targetTable([
      { amount: 500, date: "2026-01-08" },
      { amount: 3000, date: "2026-01-07" },
    ]);

    const result = matchTables(source, target, rules([{ name: "daily deposits", cardinality: "N:1", groupBy: { source: ["group"] }, amount: { aggregate: "sum" }, date: { windowDays: 2 } }]));

    expect(matchRows(result)).toEqual([
      ["daily deposits", [0, 1], [1]],
      ["daily deposits", [2], [0]],
    ]);
  });

  it("refuse a grouped side with neither keys nor groupBy", () => {
    const source = sourceTable([{ amount: 100 }]);
    const target = targetTable([{ amount: 100 }]);

    expect(() => matchTables(source, target, rules([{ name: "n:1", cardinality: "N:1", amount: {} }]))).toThrowError(
      new MatchConfigurationError("n:1", "the grouped source side (N:1) needs groupBy fields or keys"),
    );
  });
});
