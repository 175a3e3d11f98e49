import { describe, expect, it } from "vitest";
import { MatchConfigurationError, MatchInputError, matchTables } from "~/core/engine/match";
import { formatMinor } from "~/core/engine/match/money";
import { exceptionRows, matchRows, rules, sourceTable, targetTable } from "./factory";

describe("pass order and the pool", () => {
  it("takes rows matched by an earlier pass out of later passes", () => {
    // Pass 1 pairs by order id; pass 2 would pair source 0 with target 1 on amount and date alone.
    const source = sourceTable([
      { id: "#1001", amount: 5000, date: "2026-01-05" },
      { id: null, text: { email: "ava@example.com" }, amount: 5000, date: "2026-01-05" },
    ]);
    const target = targetTable([
      { id: "#1001", amount: 5000, date: "2026-01-05" },
      { id: null, text: { email: "ava@example.com" }, amount: 5000, date: "2026-01-06" },
    ]);

    const result = matchTables(
      source,
      target,
      rules([
        { name: "order id", keys: ["id"], amount: { toleranceMinor: 1 } },
        { name: "email fallback", keys: ["email"], amount: {}, date: { windowDays: 2 } },
      ]),
    );

    expect(matchRows(result)).toEqual([
      ["order id", [0], [0]],
      ["email fallback", [1], [1]],
    ]);
    expect(result.summary.matchesByPass).toEqual({ "order id": 1, "email fallback": 1 });
  });

  it("does not let a later pass reuse rows an earlier pass raised as an exception", () => {
    const source = sourceTable([{ id: "A", amount: 100 }]);
    const target = targetTable([{ id: "A", amount: 900 }, { id: "B", amount: 100 }]);

    const result = matchTables(source, target, rules([{ name: "by id", keys: ["id"], amount: {} }, { name: "by amount", amount: {} }]));

    expect(result.summary.matchesByPass).toEqual({ "by id": 0, "by amount": 0 });
    expect(exceptionRows(result)).toEqual([
      ["MISSING_IN_SOURCE", [], [1]],
      ["AMOUNT_MISMATCH", [0], [0]],
    ]);
  });
});

describe("scope exclusions", () => {
  it("reports each excluded row EXCLUDED, never compares it, and counts it as excluded", () => {
    const source = sourceTable([
      { id: "A", amount: 100 },
      { id: "B", amount: 250 },
    ]);
    const target = targetTable([
      { id: "A", amount: 100 },
      { id: "B", amount: 250 },
      { id: "R", amount: -30 },
    ]);

    const result = matchTables(source, target, rules([{ name: "by id", keys: ["id"] }]), { excludedSource: [1], excludedTarget: [2] });

    expect(matchRows(result)).toEqual([["by id", [0], [0]]]);
    expect(exceptionRows(result)).toEqual([
      ["MISSING_IN_SOURCE", [], [1]],
      ["EXCLUDED", [1], []],
      ["EXCLUDED", [], [2]],
    ]);
    expect(result.exceptions[1]).toEqual({
      type: "EXCLUDED",
      severity: "low",
      pass: null,
      sourceRows: [1],
      targetRows: [],
      amountDifferenceMinor: null,
      currency: "USD",
      message: "Source row source.csv:3 is outside the source scope filter and was not compared",
      reason: [
        { field: "id", source: "B", target: null, outcome: "different", detail: "excluded by scope; not compared" },
        { field: "amount", source: "2.50", target: null, outcome: "different", detail: "excluded by scope; not compared" },
        { field: "currency", source: "USD", target: null, outcome: "different", detail: "excluded by scope; not compared" },
        { field: "date", source: null, target: null, outcome: "different", detail: "excluded by scope; not compared" },
      ],
    });
    expect(result.unmatchedSource).toEqual([]);
    expect(result.unmatchedTarget).toEqual([1]);
    expect(result.summary.source).toEqual({ rows: 2, matched: 1, unmatched: 0, excluded: 1, amountMinorByClass: { matched: { USD: 100 }, unmatched: {}, excluded: { USD: 250 } } });
    expect(result.summary.target).toEqual({ rows: 3, matched: 1, unmatched: 1, excluded: 1, amountMinorByClass: { matched: { USD: 100 }, unmatched: { USD: 250 }, excluded: { USD: -30 } } });
  });

  it("rejects an exclusion that is not a row of the table", () => {
    const source = sourceTable([{ id: "A" }]);
    expect(() => matchTables(source, targetTable([], ["id"]), rules([{ name: "by id", keys: ["id"] }]), { excludedSource: [1] })).toThrowError(MatchInputError);
  });
});

