import { TEXT_CONCEPTS } from "./column-names";
import { KEY_TYPES } from "./column-facts";
import { keyLikeness, type RankedKey } from "./key-pairs";
import type { AssignedSide } from "./mappings";
import type { PassInput, PassSuggestion } from "./types";
import { quote, round2 } from "./wording";

/** The first pass's tolerances: one minor unit absorbs rounding; two days cover a payment settling after its order. */
const AMOUNT_TOLERANCE_MINOR = 1;
const DATE_WINDOW_DAYS = 2;

export function proposeFirstPass(source: AssignedSide, target: AssignedSide, key: RankedKey | null): PassSuggestion {
  const mapsOnBoth = (field: string) => [source, target].every((side) => side.mappings.some((mapping) => mapping.field === field));
  const hasAmount = mapsOnBoth("amount");
  const hasDate = mapsOnBoth("date");
  const checks: string[] = [];
  const pass: PassInput = { name: "" };
  if (hasAmount) {
    pass.amount = { toleranceMinor: AMOUNT_TOLERANCE_MINOR };
    checks.push(`amounts may differ by ${AMOUNT_TOLERANCE_MINOR} minor unit (rounding); a larger difference is AMOUNT_MISMATCH`);
  }
  if (hasDate) {
    pass.date = { windowDays: DATE_WINDOW_DAYS };
    checks.push(`dates may be up to ${DATE_WINDOW_DAYS} days apart (payments settle after the order)`);
  }

  if (key && source.key && target.key) {
    pass.name = `${key.source} = ${key.target}`.slice(0, 100);
    pass.keys = [source.key.field === target.key.field ? source.key.field : { source: source.key.field, target: target.key.field }];
    const because = [`rows whose ${quote(key.source)} equals ${quote(key.target)} match, the best-overlapping key pair (${key.because})`, ...checks];
    return { pass, confidence: key.confidence, because: because.join("; ") };
  }
  if (hasAmount && hasDate) {
    pass.name = "amount and date";
    pass.amountOnlySearch = { maxGroupSize: 2, windowDays: DATE_WINDOW_DAYS };
    const because = [
      "no column pair shares any sampled value, so there is no key: the pass searches by amount within the date window (up to 2 source rows per target row)",
      ...checks,
    ];
    return { pass, confidence: 0.3, because: because.join("; ") };
  }
  return fallbackOnNames(source, target, pass, checks);
}

/**
 * Nothing overlaps and there is no amount and date to search by: the most
 * key-like names are the only evidence left, so say so with a low confidence.
 */
function fallbackOnNames(source: AssignedSide, target: AssignedSide, pass: PassInput, checks: string[]): PassSuggestion {
  const pick = (side: AssignedSide) => {
    const ranked = [...side.state.facts].sort((a, b) => keyLikeness(b).prior - keyLikeness(a).prior || a.index - b.index);
    const facts = ranked.find((candidate) => KEY_TYPES.has(candidate.column.type)) ?? ranked[0]!;
    const existing = side.mappings.find((candidate) => candidate.column === facts.column.name && candidate.concept !== null && TEXT_CONCEPTS.has(candidate.concept));
    if (existing) return { facts, field: existing.field };
    // A second mapping of the column is fine: keys are compared as text, whatever else the column feeds.
    side.mappings.push({ field: "key", column: facts.column.name, transforms: [], confidence: 0.1, because: "the most key-like name; no values overlap", concept: null, index: facts.index });
    side.mappings.sort((a, b) => a.index - b.index);
    side.unmapped.delete(facts.index);
    return { facts, field: "key" };
  };
  const sourceKey = pick(source);
  const targetKey = pick(target);
  const nameScore = (keyLikeness(sourceKey.facts).prior + keyLikeness(targetKey.facts).prior) / 2;
  pass.name = `${sourceKey.facts.column.name} = ${targetKey.facts.column.name}`.slice(0, 100);
  pass.keys = [sourceKey.field === targetKey.field ? sourceKey.field : { source: sourceKey.field, target: targetKey.field }];
  const because = [
    `no column pair shares any sampled value; ${quote(sourceKey.facts.column.name)} and ${quote(targetKey.facts.column.name)} only have the most key-like names, so check the files cover the same records`,
    ...checks,
  ];
  return { pass, confidence: round2(0.2 * nameScore), because: because.join("; ") };
}

/** A fallback key must score near the first key and share at least half its values, or it pairs strangers. */
const FALLBACK_RELATIVE_CONFIDENCE = 0.75;
const FALLBACK_MIN_CONFIDENCE = 0.3;
const FALLBACK_MIN_JACCARD = 0.5;

/**
 * The rows the first key cannot pair (an order id left blank by a checkout)
 * often carry another shared value (the customer's email). When the next-best
 * key pair uses other columns, both mapped to one field, a second pass keys
 * on it, never across the first key (mustNotConflict), with the first pass's
 * amount and date checks.
 */
export function proposeFallbackPass(source: AssignedSide, target: AssignedSide, first: PassSuggestion, candidates: readonly RankedKey[]): PassSuggestion | null {
  const firstKey = candidates[0];
  if (!firstKey || !source.key || !target.key || source.key.field !== target.key.field) return null;
  const fieldOf = (side: AssignedSide, column: string) => side.mappings.find((mapping) => mapping.column === column)?.field;
  const next = candidates.find((candidate) => {
    if (candidate.confidence < Math.max(FALLBACK_MIN_CONFIDENCE, FALLBACK_RELATIVE_CONFIDENCE * firstKey.confidence) || candidate.jaccard < FALLBACK_MIN_JACCARD) return false;
    if (candidate.source === firstKey.source || candidate.target === firstKey.target) return false;
    // "@reference" beside "Name" is the same value twice: no second chance.
    if (candidate.sharedValues === firstKey.sharedValues && candidate.jaccard === firstKey.jaccard) return false;
    const field = fieldOf(source, candidate.source);
    return field !== undefined && field !== source.key!.field && field === fieldOf(target, candidate.target);
  });
  if (!next) return null;
  const field = fieldOf(source, next.source)!;
  const pass: PassInput = {
    name: `${next.source} = ${next.target}`.slice(0, 100),
    keys: [field],
    mustNotConflict: [source.key.field],
    ...(first.pass.amount ? { amount: first.pass.amount } : {}),
    ...(first.pass.date ? { date: first.pass.date } : {}),
  };
  const because = `rows the first pass leaves unmatched pair on ${quote(next.source)} = ${quote(next.target)}, the next-best key (${next.because}), never across a different ${source.key.field}`;
  // No better than either key: it only runs on what the first left over.
  return { pass, confidence: round2(Math.min(next.confidence, first.confidence)), because };
}
