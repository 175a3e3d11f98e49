/**
 * The auto-match rate: the share of rows, and of money, the rules closed
 * without a person. Rows out of the rule set's scope (excluded) count on
 * neither side of the fraction. By amount it is per currency (amounts in
 * different currencies are never added), over the size of each class: a
 * refund closed by the rules is as much "matched" as a charge.
 */
export interface SideCountsLike {
  rows?: number;
  matched?: number;
  excluded?: number;
  amountMinorByClass?: { matched?: Record<string, number>; unmatched?: Record<string, number> };
}

export interface MatchRate {
  /** Rows in scope, both sides. */
  rowsIn: number;
  matchedRows: number;
  /** matchedRows / rowsIn, or null with no rows in scope. */
  byCount: number | null;
  /** Per currency, largest first: matched and in-scope amounts (minor units, absolute) and their ratio. */
  byAmount: Array<{ currency: string; matchedMinor: number; totalMinor: number; rate: number | null }>;
}

export const EMPTY_MATCH_RATE: MatchRate = { rowsIn: 0, matchedRows: 0, byCount: null, byAmount: [] };

/** The engine's code for rows without a currency (engine/match/summary.ts); their sums have no unit to show. */
const NO_CURRENCY = "XXX";

/** The rate of one step from its metrics (`source` and `target` side counts); null when the step recorded none. */
export function stepMatchRate(metrics: { source?: SideCountsLike; target?: SideCountsLike } | null | undefined): MatchRate | null {
  if (!metrics?.source || !metrics.target) return null;
  return combineMatchRates([sideRate(metrics.source), sideRate(metrics.target)]);
}

function sideRate(side: SideCountsLike): MatchRate {
  const rowsIn = Math.max(0, (side.rows ?? 0) - (side.excluded ?? 0));
  const matchedRows = side.matched ?? 0;
  const amounts = new Map<string, { matched: number; total: number }>();
  for (const [currency, value] of Object.entries(side.amountMinorByClass?.matched ?? {})) {
    const entry = amounts.get(currency) ?? { matched: 0, total: 0 };
    entry.matched += Math.abs(value);
    entry.total += Math.abs(value);
    amounts.set(currency, entry);
  }
  for (const [currency, value] of Object.entries(side.amountMinorByClass?.unmatched ?? {})) {
    const entry = amounts.get(currency) ?? { matched: 0, total: 0 };
    entry.total += Math.abs(value);
    amounts.set(currency, entry);
  }
  return finish(rowsIn, matchedRows, amounts);
}

/** Several steps (a run) or several runs (a period) as one rate: counts and amounts are added, then divided. */
export function combineMatchRates(rates: ReadonlyArray<MatchRate | null>): MatchRate {
  let rowsIn = 0;
  let matchedRows = 0;
  const amounts = new Map<string, { matched: number; total: number }>();
  for (const rate of rates) {
    if (!rate) continue;
    rowsIn += rate.rowsIn;
    matchedRows += rate.matchedRows;
    for (const entry of rate.byAmount) {
      const sum = amounts.get(entry.currency) ?? { matched: 0, total: 0 };
      sum.matched += entry.matchedMinor;
      sum.total += entry.totalMinor;
      amounts.set(entry.currency, sum);
    }
  }
  return finish(rowsIn, matchedRows, amounts);
}

function finish(rowsIn: number, matchedRows: number, amounts: Map<string, { matched: number; total: number }>): MatchRate {
  const byAmount = [...amounts.entries()]
    .filter(([currency]) => currency !== NO_CURRENCY)
    .map(([currency, sum]) => ({ currency, matchedMinor: sum.matched, totalMinor: sum.total, rate: sum.total > 0 ? sum.matched / sum.total : null }))
    .sort((a, b) => b.totalMinor - a.totalMinor || a.currency.localeCompare(b.currency));
  return { rowsIn, matchedRows, byCount: rowsIn > 0 ? matchedRows / rowsIn : null, byAmount };
}
