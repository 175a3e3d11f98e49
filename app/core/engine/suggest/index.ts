import { ruleSetDefinitionSchema } from "../rule-set";
import { describeSide } from "./column-facts";
import { proposeFallbackPass, proposeFirstPass } from "./first-pass";
import { rankKeyPairs } from "./key-pairs";
import { assignMappings, keepCurrencyOnBothSidesOrNeither, sideSuggestion, toFieldMapping } from "./mappings";
import { dropConflictingKinds, preferOverlappingAmounts } from "./pair-checks";
import type { RuleSetDefinitionInput, RuleSetSuggestion, SuggestInput, SuggestSideInput } from "./types";

/**
 * A first rule set for two files, proposed from what is known offline: the
 * column names, the profiled column types (amount separators, date
 * patterns) and how much the sampled values of candidate key columns
 * overlap. Every proposal carries a confidence in [0, 1] and a `because`
 * that a person can check. Pure and deterministic: the same profiles and
 * samples always give the same suggestion.
 */

export { CONCEPTS, columnTokens, readColumnName, type Concept } from "./column-names";
export { KEY_NORMALIZATIONS, bestOverlap, jaccard } from "./key-overlap";
export type {
  KeyCandidate,
  PassSuggestion,
  RuleSetDefinitionInput,
  RuleSetSuggestion,
  SideSuggestion,
  SuggestColumn,
  SuggestColumnType,
  SuggestInput,
  SuggestSideInput,
  SuggestedMapping,
  UnmappedColumn,
} from "./types";

export const KEY_CANDIDATES_SHOWN = 5;

export function suggestRuleSet(input: SuggestInput): RuleSetSuggestion {
  const source = describeSide("source", input.source);
  const target = describeSide("target", input.target);
  if (source.facts.length === 0 || target.facts.length === 0) throw new Error("both files need at least one column");
  // A file without a currency column of its own is most likely in the other file's currency.
  source.currency ??= target.currency;
  target.currency ??= source.currency;

  const keyCandidates = rankKeyPairs(source, target);
  const key = keyCandidates[0] ?? null;
  const sourceKey = key ? source.facts.find((facts) => facts.column.name === key.source)! : null;
  const targetKey = key ? target.facts.find((facts) => facts.column.name === key.target)! : null;

  const sourceSide = assignMappings(source, sourceKey, key);
  const targetSide = assignMappings(target, targetKey, key);
  keepCurrencyOnBothSidesOrNeither(sourceSide, targetSide);
  dropConflictingKinds(sourceSide, targetSide);
  preferOverlappingAmounts(sourceSide, targetSide);

  const firstPass = proposeFirstPass(sourceSide, targetSide, key);
  const fallback = proposeFallbackPass(sourceSide, targetSide, firstPass, keyCandidates);
  const definition: RuleSetDefinitionInput = {
    source: { mappings: sourceSide.mappings.map(toFieldMapping) },
    target: { mappings: targetSide.mappings.map(toFieldMapping) },
    passes: fallback ? [firstPass.pass, fallback.pass] : [firstPass.pass],
  };
  const checked = ruleSetDefinitionSchema.safeParse(definition);
  if (!checked.success) throw new Error(`suggested definition is invalid: ${checked.error.message}`);
  return {
    source: sideSuggestion(sourceSide),
    target: sideSuggestion(targetSide),
    keyCandidates: keyCandidates.slice(0, KEY_CANDIDATES_SHOWN).map(({ facts: _facts, ...candidate }) => candidate),
    firstPass,
    ...(fallback ? { fallbackPass: fallback } : {}),
    definition,
  };
}

/** Columns with at most this many distinct sampled values offer them to pick a row filter from. */
export const FILTER_VALUES_MAX = 20;

/**
 * The values of the sample's few-valued columns ("reporting_category":
 * charge, refund, fee…), most frequent first, with how many sampled rows
 * hold each: what a row filter is built from. Columns with more distinct
 * values (ids, amounts, names) are left out.
 */
export function fewValuedColumns(sample: SuggestSideInput["sample"]): Record<string, Array<{ value: string; rows: number }>> {
  const result: Record<string, Array<{ value: string; rows: number }>> = {};
  sample.columns.forEach((column, index) => {
    if (column in result) return;
    const counts = new Map<string, number>();
    for (const cell of sample.cells[index] ?? []) {
      if (cell === null || cell.trim() === "") continue;
      counts.set(cell, (counts.get(cell) ?? 0) + 1);
      if (counts.size > FILTER_VALUES_MAX) return;
    }
    if (counts.size === 0) return;
    result[column] = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([value, rows]) => ({ value, rows }));
  });
  return result;
}
