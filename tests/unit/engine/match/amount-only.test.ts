import { describe, expect, it } from "vitest";
import { matchTables } from "~/core/engine/match";
import { searchCombinations } from "~/core/engine/match/passes/amount-only";
import { exceptionRows, rules, sourceTable, targetTable } from "./factory";

const search = (extra: Record<string, unknown> = {}) => ({ name: "amount search", amountOnlySearch: { maxGroupSize: 3, windowDays: 3, ...extra } });

describe("amount-only search", () => {
  it("matches the one combination of source rows that sums to a target", () => {
    const source = sourceTable([
      { amount: 4000, date: "2026-01-05" },
      { amount: 2500, date: "2026-01-05" },
      { amount: 999, date: "2026-01-06" },
      { amount: 3500, date: "2026-01-06" },
    ]);
    const target = targetTable([{ amount: 7500, date: "2026-01-07" }]);

    const result = matchTables(source, target, rules([search()]));

    expect(result.matches).toEqual([
      {
        pass: "amount search",
        cardinality: "N:1",
        sourceRows: [0, 3],
        targetRows: [0],
        score: 1,
        reason: [
          { field: "currency", source: "USD", target: "USD", outcome: "equal", detail: "same currency" },
          { field: "amount", source: "75.00", target: "75.00", outcome: "equal", detail: "sum of 2 source rows (40.00 + 35.00) equals the target" },
          { field: "date", source: "2026-01-05..2026-01-06", target: "2026-01-07", outcome: "within_tolerance", detail: "at most 2 days apart, within 3" },
        ],
      },
    ]);
    expect(result.unmatchedSource).toEqual([1, 2]);
  });

  it("reports a single equal row as a 1:1 match", () => {
    const result = matchTables(sourceTable([{ amount: 31337, date: "2026-02-07" }]), targetTable([{ amount: 31337, date: "2026-02-07" }]), rules([search()]));

    expect(result.matches).toMatchObject([{ cardinality: "1:1", sourceRows: [0], targetRows: [0] }]);
  });

  it("raises AMBIGUOUS, with every involved row, when two combinations sum to the target", () => {
    const source = sourceTable([
      { amount: 5000, date: "2026-01-05" },
      { amount: 2500, date: "2026-01-05" },
      { amount: 2500, date: "2026-01-06" },
    ]);
    const target = targetTable([{ amount: 5000, date: "2026-01-06" }]);

    const result = matchTables(source, target, rules([search()]));

    expect(result.matches).toEqual([]);
    expect(result.exceptions).toMatchObject([
      {
        type: "AMBIGUOUS",
        pass: "amount search",
        sourceRows: [0, 1, 2],
        targetRows: [0],
        message:
          "More than one combination of source rows sums to the target amount, or targets compete for the same rows: target.csv:2 (50.00) ← [source.csv:3 + source.csv:4] or [source.csv:2]",
      },
    ]);
  });

  it("raises targets competing for the same source row AMBIGUOUS together", () => {
    const source = sourceTable([
      { amount: 1000, date: "2026-01-05" },
      { amount: 700, date: "2026-01-05" },
      { amount: 200, date: "2026-01-05" },
    ]);
    const target = targetTable([
      { amount: 1700, date: "2026-01-05" },
      { amount: 1200, date: "2026-01-05" },
    ]);

    const result = matchTables(source, target, rules([search()]));

    expect(exceptionRows(result)).toEqual([["AMBIGUOUS", [0, 1, 2], [0, 1]]]);
  });

  it("leaves the target unmatched, with a note, when the step budget runs out", () => {
    // Five rows sum to 5000 + 7k; 52.83 is inside their range but never reached, so only the budget ends the search.
    const source = sourceTable(Array.from({ length: 20 }, (_, index) => ({ amount: 1000 + index * 7, date: "2026-01-05" })));
    const target = targetTable([{ amount: 5283, date: "2026-01-05" }]);

    const result = matchTables(source, target, rules([search({ maxGroupSize: 5, maxSteps: 100 })]));

    expect(result.matches).toEqual([]);
    const missing = result.exceptions.find((exception) => exception.type === "MISSING_IN_SOURCE")!;
    expect(missing.reason.at(-1)).toEqual({
      field: "amountOnlySearch",
      source: null,
      target: "52.83",
      outcome: "different",
      detail: 'pass "amount search": search budget of 100 steps spent before every combination was tried; no guess made',
    });
  });

  it("does not search a target with more source rows in its window than it may consider", () => {
    const source = sourceTable(Array.from({ length: 3 }, () => ({ amount: 500, date: "2026-01-05" })));
    const target = targetTable([{ amount: 500, date: "2026-01-05" }]);

    const result = matchTables(source, target, rules([search({ maxCandidates: 2 })]));

    expect(result.matches).toEqual([]);
    expect(result.exceptions.find((exception) => exception.type === "MISSING_IN_SOURCE")!.reason.at(-1)).toMatchObject({
      detail: 'pass "amount search": more than 2 source rows within 3 days; not searched rather than guessed',
    });
  });

  it("only combines rows of the target's currency within the window", () => {
    const source = sourceTable([
      { amount: 3000, date: "2026-01-05", currency: "EUR" },
      { amount: 3000, date: "2026-01-01" },
      { amount: 2000, date: "2026-01-05" },
      { amount: 1000, date: "2026-01-05" },
    ]);
    const target = targetTable([{ amount: 3000, date: "2026-01-05" }]);

    const result = matchTables(source, target, rules([search()]));

    expect(result.matches).toMatchObject([{ sourceRows: [2, 3], targetRows: [0] }]);
  });

  it("accepts a sum within the pass's amount tolerance", () => {
    const source = sourceTable([
      { amount: 3333, date: "2026-01-05" },
      { amount: 6666, date: "2026-01-05" },
    ]);
    const target = targetTable([{ amount: 10000, date: "2026-01-05" }]);

    const result = matchTables(source, target, rules([{ ...search(), amount: { toleranceMinor: 1 } }]));

    expect(result.matches).toMatchObject([{ sourceRows: [0, 1], score: 0.9 }]);
    expect(result.matches[0]!.reason[1]).toMatchObject({ outcome: "within_tolerance", detail: "sum of 2 source rows (33.33 + 66.66); diff 0.01 within tolerance 0.01" });
  });

  it("finds combinations that include negative amounts", () => {
    const amounts = Float64Array.from([-1500, 200, 800, 5000]);

    expect(searchCombinations(amounts, 3500, 0, 3, 10_000)).toEqual({ combinations: [[0, 3]], exhausted: false });
    expect(searchCombinations(amounts, 4300, 0, 3, 10_000)).toEqual({ combinations: [[0, 2, 3]], exhausted: false });
  });
});
