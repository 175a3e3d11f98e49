/**
 * Values flowing through a transform chain, and how a step says it failed.
 *
 * A failing step returns a TransformFailure instead of throwing: a bad cell is
 * ordinary data (one in a million rows may be "n/a"), and throwing and
 * catching per row would cost more than the parse itself. The chain runner
 * turns the failure into a NormalizeIssue and stores null for that cell.
 */

/** Text, or a number (integer minor units after parseAmount/scale/negate/absolute), or absent. */
export type ChainValue = string | number | null;

export class TransformFailure {
  constructor(readonly message: string) {}
}

export type StepResult = ChainValue | TransformFailure;

/** True for a failure; a ChainValue is never an object, so this is a cheap typeof check. */
export function isFailure(result: StepResult | number | null): result is TransformFailure {
  return typeof result === "object" && result !== null;
}
