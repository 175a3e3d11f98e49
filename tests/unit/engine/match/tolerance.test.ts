import { describe, expect, it } from "vitest";
import { businessDaysBetween, createBusinessCalendar, dayNumberFromIso } from "~/core/engine/match/business-days";
import { MAX_WINDOW_ROWS, matchTables } from "~/core/engine/match";
import { basisPointAllowance } from "~/core/engine/match/pair";
import { exceptionRows, matchRows, rules, sourceTable, targetTable } from "./factory";

const byIdWithAmount = (amount: Record<string, unknown>) => rules([{ name: "by id", keys: ["id"], amount }]);

describe("amount tolerance", () => {
  it("matches a difference exactly at the absolute tolerance, with score 0.9", () => {
    const result = matchTables(sourceTable([{ id: "A", amount: 12000 }]), targetTable([{ id: "A", amount: 12001 }]), byIdWithAmount({ toleranceMinor: 1 }));

    expect(matchRows(result)).toEqual([["by id", [0], [0]]]);
    expect(result.matches[0]!.score).toBe(0.9);
    expect(result.matches[0]!.reason[2]).toEqual({ field: "amount", source: "120.00", target: "120.01", outcome: "within_tolerance", detail: "diff 0.01 within tolerance 0.01" });
  });

  it("raises a difference one minor unit over the absolute tolerance", () => {
    const result = matchTables(sourceTable([{ id: "A", amount: 12000 }]), targetTable([{ id: "A", amount: 12002 }]), byIdWithAmount({ toleranceMinor: 1 }));

    expect(result.exceptions).toMatchObject([{ type: "AMOUNT_MISMATCH", amountDifferenceMinor: -2 }]);
  });

  it("scores a difference inside the tolerance between 0.9 and 1", () => {
    const result = matchTables(sourceTable([{ id: "A", amount: 10000 }]), targetTable([{ id: "A", amount: 10025 }]), byIdWithAmount({ toleranceMinor: 100 }));

    expect(result.matches[0]!.score).toBe(1 - (0.1 * 25) / 100);
  });

  it("matches a difference exactly at the basis-point tolerance of the target amount", () => {
    // 25 bp of 100.00 is 0.25.
    const result = matchTables(sourceTable([{ id: "A", amount: 10025 }]), targetTable([{ id: "A", amount: 10000 }]), byIdWithAmount({ toleranceBasisPoints: 25 }));

    expect(result.matches[0]!.reason[2]).toEqual({ field: "amount", source: "100.25", target: "100.00", outcome: "within_tolerance", detail: "diff 0.25 within tolerance 0.25 (25 bp of 100.00)" });
  });

  it("takes basis points of the target amount, rounded down, not of the source", () => {
    // 50 bp of 199.00 is 0.995 → 0.99; of the source 200.00 it would be 1.00.
    const result = matchTables(sourceTable([{ id: "A", amount: 20000 }]), targetTable([{ id: "A", amount: 19900 }]), byIdWithAmount({ toleranceBasisPoints: 50 }));

    expect(result.exceptions).toMatchObject([{ type: "AMOUNT_MISMATCH", amountDifferenceMinor: 100, message: 'Key "A" matched, but amount: diff 1.00 beyond tolerance 0.99 (50 bp of 199.00)' }]);
  });

  it("applies the larger of the absolute and the basis-point tolerance", () => {
    // 10 bp of 1000.00 is 1.00, more than the absolute 0.50.
    const source = sourceTable([{ id: "A", amount: 100100 }, { id: "B", amount: 1050 }]);
    const target = targetTable([{ id: "A", amount: 100000 }, { id: "B", amount: 1000 }]);

    const result = matchTables(source, target, byIdWithAmount({ toleranceMinor: 50, toleranceBasisPoints: 10 }));

    expect(matchRows(result)).toEqual([
      ["by id", [0], [0]],
      ["by id", [1], [1]],
    ]);
  });

  it("measures basis points on the magnitude of a negative target amount", () => {
    const result = matchTables(sourceTable([{ id: "A", amount: -10000 }]), targetTable([{ id: "A", amount: -10010 }]), byIdWithAmount({ toleranceBasisPoints: 10 }));

    expect(matchRows(result)).toEqual([["by id", [0], [0]]]);
  });

  it("computes basis-point allowances exactly beyond the safe-integer product range", () => {
    expect(basisPointAllowance(9_007_199_254_740_991, 9_999)).toBe(Number((9_007_199_254_740_991n * 9_999n) / 10_000n));
    expect(basisPointAllowance(19_900, 50)).toBe(99);
  });
});

