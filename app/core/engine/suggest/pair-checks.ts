import { compileAmountParser } from "~/core/values/amounts";
import { isFailure } from "~/core/values/transform-failure";
import { VALUE_KIND_WORDS, valueKind, type ColumnFacts } from "./column-facts";
import type { AssignedMapping, AssignedSide } from "./mappings";
import { quote, round2 } from "./wording";

/*
 * Checks across the two files, after each side has been assigned on its own:
 * a field is only worth comparing when both columns hold the same kind of
 * value, and of several amount columns the one whose values the other file
 * also holds is the one to compare.
 */

/** Share of one side's sampled amounts the other side must also hold before an amount column is preferred for it. */
const AMOUNT_OVERLAP_MIN = 0.5;
/** How much more it must overlap than the column chosen by name. */
const AMOUNT_OVERLAP_MARGIN = 0.2;

/**
 * A field mapped on both sides to columns of different kinds (a text name
 * against currency codes) can never compare equal: the weaker mapping is
 * taken out, with the reason, rather than offered at any confidence.
 */
export function dropConflictingKinds(source: AssignedSide, target: AssignedSide): void {
  for (const sourceMapping of [...source.mappings]) {
    const targetMapping = target.mappings.find((mapping) => mapping.field === sourceMapping.field);
    if (!targetMapping) continue;
    const sourceFacts = source.state.facts[sourceMapping.index]!;
    const targetFacts = target.state.facts[targetMapping.index]!;
    const kinds = { source: valueKind(sourceFacts), target: valueKind(targetFacts) };
    if (compatible(kinds.source, kinds.target)) continue;
    const [loser, loserSide, winner, winnerKind, loserKind] =
      sourceMapping.confidence < targetMapping.confidence
        ? [sourceMapping, source, targetMapping, kinds.target, kinds.source]
        : [targetMapping, target, sourceMapping, kinds.source, kinds.target];
    loserSide.mappings.splice(loserSide.mappings.indexOf(loser), 1);
    loserSide.unmapped.set(
      loser.index,
      `could be ${loser.field} (${loser.confidence.toFixed(2)}), but its values are ${VALUE_KIND_WORDS[loserKind]} and the other file's ${loser.field}, ${quote(winner.column)}, holds ${VALUE_KIND_WORDS[winnerKind]}: they could never be equal`,
    );
  }
}

/** Keys compare as text: an id may be written as digits on one side and as text on the other; everything else must agree. */
function compatible(a: string, b: string): boolean {
  if (a === b) return true;
  const loose = new Set(["number", "text"]);
  return loose.has(a) && loose.has(b);
}

/**
 * Names say "amount", "gross", "net", "total"; the values say which of them
 * the other file holds. When another amount column of a side shares clearly
 * more of its sampled values with the other side's amount than the one the
 * names chose, it is taken instead, and the evidence says so.
 */
export function preferOverlappingAmounts(source: AssignedSide, target: AssignedSide): void {
  for (const [side, other] of [
    [target, source],
    [source, target],
  ] as const) {
    const own = side.mappings.find((mapping) => mapping.field === "amount");
    const theirs = other.mappings.find((mapping) => mapping.field === "amount");
    if (!own || !theirs) continue;
    const theirValues = amountValues(other.state.facts[theirs.index]!);
    if (theirValues.size === 0) continue;
    const ownShare = overlapShare(side.state.facts[own.index]!, theirValues);
    let best: { facts: ColumnFacts; share: number } | null = null;
    for (const candidate of side.state.candidates) {
      if (candidate.concept !== "amount" || candidate.facts.index === own.index) continue;
      if (side.mappings.some((mapping) => mapping.index === candidate.facts.index)) continue;
      const share = overlapShare(candidate.facts, theirValues);
      if (!best || share > best.share) best = { facts: candidate.facts, share };
    }
    const percent = (share: number) => `${Math.round(share * 100)}%`;
    if (!best || best.share < AMOUNT_OVERLAP_MIN || best.share < ownShare + AMOUNT_OVERLAP_MARGIN) {
      // Kept: the overlap is still evidence worth showing (a payout is a sum, so 0% is no surprise there).
      own.because = `${own.because}; ${percent(ownShare)} of its sampled amounts also appear in ${quote(theirs.column)} of the other file`;
      continue;
    }
    const replaced: AssignedMapping = {
      ...own,
      column: best.facts.column.name,
      index: best.facts.index,
      // The overlap is the evidence now: as sure as the share of values it explains.
      confidence: round2(best.share),
      because: `${percent(best.share)} of its sampled amounts also appear in ${quote(theirs.column)} of the other file, against ${percent(ownShare)} for ${quote(own.column)}`,
    };
    side.mappings[side.mappings.indexOf(own)] = replaced;
    side.mappings.sort((a, b) => a.index - b.index);
    side.unmapped.delete(best.facts.index);
    side.unmapped.set(own.index, `could be amount (${own.confidence.toFixed(2)}), but only ${percent(ownShare)} of its sampled amounts appear in the other file, against ${percent(best.share)} for ${quote(best.facts.column.name)}`);
  }
}

function amountValues(facts: ColumnFacts): Set<number> {
  const amount = facts.column.amount;
  const parse = compileAmountParser({
    decimalSeparator: amount?.decimalSeparator ?? ".",
    thousandsSeparator: amount?.thousandsSeparator ?? "",
    sign: amount && amount.negative !== "crdr" ? amount.negative : "minus",
    minorUnits: 2,
  });
  const values = new Set<number>();
  for (const cell of facts.cells) {
    if (cell === null || cell.trim() === "") continue;
    const value = parse(cell);
    // Zero is every fee-free row's fee: no evidence of anything.
    if (!isFailure(value) && value !== null && value !== 0) values.add(value);
  }
  return values;
}

function overlapShare(facts: ColumnFacts, others: ReadonlySet<number>): number {
  const own = amountValues(facts);
  if (own.size === 0) return 0;
  let shared = 0;
  for (const value of own) if (others.has(value)) shared++;
  return shared / own.size;
}