describe("unmatched rows and the summary", () => {
  it("lists every row in no match and not excluded as unmatched, including rows raised by a pass", () => {
    const source = sourceTable([
      { id: "A", amount: 100 },
      { id: "B", amount: 100 },
      { id: "C", amount: 100 },
    ]);
    const target = targetTable([
      { id: "A", amount: 100 },
      { id: "B", amount: 700 },
      { id: "C", amount: 100, currency: "EUR" },
    ]);

    const result = matchTables(source, target, rules([{ name: "by id", keys: ["id"], amount: {} }]));

    expect(result.unmatchedSource).toEqual([1, 2]);
    expect(result.unmatchedTarget).toEqual([1, 2]);
    expect(result.summary).toEqual({
      source: { rows: 3, matched: 1, unmatched: 2, excluded: 0, amountMinorByClass: { matched: { USD: 100 }, unmatched: { USD: 200 }, excluded: {} } },
      target: { rows: 3, matched: 1, unmatched: 2, excluded: 0, amountMinorByClass: { matched: { USD: 100 }, unmatched: { EUR: 100, USD: 700 }, excluded: {} } },
      matchesByPass: { "by id": 1 },
      exceptionsByType: { AMOUNT_MISMATCH: 1, FIELD_MISMATCH: 1 },
    });
  });

  it("sums rows without a currency under XXX", () => {
    const result = matchTables(sourceTable([{ id: "A", amount: 100, currency: null }]), targetTable([], ["id"]), rules([{ name: "by id", keys: ["id"] }]));

    expect(result.summary.source.amountMinorByClass.unmatched).toEqual({ XXX: 100 });
  });
});

describe("severity", () => {
  it("uses the rule set's severity for a type instead of the default", () => {
    const result = matchTables(sourceTable([{ id: "A" }]), targetTable([], ["id"]), rules([{ name: "by id", keys: ["id"] }], { severity: { byType: { MISSING_IN_TARGET: "critical" } } }));

    expect(result.exceptions).toMatchObject([{ type: "MISSING_IN_TARGET", severity: "critical" }]);
  });

  it("raises severity by the first amount threshold the difference exceeds", () => {
    const source = sourceTable([{ id: "A", amount: 100_000 }, { id: "B", amount: 300_000 }, { id: "C", amount: 150_000 }]);
    const target = targetTable([{ id: "A", amount: 100_500 }, { id: "B", amount: 100_000 }, { id: "C", amount: 100_000 }]);
    const severity = {
      byType: { AMOUNT_MISMATCH: "medium" },
      amountThresholds: [
        { type: "MISSING_IN_TARGET", overMinor: 0, severity: "low" },
        { type: "AMOUNT_MISMATCH", overMinor: 100_000, severity: "critical" },
        { type: "AMOUNT_MISMATCH", overMinor: 10_000, severity: "high" },
      ],
    };

    const result = matchTables(source, target, rules([{ name: "by id", keys: ["id"], amount: {} }], { severity }));

    expect(result.exceptions.map((exception) => [exception.amountDifferenceMinor, exception.severity])).toEqual([
      [-500, "medium"],
      [200_000, "critical"],
      [50_000, "high"],
    ]);
  });

  it("compares a missing row's own amount with thresholds for MISSING exceptions", () => {
    const source = sourceTable([{ id: "A", amount: -250_000 }, { id: "B", amount: 900 }]);
    const severity = { amountThresholds: [{ type: "MISSING_IN_TARGET", overMinor: 100_000, severity: "critical" }] };

    const result = matchTables(source, targetTable([], ["id"]), rules([{ name: "by id", keys: ["id"] }], { severity }));

    expect(result.exceptions.map((exception) => exception.severity)).toEqual(["critical", "medium"]);
  });
});