describe("date windows", () => {
  const byIdWithDate = (date: Record<string, unknown>, holidays: string[] = []) => rules([{ name: "by id", keys: ["id"], date: { mismatchOnKeyMatch: true, ...date } }], { holidays });

  it("matches dates exactly the window apart", () => {
    const result = matchTables(sourceTable([{ id: "A", date: "2026-01-05" }]), targetTable([{ id: "A", date: "2026-01-08" }]), byIdWithDate({ windowDays: 3 }));

    expect(result.matches[0]!.reason[2]).toEqual({ field: "date", source: "2026-01-05", target: "2026-01-08", outcome: "within_tolerance", detail: "3 days apart, within 3" });
  });

  it("raises dates one day beyond the window", () => {
    const result = matchTables(sourceTable([{ id: "A", date: "2026-01-05" }]), targetTable([{ id: "A", date: "2026-01-09" }]), byIdWithDate({ windowDays: 3 }));

    expect(exceptionRows(result)).toEqual([["DATE_MISMATCH", [0], [0]]]);
  });

  it("counts business days across a weekend: Friday to Tuesday is 2", () => {
    const source = sourceTable([{ id: "A", date: "2026-01-09" }]);
    const target = targetTable([{ id: "A", date: "2026-01-13" }]);

    const byBusinessDays = matchTables(source, target, byIdWithDate({ windowDays: 2, businessDays: true }));
    const byCalendarDays = matchTables(source, target, byIdWithDate({ windowDays: 2 }));

    expect(byBusinessDays.matches[0]!.reason[2]).toEqual({ field: "date", source: "2026-01-09", target: "2026-01-13", outcome: "within_tolerance", detail: "2 business days apart, within 2" });
    expect(exceptionRows(byCalendarDays)).toEqual([["DATE_MISMATCH", [0], [0]]]);
  });

  it("does not count a holiday as a business day", () => {
    // Monday 2026-01-19 is a holiday: Friday the 16th to Tuesday the 20th is 1 business day.
    const source = sourceTable([{ id: "A", date: "2026-01-16" }]);
    const target = targetTable([{ id: "A", date: "2026-01-20" }]);

    const withHoliday = matchTables(source, target, byIdWithDate({ windowDays: 1, businessDays: true }, ["2026-01-19"]));
    const withoutHoliday = matchTables(source, target, byIdWithDate({ windowDays: 1, businessDays: true }));

    expect(matchRows(withHoliday)).toEqual([["by id", [0], [0]]]);
    expect(withoutHoliday.exceptions).toMatchObject([{ type: "DATE_MISMATCH", message: 'Key "A" matched, but date: 2 business days apart, beyond 1' }]);
  });

  it("counts business days as the working days stepped forward from the earlier date", () => {
    const calendar = createBusinessCalendar(["2026-01-19", "2026-01-17"]);
    const day = dayNumberFromIso;

    expect(businessDaysBetween(calendar, day("2026-01-09"), day("2026-01-12"))).toBe(1);
    expect(businessDaysBetween(calendar, day("2026-01-09"), day("2026-01-10"))).toBe(0);
    expect(businessDaysBetween(calendar, day("2026-01-10"), day("2026-01-12"))).toBe(1);
    expect(businessDaysBetween(calendar, day("2026-01-12"), day("2026-01-09"))).toBe(1);
    expect(businessDaysBetween(calendar, day("2026-01-16"), day("2026-01-20"))).toBe(1);
    expect(businessDaysBetween(calendar, day("2026-01-05"), day("2026-01-05"))).toBe(0);
    expect(businessDaysBetween(calendar, day("1969-12-26"), day("1970-01-05"))).toBe(6);
  });

  it("rejects a holiday that is not a calendar date", () => {
    expect(() => createBusinessCalendar(["2026-02-30"])).toThrowError('holiday "2026-02-30" is not a calendar date');
  });

  it("prefers the candidate with the nearer date", () => {
    const source = sourceTable([{ id: "A", amount: 100, date: "2026-01-05" }]);
    const target = targetTable([{ id: "A", amount: 100, date: "2026-01-07" }, { id: "A", amount: 100, date: "2026-01-06" }]);

    const result = matchTables(source, target, rules([{ name: "by id", keys: ["id"], date: { windowDays: 3 } }]));

    expect(matchRows(result)).toEqual([["by id", [0], [1]]]);
  });
});

