/**
 * The engine's data model. Pure: no database, files, clock or randomness.
 *
 * Tables are columnar. A side enters as a RawTable (the parsed file: string
 * cells per column, plus where each row came from), is normalized by its
 * rule-set mappings into a CanonicalTable (typed columns), and leaves as
 * matches, exceptions and unmatched row sets.
 *
 * Money: integer minor units. Amount lanes are Float64Array for speed, but
 * every value written to them is a safe integer (checked where it is parsed);
 * the engine never does fractional arithmetic on them. Percent tolerances are
 * compared with integer cross-multiplication.
 */

export type { RowProvenance, RawTable, NumberColumnSpec, NumberColumn, CanonicalTable } from "~/core/values/tables";
export { NULL_DATE } from "~/core/values/tables";

export type Side = "source" | "target";

export interface RowRef {
  side: Side;
  /** Row index in the side's CanonicalTable. */
  row: number;
  sourceId: string;
  line: number;
}

export type Cardinality = "1:1" | "1:N" | "N:1" | "N:M";

export const EXCEPTION_TYPES = [
  "MISSING_IN_TARGET",
  "MISSING_IN_SOURCE",
  "AMOUNT_MISMATCH",
  "DATE_MISMATCH",
  "FIELD_MISMATCH",
  "DUPLICATE",
  "AMBIGUOUS",
  "EXCLUDED",
] as const;
export type ExceptionType = (typeof EXCEPTION_TYPES)[number];

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One field comparison that explains a match or an exception, e.g. "amount: 120.00 vs 120.01, within 0.01". */
export interface FieldComparison {
  field: string;
  source: string | null;
  target: string | null;
  outcome: "equal" | "within_tolerance" | "different" | "similar";
  detail: string;
}

export interface Match {
  pass: string;
  cardinality: Cardinality;
  sourceRows: number[];
  targetRows: number[];
  /** In [0, 1]; 1 for exact agreement on every compared field. */
  score: number;
  reason: FieldComparison[];
}

export interface EngineException {
  type: ExceptionType;
  severity: Severity;
  /** The pass that raised it (null for scope exclusions and unmatched leftovers). */
  pass: string | null;
  sourceRows: number[];
  targetRows: number[];
  /** Source minus target where both sides have an amount, in minor units. */
  amountDifferenceMinor: number | null;
  currency: string | null;
  /** Human explanation; for AMBIGUOUS it names the candidates. */
  message: string;
  reason: FieldComparison[];
}

export interface SideSummary {
  rows: number;
  matched: number;
  unmatched: number;
  excluded: number;
  /** Sums of amountMinor by class, per currency. */
  amountMinorByClass: Record<"matched" | "unmatched" | "excluded", Record<string, number>>;
}

/**
 * The matches in result order, as columns: what callers that only count
 * matches or walk their rows read, without a Match object per match.
 */
export interface MatchTable {
  readonly count: number;
  pass(index: number): string;
  cardinality(index: number): Cardinality;
  score(index: number): number;
  sourceRows(index: number): number[];
  targetRows(index: number): number[];
  /** The Match at `index`, built on each call; its reason is built when first read. */
  match(index: number): Match;
  toArray(): Match[];
}

export interface EngineResult {
  /**
   * Every match as a Match object, built on first read (an enumerable getter,
   * so JSON sees it). Large callers read `matchTable` instead.
   */
  readonly matches: Match[];
  /** The same matches as columns; not enumerable, so serializing a result is unchanged. */
  readonly matchTable: MatchTable;
  exceptions: EngineException[];
  /** Row indexes (ascending) of each side left unmatched; these become the next step's inputs. */
  unmatchedSource: number[];
  unmatchedTarget: number[];
  summary: {
    source: SideSummary;
    target: SideSummary;
    matchesByPass: Record<string, number>;
    exceptionsByType: Partial<Record<ExceptionType, number>>;
  };
}
