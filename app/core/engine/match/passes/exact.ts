import type { PassContext } from "../context";
import { describePair, keyText } from "../explain";
import { bucketize, NO_KEY } from "../keys";
import { FAIL_CONFLICT, type PairFailure } from "../pair";
import { CandidateGraph } from "../resolve";
import type { FieldComparison } from "../../types";
import { compareUnits, firstRow, type UnitSide, unitLabel, unitRows } from "../units";
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
  const source = unitsPerKey(ctx.source.keyId, keyCount, ctx.source.active);
  const target = unitsPerKey(ctx.target.keyId, keyCount, ctx.target.active);
  // Most keys have one unit a side, settled straight from the counts. Only the units of keys
  // shared on a side are bucketed (a counting sort), so a clean 1:1 join sorts nothing.
  const sharedKey = (key: number) => source.count[key]! > 0 && target.count[key]! > 0 && (source.count[key]! > 1 || target.count[key]! > 1);
  const sourceBuckets = bucketize(ctx.source.keyId, keyCount, unitsOfKeys(ctx.source.keyId, ctx.source.active, sharedKey));
  const targetBuckets = bucketize(ctx.target.keyId, keyCount, unitsOfKeys(ctx.target.keyId, ctx.target.active, sharedKey));
  const keepEarliest = ctx.plan.pass.duplicates === "keepEarliest";
  const graph = new CandidateGraph();
  const contested: Array<{ sources: Int32Array; targets: Int32Array }> = [];

  for (let key = 0; key < keyCount; key++) {
    const sourceUnits = source.count[key]!;
    const targetUnits = target.count[key]!;
    if (sourceUnits === 0 || targetUnits === 0) continue;
    if (sourceUnits === 1 && targetUnits === 1) {
      settlePair(ctx, source.first[key]!, target.first[key]!);
      continue;
    }
    const sources = sourceBuckets.items.subarray(sourceBuckets.start[key]!, sourceBuckets.start[key + 1]!);
    const targets = targetBuckets.items.subarray(targetBuckets.start[key]!, targetBuckets.start[key + 1]!);
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

/** Per key: how many of the units have it, and the first of them (in `units` order). */
function unitsPerKey(keyId: Int32Array, keyCount: number, units: Int32Array): { count: Int32Array; first: Int32Array } {
  const count = new Int32Array(keyCount);
  const first = new Int32Array(keyCount);
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    const key = keyId[unit]!;
    if (key === NO_KEY) continue;
    if (count[key]!++ === 0) first[key] = unit;
  }
  return { count, first };
}

/** The units (order kept) whose key passes the test. */
function unitsOfKeys(keyId: Int32Array, units: Int32Array, test: (key: number) => boolean): Int32Array {
  const kept: number[] = [];
  for (let i = 0; i < units.length; i++) {
    const key = keyId[units[i]!]!;
    if (key !== NO_KEY && test(key)) kept.push(units[i]!);
  }
  return Int32Array.from(kept);
}

/** A key pair with nobody else sharing the key: match it, or raise what failed. */
function settlePair(ctx: PassContext, sourceUnit: number, targetUnit: number): void {
  const score = ctx.evaluator.score(sourceUnit, targetUnit);
  if (score >= 0) {
    recordPairMatch(ctx, sourceUnit, targetUnit, score);
    return;
  }
  if (score === FAIL_CONFLICT) {
    noteConflict(ctx, sourceUnit, targetUnit);
    return;
  }
  recordKeyMismatch(ctx, sourceUnit, targetUnit, score as PairFailure);
}

/**
 * The pair shared this pass's key but carries different values of a field
 * the pass must not cross: both rows stay in the pool, and the reason reaches
 * their MISSING_* exception should nothing else match them.
 */
function noteConflict(ctx: PassContext, sourceUnit: number, targetUnit: number): void {
  const guard = ctx.evaluator.conflictingGuard(sourceUnit, targetUnit)!;
  const sourceRow = firstRow(ctx.source, sourceUnit);
  const targetRow = firstRow(ctx.target, targetUnit);
  const comparison = {
    field: guard.label,
    source: guard.sourceValue(sourceRow),
    target: guard.targetValue(targetRow),
    outcome: "different" as const,
    detail: `pass "${ctx.plan.pass.name}" shares the key "${keyText(ctx, "source", sourceUnit)}" but must not cross ${guard.label}`,
  };
  for (const row of unitRows(ctx.source, sourceUnit)) ctx.ledger.note("source", row, comparison);
  for (const row of unitRows(ctx.target, targetUnit)) ctx.ledger.note("target", row, comparison);
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