describe("passes without keys", () => {
  it("match by amount and date window alone", () => {
    const source = sourceTable([
      { amount: 31337, date: "2026-02-07" },
      { amount: 5000, date: "2026-02-01" },
    ]);
    const target = targetTable([
      { amount: 5000, date: "2026-02-03" },
      { amount: 31337, date: "2026-02-09" },
      { amount: 5000, date: "2026-02-20" },
    ]);

    const result = matchTables(source, target, rules([{ name: "amount+date", amount: {}, date: { windowDays: 3 } }]));

    expect(matchRows(result)).toEqual([
      ["amount+date", [0], [1]],
      ["amount+date", [1], [0]],
    ]);
    expect(result.unmatchedTarget).toEqual([2]);
  });

  it("raise a row AMBIGUOUS rather than compare it with more than the window limit of rows", () => {
    const crowd = Array.from({ length: MAX_WINDOW_ROWS + 1 }, () => ({ amount: 4900, date: "2026-01-05" }));
    const source = sourceTable([{ amount: 4900, date: "2026-01-05" }]);
    const target = targetTable(crowd);

    const result = matchTables(source, target, rules([{ name: "amount+date", amount: {}, date: { windowDays: 0 } }]));

    expect(result.matches).toEqual([]);
    expect(result.exceptions).toHaveLength(1);
    expect(result.exceptions[0]).toMatchObject({ type: "AMBIGUOUS", sourceRows: [0], targetRows: crowd.map((_, index) => index) });
    expect(result.exceptions[0]!.message).toContain(`source.csv:2: ${MAX_WINDOW_ROWS + 1} target rows within its window, more than ${MAX_WINDOW_ROWS} to compare`);
  });

  it("raises each row of a crowd alone, exactly, when both sides are over the window limit", () => {
    // Every row of both crowds sees more than MAX_WINDOW_ROWS rows: each is its own AMBIGUOUS
    // exception. A blocked pass over a million rows raises over a million of these; they are kept
    // as numbers and built when read (exception-log.ts), and must read exactly as the objects did.
    const crowd = (count: number) => Array.from({ length: count }, () => ({ amount: 4900, date: "2026-01-05", currency: "EUR" }));
    const sources = MAX_WINDOW_ROWS + 2;
    const targets = MAX_WINDOW_ROWS + 3;
    const result = matchTables(sourceTable(crowd(sources)), targetTable(crowd(targets)), rules([{ name: "amount+date", keys: ["currency"], amount: {}, date: { windowDays: 1 } }]));

    const lone = (side: "source" | "target", row: number, windowRows: number) => {
      const label = `${side}.csv:${row + 2}`;
      const other = side === "source" ? "target" : "source";
      return {
        type: "AMBIGUOUS",
        severity: "medium",
        pass: "amount+date",
        sourceRows: side === "source" ? [row] : [],
        targetRows: side === "target" ? [row] : [],
        amountDifferenceMinor: null,
        currency: "EUR",
        message: `${side === "source" ? "1 source row and 0 target rows" : "0 source rows and 1 target row"} have no single best pairing: ${label}: ${windowRows} ${other} rows within its window, more than ${MAX_WINDOW_ROWS} to compare`,
        reason: [{ field: "candidates", source: side === "source" ? label : null, target: side === "target" ? label : null, outcome: "different", detail: `${windowRows} rows within the window; over the limit of ${MAX_WINDOW_ROWS}, not compared` }],
      };
    };
    const expected = [
      ...Array.from({ length: sources }, (_, row) => lone("source", row, targets)),
      ...Array.from({ length: targets }, (_, row) => lone("target", row, sources)),
    ];
    expect(result.summary.exceptionsByType).toEqual({ AMBIGUOUS: sources + targets });
    expect(JSON.stringify(result.exceptions)).toBe(JSON.stringify(expected));
    expect(result.unmatchedSource).toHaveLength(sources);
  });

  it("still match rows whose window is small when other amounts are crowded", () => {
    const crowd = Array.from({ length: MAX_WINDOW_ROWS + 10 }, (_, index) => ({ amount: 4900 + index, date: "2026-01-05" }));
    const source = sourceTable([{ amount: 4900 + 5, date: "2026-01-05" }]);
    const target = targetTable(crowd);

    const result = matchTables(source, target, rules([{ name: "amount", amount: {} }]));

    expect(matchRows(result)).toEqual([["amount", [0], [5]]]);
  });
});
