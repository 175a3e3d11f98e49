import { formatMoney } from "~/components/format";

/**
 * A match made by hand, in words: who matched which rows, with what money,
 * instead of "Matched by hand: mm_01M97…". The match's id stays available
 * (a copy button, the API), never in the sentence.
 */
export interface MatchFacts {
  sourceCount: number;
  targetCount: number;
  currency: string;
  sourceTotalMinor: number;
  targetTotalMinor: number;
  differenceMinor: number;
}

/** "SO-1001", "SO-1001 and SO-1002", "SO-1001, SO-1002, SO-1003 and 4 more". */
export function listOfReferences(references: readonly string[], shown = 3): string {
  if (references.length === 0) return "";
  if (references.length <= shown) return references.length === 1 ? references[0]! : `${references.slice(0, -1).join(", ")} and ${references.at(-1)}`;
  return `${references.slice(0, shown).join(", ")} and ${references.length - shown} more`;
}

const exceptionsOf = (count: number, side: string) => `${count} ${side} exception${count === 1 ? "" : "s"}`;

/** "1 source exception (€10.00) against 1 target exception (€10.00)", and the forced difference when there was one. */
export function matchMoney(facts: MatchFacts): string {
  const sides = `${exceptionsOf(facts.sourceCount, "source")} (${formatMoney(facts.sourceTotalMinor, facts.currency)}) against ${exceptionsOf(facts.targetCount, "target")} (${formatMoney(facts.targetTotalMinor, facts.currency)})`;
  return facts.differenceMinor !== 0 ? `${sides}, forced over a difference of ${formatMoney(facts.differenceMinor, facts.currency)}` : sides;
}

/** "You matched SO-1003 with PAY-9 by hand" (the rows as people know them). */
export function whoMatchedWhat(who: string, sources: readonly string[], targets: readonly string[]): string {
  if (sources.length === 0 && targets.length === 0) return `${who} matched these exceptions by hand`;
  return `${who} matched ${listOfReferences(sources)} with ${listOfReferences(targets)} by hand`;
}
