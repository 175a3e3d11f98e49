/**
 * The headline numbers of a reconciliation: how much of what was in scope
 * found its counterpart, by rows and by amount. Rows outside the scope
 * filter are not part of either: a filtered-out refund neither helps nor
 * hurts the rate. Amounts stay integers in minor units per currency; only
 * the ratio is a fraction.
 */
export interface SideTotals {
  rows: number;
  matched: number;
  excluded: number;
  amountMinorByClass: Record<"matched" | "unmatched" | "excluded", Record<string, number>>;
}

export interface MatchRates {
  /** Matched rows of both sides over the rows of both sides in scope; null when nothing was in scope. */
  byCount: number | null;
  matchedRows: number;
  rowsInScope: number;
  /** Per currency, the source side's matched amount over its amount in scope (the target's when the source has none). */
  byAmount: Array<{ currency: string; matchedMinor: number; inScopeMinor: number; rate: number | null }>;
}

export function matchRates(source: SideTotals, target: SideTotals): MatchRates {
  const matchedRows = source.matched + target.matched;
  const rowsInScope = source.rows - source.excluded + target.rows - target.excluded;
  const amountSide = Object.keys(source.amountMinorByClass.matched).length + Object.keys(source.amountMinorByClass.unmatched).length > 0 ? source : target;
  const { matched, unmatched } = amountSide.amountMinorByClass;
  const currencies = [...new Set([...Object.keys(matched), ...Object.keys(unmatched)])].sort();
  return {
    byCount: rowsInScope === 0 ? null : matchedRows / rowsInScope,
    matchedRows,
    rowsInScope,
    byAmount: currencies.map((currency) => {
      const matchedMinor = matched[currency] ?? 0;
      const inScopeMinor = matchedMinor + (unmatched[currency] ?? 0);
      // Signed sums: refunds net against charges, as on a statement; a zero or negative total has no meaningful share.
      return { currency, matchedMinor, inScopeMinor, rate: inScopeMinor > 0 ? matchedMinor / inScopeMinor : null };
    }),
  };
}