describe("configuration", () => {
  it("refuses a key naming a field one side does not have, before matching anything", () => {
    const source = sourceTable([{ id: "A" }]);
    const target = targetTable([{ id: "A" }]);

    expect(() => matchTables(source, target, rules([{ name: "by id", keys: ["id"] }, { name: "by ref", keys: ["reference"] }]))).toThrowError(
      new MatchConfigurationError("by ref", 'the source side has no field "reference"'),
    );
  });

  it("refuses a pass with no keys, amount or date to find candidates by", () => {
    expect(() => matchTables(sourceTable([]), targetTable([], ["id"]), rules([{ name: "everything", fuzzy: { field: "description", method: "tokenSet", threshold: 0.9 } }]))).toThrowError(
      'pass "everything": has no keys, amount or date to find candidates by',
    );
  });

  it("does not mistake inherited object properties for fields", () => {
    expect(() => matchTables(sourceTable([{ id: "A" }]), targetTable([{ id: "A" }]), rules([{ name: "proto", keys: ["constructor"] }]))).toThrowError(MatchConfigurationError);
  });
});

describe("money in reasons", () => {
  it("formats minor units with the currency's decimals", () => {
    expect(formatMinor(12001, "USD")).toBe("120.01");
    expect(formatMinor(-5, "EUR")).toBe("-0.05");
    expect(formatMinor(12001, "JPY")).toBe("12001");
    expect(formatMinor(12001, "KWD")).toBe("12.001");
    expect(formatMinor(7, "BHD")).toBe("0.007");
    expect(formatMinor(12001, null)).toBe("120.01");
    expect(formatMinor(9_007_199_254_740_991, "USD")).toBe("90071992547409.91");
    expect(formatMinor(Number.NaN, "USD")).toBeNull();
  });
});

describe("the exception list", () => {
  it("orders one-row and pass-raised exceptions together (type, then source row, then target row) and counts them without building them twice", () => {
    const source = sourceTable([
      { id: "A", amount: 100 },
      { id: "B", amount: 100 },
      { id: "C", amount: 100 },
      { id: "D", amount: 100 },
    ]);
    const target = targetTable([
      { id: "C", amount: 900 },
      { id: "E", amount: 100 },
      { id: "B", amount: 100 },
      { id: "A", amount: 100 },
    ]);
    const result = matchTables(source, target, rules([{ name: "by id", keys: ["id"], amount: { mismatchOnKeyMatch: true } }]), {
      excludedSource: [3],
      duplicatesTarget: [{ row: 3, keptRow: 2 }],
    });
    expect(exceptionRows(result)).toEqual([
      ["MISSING_IN_TARGET", [0], []],
      ["MISSING_IN_SOURCE", [], [1]],
      ["AMOUNT_MISMATCH", [2], [0]],
      ["DUPLICATE", [], [3]],
      ["EXCLUDED", [3], []],
    ]);
    const counted: Record<string, number> = {};
    for (const exception of result.exceptions) counted[exception.type] = (counted[exception.type] ?? 0) + 1;
    expect({ ...result.summary.exceptionsByType }).toEqual(counted);
    // Built once: later reads see the same objects.
    expect(result.exceptions[0]).toBe(result.exceptions[0]);
    expect(result.exceptions).toBe(result.exceptions);
    expect(JSON.parse(JSON.stringify(result)).exceptions).toHaveLength(5);
  });
});
