import { describe, expect, it } from "vitest";
import { combineMatchRates, stepMatchRate } from "~/core/streams/match-rate";

const side = (rows: number, matched: number, excluded: number, matchedAmounts: Record<string, number>, unmatchedAmounts: Record<string, number>) => ({
  rows,
  matched,
  unmatched: rows - matched - excluded,
  excluded,
  amountMinorByClass: { matched: matchedAmounts, unmatched: unmatchedAmounts, excluded: {} },
});

describe("match rate", () => {
  it("by count over rows in scope, by amount per currency over absolute sizes", () => {
    const rate = stepMatchRate({ source: side(100, 90, 10, { USD: 90_000 }, {}), target: side(100, 90, 0, { USD: 90_000 }, { USD: -20_000 }) })!;
    expect(rate.rowsIn).toBe(190);
    expect(rate.matchedRows).toBe(180);
    expect(rate.byCount).toBeCloseTo(180 / 190, 10);
    expect(rate.byAmount).toEqual([{ currency: "USD", matchedMinor: 180_000, totalMinor: 200_000, rate: 0.9 }]);
  });

  it("keeps currencies apart, leaves out rows without a currency, and adds steps before dividing", () => {
    const first = stepMatchRate({ source: side(10, 5, 0, { EUR: 500, XXX: 7 }, { EUR: 500 }), target: side(10, 5, 0, { EUR: 500 }, { EUR: 500 }) });
    const second = stepMatchRate({ source: side(30, 30, 0, { JPY: 3000 }, {}), target: side(30, 30, 0, { JPY: 3000 }, {}) });
    const run = combineMatchRates([first, second, null]);
    expect(run.byCount).toBe(70 / 80);
    expect(run.byAmount.map((entry) => [entry.currency, entry.rate])).toEqual([
      ["JPY", 1],
      ["EUR", 0.5],
    ]);
  });

  it("has no rate without rows or metrics", () => {
    expect(stepMatchRate(null)).toBeNull();
    expect(stepMatchRate({ source: side(0, 0, 0, {}, {}), target: side(0, 0, 0, {}, {}) })?.byCount).toBeNull();
  });
});
