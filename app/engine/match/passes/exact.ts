import type { PassContext } from "../context";
import { describePair } from "../explain";
import { bucketize } from "../keys";
import type { PairFailure } from "../pair";
import { CandidateGraph } from "../resolve";
import type { FieldComparison } from "../../types";
import { compareUnits, firstRow, type UnitSide, unitLabel } from "../units";
import { applyResolution, mismatchTypeOf, recordAmbiguousKeyGroup, recordDuplicate, recordKeyMismatch, recordPairMatch } from "./record";
import { collectCandidates, MAX_WINDOW_ROWS } from "./tolerance";

/**
 * Keyed passes: units are bucketed by key id (a counting sort, no string
 * compares), and only units sharing a key are ever compared.
 *
 * Per key:
 * - keepEarliest: on each side, the earliest unit (date, then provenance
 *   line) is the candidate and every other unit with the key is DUPLICATE.
 *   Duplicates are only flagged when the key exists on both sides: without a
 *   counterpart there is nothing to double-count, and the rows stay for later
 *   passes.
 * - one unit each side (the common case, and the fast path): a candidate
 *   pair matches; otherwise the failed check may raise a key mismatch.
 * - more: candidate pairs go to the graph (resolve.ts), which matches mutual
 *   unique bests and raises ties AMBIGUOUS. What the graph leaves of the key
 *   group is then judged by key alone (settleLeftovers).
 */
export function runKeyedPass(ctx: PassContext, keyCount: number): void {
  const sourceBuckets = bucketize(ctx.source.keyId, keyCount, ctx.source.active);
  const targetBuckets = bucketize(ctx.target.keyId, keyCount, ctx.target.active);
  const keepEarliest = ctx.plan.pass.duplicates === "keepEarliest";
  const graph = new CandidateGraph();
  const contested: Array<{ sources: Int32Array; targets: Int32Array }> = [];

  for (let key = 0; key < keyCount; key++) {
    const sourceFrom = sourceBuckets.start[key]!;
    const sourceTo = sourceBuckets.start[key + 1]!;
    const targetFrom = targetBuckets.start[key]!;
    const targetTo = targetBuckets.start[key + 1]!;
    if (sourceTo === sourceFrom || targetTo === targetFrom) continue;

    if (sourceTo - sourceFrom === 1 && targetTo - targetFrom === 1) {
      settlePair(ctx, sourceBuckets.items[sourceFrom]!, targetBuckets.items[targetFrom]!);
      continue;
    }
    const sources = sourceBuckets.items.subarray(sourceFrom, sourceTo);
    const targets = targetBuckets.items.subarray(targetFrom, targetTo);
    if (keepEarliest) {
      settlePair(ctx, keepEarliestOf(ctx, ctx.source, sources), keepEarliestOf(ctx, ctx.target, targets));
      continue;
    }
    if (!ctx.evaluator.amountConfigured && !ctx.evaluator.dateConfigured && (sources.length > MAX_WINDOW_ROWS || targets.length > MAX_WINDOW_ROWS)) {
      // Nothing to narrow the group by: every pair would be compared.
      recordAmbiguousKeyGroup(ctx, Array.from(sources), Array.from(targets), `more than ${MAX_WINDOW_ROWS} rows on one side share the key; not compared`, []);
      continue;
    }
    collectCandidates(ctx, sources, targets, graph);
    contested.push({ sources, targets });
  }

  if (contested.length === 0) return;
  applyResolution(ctx, graph.resolve(), MAX_WINDOW_ROWS);
  for (const group of contested) settleLeftovers(ctx, group.sources, group.targets);
}

/** A key pair with nobody else sharing the key: match it, or raise what failed. */
function settlePair(ctx: PassContext, sourceUnit: number, targetUnit: number): void {
  const score = ctx.evaluator.score(sourceUnit, targetUnit);
  if (score >= 0) {
    recordPairMatch(ctx, sourceUnit, targetUnit, score);
    return;
  }
  recordKeyMismatch(ctx, sourceUnit, targetUnit, score as PairFailure);
}

function keepEarliestOf(ctx: PassContext, side: UnitSide, units: Int32Array): number {
  let kept = units[0]!;
  for (let i = 1; i < units.length; i++) {
    if (compareUnits(side, units[i]!, kept) < 0) kept = units[i]!;
  }
  for (let i = 0; i < units.length; i++) {
    if (units[i] !== kept) recordDuplicate(ctx, side.side, units[i]!, kept);
  }
  return kept;
}

function isFree(ctx: PassContext, side: UnitSide, unit: number): boolean {
  return ctx.ledger.isFree(side.side, firstRow(side, unit));
}

/**
 * What the candidate graph left of a key group. No two of these units are
 * candidates for each other (candidates were matched or raised AMBIGUOUS).
 * One left on each side: that is the key pair, and its failed check raises
 * as in settlePair. Several on a side, where some pairing would be a
 * mismatch: which row belongs to which is unclear, so the group is AMBIGUOUS.
 * Otherwise (nothing would raise) they stay in the pool for later passes.
 */
function settleLeftovers(ctx: PassContext, sourceUnits: Int32Array, targetUnits: Int32Array): void {
  const sources = Array.from(sourceUnits).filter((unit) => isFree(ctx, ctx.source, unit));
  const targets = Array.from(targetUnits).filter((unit) => isFree(ctx, ctx.target, unit));
  if (sources.length === 0 || targets.length === 0) return;
  if (sources.length === 1 && targets.length === 1) {
    settlePair(ctx, sources[0]!, targets[0]!);
    return;
  }
  if (sources.length * targets.length > MAX_WINDOW_ROWS * MAX_WINDOW_ROWS) {
    recordAmbiguousKeyGroup(ctx, sources, targets, "none pair up within the pass's checks, and there are too many rows to compare pairwise", []);
    return;
  }
  const raising: FieldComparison[] = [];
  for (const source of sources) {
    for (const target of targets) {
      const failure = ctx.evaluator.score(source, target);
      if (failure >= 0 || mismatchTypeOf(ctx, failure as PairFailure) === null) continue;
      const failed = describePair(ctx, source, target).find((comparison) => comparison.outcome === "different");
      raising.push({
        field: "pair",
        source: unitLabel(ctx.source, source),
        target: unitLabel(ctx.target, target),
        outcome: "different",
        detail: failed ? `${failed.field}: ${failed.detail}` : "different",
      });
    }
  }
  if (raising.length === 0) return;
  recordAmbiguousKeyGroup(ctx, sources, targets, "none pair up within the pass's checks, so which rows belong together is for a person to decide", raising);
}
