import { describe, expect, it } from "vitest";
import { formatCount } from "~/components/format";
import { describeUnmatchedGroup, formatRate } from "~/components/quick-run/results/unmatched-words";
import { matchRates } from "~/core/engine/match-rate";

const side = (rows: number, matched: number, excluded: number, matchedMinor: number, unmatchedMinor: number) => ({
  rows,
  matched,
  excluded,
  amountMinorByClass: { matched: { USD: matchedMinor }, unmatched: { USD: unmatchedMinor }, excluded: { USD: 999_999 } },
});

describe("match rates", () => {
  it("counts matched rows of both sides over the rows in scope, and amounts per currency over the source's amount in scope", () => {
    const rates = matchRates(side(2000, 1876, 39, 24_063_391, 1_119_279), side(2028, 1876, 76, 24_063_384, 1_074_055));
    expect(rates.matchedRows).toBe(3752);
    expect(rates.rowsInScope).toBe(2000 - 39 + 2028 - 76);
    expect(rates.byCount).toBeCloseTo(3752 / 3913, 10);
    expect(rates.byAmount).toEqual([{ currency: "USD", matchedMinor: 24_063_391, inScopeMinor: 25_182_670, rate: 24_063_391 / 25_182_670 }]);
  });

  it("has no rate when nothing is in scope, rather than 0% or 100%", () => {
    const rates = matchRates(side(5, 0, 5, 0, 0), side(0, 0, 0, 0, 0));
    expect(rates.byCount).toBeNull();
    expect(rates.byAmount[0]!.rate).toBeNull();
  });

  it("never rounds a partial match up to 100%", () => {
    expect(formatRate(0.9996)).toBe("99.9%");
    expect(formatRate(1)).toBe("100.0%");
  });
});

describe("why rows are unmatched, in words", () => {
  const files = { source: "shopify_orders.csv", target: "stripe_balance.csv" };
  it("names the file, the count and what the rows lack", () => {
    expect(describeUnmatchedGroup({ side: "source", missing: ["amount"], rows: 1140 }, files, formatCount)).toMatch(/^1,140 shopify_orders\.csv rows have no amount/);
    expect(describeUnmatchedGroup({ side: "target", missing: ["id"], rows: 20 }, files, formatCount)).toBe("20 stripe_balance.csv rows have no id, so no pass keyed on it could pair them");
    expect(describeUnmatchedGroup({ side: "source", missing: [], rows: 1 }, files, formatCount)).toBe(
      "1 shopify_orders.csv row has no counterpart in stripe_balance.csv: no row there shares its key within the tolerances",
    );
  });
});
