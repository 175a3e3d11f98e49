import type { PassContext } from "../context";
import { CandidateGraph } from "../resolve";
import { NULL_DATE } from "../../types";
import type { UnitSide } from "../units";
import { applyResolution } from "./record";

/**
 * Candidate generation by sorted windows: the blocking that keeps passes
 * without keys (and oversized key groups) away from n×m.
 *
 * Both sides are sorted by the pass's first tolerance dimension (amount, else
 * date). Each unit's window is the range of the other side within its
 * tolerance, found by binary search; when an amount window is still large
 * and the pass has a date window too, each run of equal amounts is narrowed
 * by date. Only pairs inside a window are checked exactly.
 *
 * A unit whose window holds more than MAX_WINDOW_ROWS rows is not compared:
 * with that many plausible counterparts, any pick would be a guess. It is
 * reported AMBIGUOUS instead. Windows are computed from both sides, so a pair
 * is found from whichever end is not over the limit, and an overflowing unit
 * still competes with its neighbours (see resolve.ts).
 */

export const MAX_WINDOW_ROWS = 128;
/** Equal-amount runs walked while narrowing one window by date before giving up on narrowing it. */
const MAX_RUNS_WALKED = 4 * MAX_WINDOW_ROWS;

type Dimension = "amount" | "date" | "none";

interface SortedSide {
  units: Int32Array;
  amounts: Float64Array;
  dates: Int32Array;
  /** Per position: end of its run of equal amounts. */
  runEnd: Int32Array;
}

export function runKeylessPass(ctx: PassContext): void {
  const graph = new CandidateGraph();
  collectCandidates(ctx, ctx.source.active, ctx.target.active, graph);
  applyResolution(ctx, graph.resolve(), MAX_WINDOW_ROWS);
}

/** Adds every candidate pair between the listed units to the graph, and marks units over the window limit. */
export function collectCandidates(ctx: PassContext, sources: Int32Array, targets: Int32Array, graph: CandidateGraph): void {
  if (sources.length <= MAX_WINDOW_ROWS && targets.length <= MAX_WINDOW_ROWS) {
    // Small blocks: every window would be the whole other side anyway.
    for (let i = 0; i < sources.length; i++) {
      const source = sources[i]!;
      for (let j = 0; j < targets.length; j++) {
        const target = targets[j]!;
        const score = ctx.evaluator.score(source, target);
        if (score >= 0) graph.addEdge(source, target, score);
      }
    }
    return;
  }
  windowedCandidates(ctx, sources, targets, graph);
}

function dimensionOf(ctx: PassContext): Dimension {
  if (ctx.evaluator.amountConfigured) return "amount";
  return ctx.evaluator.dateConfigured ? "date" : "none";
}

function windowedCandidates(ctx: PassContext, sources: Int32Array, targets: Int32Array, graph: CandidateGraph): void {
  const evaluator = ctx.evaluator;
  const dimension = dimensionOf(ctx);
  const sortedSources = sortForWindows(ctx.source, sources, dimension, evaluator.dateConfigured);
  const sortedTargets = sortForWindows(ctx.target, targets, dimension, evaluator.dateConfigured);
  const ranges: number[] = [];
  const overflowingSources = new Set<number>();

  for (let i = 0; i < sortedSources.units.length; i++) {
    const source = sortedSources.units[i]!;
    ranges.length = 0;
    const size = windowOf(ctx, ctx.source, source, sourceAmountReach(ctx, ctx.source.amount[source]!), sortedTargets, dimension, ranges);
    if (size > MAX_WINDOW_ROWS) {
      graph.markOverflow("source", source, size);
      overflowingSources.add(source);
      continue;
    }
    for (let r = 0; r < ranges.length; r += 2) {
      for (let position = ranges[r]!; position < ranges[r + 1]!; position++) {
        const target = sortedTargets.units[position]!;
        const score = evaluator.score(source, target);
        if (score >= 0) graph.addEdge(source, target, score);
      }
    }
  }

  for (let i = 0; i < sortedTargets.units.length; i++) {
    const target = sortedTargets.units[i]!;
    ranges.length = 0;
    const reach = evaluator.amountConfigured ? evaluator.allowanceFor(ctx.target.amount[target]!) : 0;
    const size = windowOf(ctx, ctx.target, target, reach, sortedSources, dimension, ranges);
    if (size > MAX_WINDOW_ROWS) {
      graph.markOverflow("target", target, size);
      continue;
    }
    if (overflowingSources.size === 0) continue;
    // Pairs with a non-overflowing source were added from the source side already.
    for (let r = 0; r < ranges.length; r += 2) {
      for (let position = ranges[r]!; position < ranges[r + 1]!; position++) {
        const source = sortedSources.units[position]!;
        if (!overflowingSources.has(source)) continue;
        const score = evaluator.score(source, target);
        if (score >= 0) graph.addEdge(source, target, score);
      }
    }
  }
}

