import { sharedNameTokens, type Concept } from "./column-names";
import { KEY_TYPES, type ColumnFacts, type SideState } from "./column-facts";
import { bestOverlap, uniqueness, valuesUnderEachNormalization, type ColumnOverlap, type ColumnValues } from "./key-overlap";
import type { KeyCandidate } from "./types";
import { quote, round2 } from "./wording";

/*
 * The key pair: text or integer columns of the two files whose sampled
 * values overlap, ranked by overlap, key-like names and uniqueness.
 */

/** How much of a key's name makes it key-like: identifiers first, free text last. */
const KEY_PRIOR: Partial<Record<Concept, number>> = { id: 1, reference: 0.9, email: 0.6, counterparty: 0.3, description: 0.2 };
const UNNAMED_KEY_PRIOR = 0.3;

export interface RankedKey extends KeyCandidate {
  facts: { source: ColumnFacts; target: ColumnFacts };
}

export function keyLikeness(facts: ColumnFacts): { prior: number; concept: Concept | null } {
  let best: { prior: number; concept: Concept | null } = { prior: UNNAMED_KEY_PRIOR, concept: null };
  for (const reading of facts.readings) {
    const prior = (KEY_PRIOR[reading.concept] ?? 0) * reading.score;
    if (prior > best.prior) best = { prior, concept: reading.concept };
  }
  return best;
}

/**
 * Pairs of text or integer columns that share sampled values, scored by
 * overlap (Jaccard J), how key-like both names are (N) and how unique the
 * values are on each side (U, the product of both sides' distinct-per-cell
 * ratios): (0.7·J + 0.3·N)·U. A status column shares all its values with the
 * other file's, but repeats them on both sides, so U sinks it.
 */
export function rankKeyPairs(source: SideState, target: SideState): RankedKey[] {
  const eligible = (side: SideState) => side.facts.filter((facts) => KEY_TYPES.has(facts.column.type) && facts.cells.length > 0);
  const sourceColumns = eligible(source).map((facts) => ({ facts, values: valuesUnderEachNormalization(facts.cells) }));
  const targetColumns = eligible(target).map((facts) => ({ facts, values: valuesUnderEachNormalization(facts.cells) }));
  const ranked: RankedKey[] = [];
  for (const sourceColumn of sourceColumns) {
    for (const targetColumn of targetColumns) {
      const overlap = bestOverlap(sourceColumn.values, targetColumn.values);
      if (overlap.shared === 0) continue;
      ranked.push(scoreKeyPair(sourceColumn.facts, targetColumn.facts, overlap));
    }
  }
  ranked.sort(
    (a, b) => b.confidence - a.confidence || b.jaccard - a.jaccard || a.facts.source.index - b.facts.source.index || a.facts.target.index - b.facts.target.index,
  );
  return ranked;
}

function scoreKeyPair(sourceFacts: ColumnFacts, targetFacts: ColumnFacts, overlap: ColumnOverlap): RankedKey {
  const sourceName = keyLikeness(sourceFacts);
  const targetName = keyLikeness(targetFacts);
  const shared = sharedNameTokens(sourceFacts.column.name, targetFacts.column.name);
  const nameScore = Math.min(1, (sourceName.prior + targetName.prior) / 2 + (shared.length > 0 ? 0.1 : 0));
  const unique = uniqueness(overlap.source) * uniqueness(overlap.target);
  const confidence = (0.7 * overlap.jaccard + 0.3 * nameScore) * unique;

  const reasons = [
    `${quote(sourceFacts.column.name)} and ${quote(targetFacts.column.name)} share ${overlap.shared} of ${overlap.source.distinct.size + overlap.target.distinct.size - overlap.shared} distinct sampled values ` +
      `(Jaccard ${overlap.jaccard.toFixed(2)}, ${overlap.normalization.label})`,
    describeUniqueness(overlap.source, overlap.target),
    `the names read as ${sourceName.concept ?? "nothing in particular"} and ${targetName.concept ?? "nothing in particular"}` +
      (shared.length > 0 ? ` and share ${shared.map((token) => `"${token}"`).join(", ")}` : ""),
  ];
  return {
    source: sourceFacts.column.name,
    target: targetFacts.column.name,
    confidence: round2(confidence),
    jaccard: round2(overlap.jaccard),
    sharedValues: overlap.shared,
    transforms: overlap.normalization.transforms,
    because: reasons.join("; "),
    facts: { source: sourceFacts, target: targetFacts },
  };
}

function describeUniqueness(source: ColumnValues, target: ColumnValues): string {
  const repeats = (values: ColumnValues) => values.present - values.distinct.size;
  if (repeats(source) === 0 && repeats(target) === 0) return "no value repeats on either side";
  const cells = (count: number) => `${count} repeated cell${count === 1 ? "" : "s"}`;
  return `values repeat (${cells(repeats(source))} in the source sample, ${cells(repeats(target))} in the target's)`;
}
