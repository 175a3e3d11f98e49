import type { z } from "zod";
import type { ruleSetDefinitionSchema, Transform } from "../rule-set";
import type { RawTable } from "../types";

/** What suggestRuleSet reads (profiled columns and a sample per file) and what it proposes. */

export type SuggestColumnType = "string" | "integer" | "amount" | "date" | "datetime" | "boolean" | "currency" | "empty";

/** A profiled column (structurally the ingest ColumnProfile; the engine does not depend on ingest). */
export interface SuggestColumn {
  name: string;
  type: SuggestColumnType;
  amount?: {
    decimalSeparator: "." | ",";
    thousandsSeparator: "" | "," | "." | " " | "'";
    negative: "minus" | "parentheses" | "trailingMinus" | "crdr";
    currencySymbol?: string;
  };
  date?: { pattern: string; timeZone?: string };
}

export interface SuggestSideInput {
  columns: readonly SuggestColumn[];
  /**
   * The first rows of the file. It may leave columns out; a column without
   * sampled cells is judged by its name and profile alone, and its parse
   * rate is not checked.
   */
  sample: RawTable;
}

export interface SuggestInput {
  source: SuggestSideInput;
  target: SuggestSideInput;
}

export type RuleSetDefinitionInput = z.input<typeof ruleSetDefinitionSchema>;
export type PassInput = RuleSetDefinitionInput["passes"][number];

export interface SuggestedMapping {
  field: string;
  column: string;
  transforms: Transform[];
  confidence: number;
  because: string;
}

export interface UnmappedColumn {
  column: string;
  because: string;
}

export interface SideSuggestion {
  mappings: SuggestedMapping[];
  unmapped: UnmappedColumn[];
}

export interface KeyCandidate {
  source: string;
  target: string;
  confidence: number;
  /** Jaccard of the distinct sampled values, after `transforms`. */
  jaccard: number;
  /** Distinct sampled values both columns hold. */
  sharedValues: number;
  transforms: Transform[];
  because: string;
}

export interface PassSuggestion {
  pass: PassInput;
  confidence: number;
  because: string;
}

export interface RuleSetSuggestion {
  source: SideSuggestion;
  target: SideSuggestion;
  /** The best key pairs, best first (at most KEY_CANDIDATES_SHOWN); the first is the first pass's key. */
  keyCandidates: KeyCandidate[];
  firstPass: PassSuggestion;
  /** A second pass on the next-best key pair, for the rows the first key leaves without a value (absent when there is none). */
  fallbackPass?: PassSuggestion;
  /** The mappings and the first pass assembled; valid for ruleSetDefinitionSchema. */
  definition: RuleSetDefinitionInput;
}