/**
 * How far a source amount can be from a candidate target's. The percent
 * tolerance is relative to the target, which is not known yet, so this is a
 * bound: |s − t| ≤ bp·|t| and |t| ≤ |s| + |s − t| give |s − t| ≤ bp·|s|/(1 − bp).
 * The +1 absorbs float rounding; the exact check happens per pair.
 */
function sourceAmountReach(ctx: PassContext, sourceAmount: number): number {
  const evaluator = ctx.evaluator;
  if (!evaluator.amountConfigured) return 0;
  const basisPoints = evaluator.toleranceBasisPoints;
  if (basisPoints === 0) return evaluator.toleranceMinor;
  if (basisPoints >= 10000) return Number.POSITIVE_INFINITY;
  return Math.max(evaluator.toleranceMinor, Math.ceil((Math.abs(sourceAmount) * basisPoints) / (10000 - basisPoints))) + 1;
}

/** Units that can be candidates at all (they have the sorted values), sorted by amount then date, or by date. */
function sortForWindows(side: UnitSide, list: Int32Array, dimension: Dimension, needsDate: boolean): SortedSide {
  const eligible: number[] = [];
  for (let i = 0; i < list.length; i++) {
    const unit = list[i]!;
    if (dimension === "amount" && Number.isNaN(side.amount[unit]!)) continue;
    if ((dimension === "date" || needsDate) && side.dateMin[unit] === NULL_DATE) continue;
    eligible.push(unit);
  }
  const units = Int32Array.from(eligible);
  if (dimension === "amount") {
    units.sort((a, b) => side.amount[a]! - side.amount[b]! || side.dateMin[a]! - side.dateMin[b]! || a - b);
  } else if (dimension === "date") {
    units.sort((a, b) => side.dateMin[a]! - side.dateMin[b]! || a - b);
  }
  const amounts = new Float64Array(units.length);
  const dates = new Int32Array(units.length);
  for (let i = 0; i < units.length; i++) {
    amounts[i] = side.amount[units[i]!]!;
    dates[i] = side.dateMin[units[i]!]!;
  }
  const runEnd = new Int32Array(units.length);
  for (let i = units.length - 1; i >= 0; i--) {
    runEnd[i] = i + 1 < units.length && amounts[i + 1] === amounts[i] ? runEnd[i + 1]! : i + 1;
  }
  return { units, amounts, dates, runEnd };
}

/**
 * Fills `ranges` with [from, to) position pairs of `other` that may pair with
 * the probe unit, and returns how many positions they cover. A result over
 * MAX_WINDOW_ROWS means "too many" and the ranges may be incomplete.
 */
function windowOf(ctx: PassContext, probeSide: UnitSide, probe: number, amountReach: number, other: SortedSide, dimension: Dimension, ranges: number[]): number {
  const evaluator = ctx.evaluator;
  const size = other.units.length;
  if (dimension === "none") {
    ranges.push(0, size);
    return size;
  }
  // A partner's earliest date lies in [probe's latest − window, probe's earliest + window] (see PairEvaluator.dateDistance).
  const dateFrom = probeSide.dateMax[probe]! - evaluator.calendarWindow;
  const dateTo = probeSide.dateMin[probe]! + evaluator.calendarWindow;
  if (dimension === "date") {
    const from = lowerBoundInt(other.dates, dateFrom, 0, size);
    const to = upperBoundInt(other.dates, dateTo, from, size);
    ranges.push(from, to);
    return to - from;
  }
  const amount = probeSide.amount[probe]!;
  const from = lowerBoundFloat(other.amounts, amount - amountReach, 0, size);
  const to = upperBoundFloat(other.amounts, amount + amountReach, from, size);
  if (to - from <= MAX_WINDOW_ROWS || !evaluator.dateConfigured) {
    ranges.push(from, to);
    return to - from;
  }
  // Many rows within the amount tolerance: narrow each run of equal amounts by date.
  let covered = 0;
  let runs = 0;
  for (let position = from; position < to; runs++) {
    if (runs >= MAX_RUNS_WALKED) return to - from;
    const runTo = Math.min(other.runEnd[position]!, to);
    const dateLo = lowerBoundInt(other.dates, dateFrom, position, runTo);
    const dateHi = upperBoundInt(other.dates, dateTo, dateLo, runTo);
    if (dateHi > dateLo) {
      ranges.push(dateLo, dateHi);
      covered += dateHi - dateLo;
      if (covered > MAX_WINDOW_ROWS) return covered;
    }
    position = runTo;
  }
  return covered;
}

function lowerBoundFloat(values: Float64Array, value: number, from: number, to: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBoundFloat(values: Float64Array, value: number, from: number, to: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lowerBoundInt(values: Int32Array, value: number, from: number, to: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBoundInt(values: Int32Array, value: number, from: number, to: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
