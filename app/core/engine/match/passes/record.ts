import type { PassContext } from "../context";
import { currencyCode, describePair, formatSimilarity, keyText } from "../explain";
import { FAIL_AMOUNT, FAIL_CURRENCY, FAIL_DATE, type PairFailure } from "../pair";
import type { ExceptionDraft } from "../outcomes";
import type { AmbiguousComponent, Resolution } from "../resolve";
import type { ExceptionType, FieldComparison, Side } from "../../types";
import { compareUnits, CURRENCY_MIXED, type UnitSide, unitLabel, unitRows } from "../units";

/**
 * Turning pass decisions into Matches and exceptions, each with its reasons.
 * Messages list units in canonical order (date, then provenance) so they
 * read the same whatever order the input rows came in.
 */

/** How many candidates a message or reason lists before summarizing the rest. */
const LISTED = 10;

export function recordPairMatch(ctx: PassContext, sourceUnit: number, targetUnit: number, score: number): void {
  const { source, target, ledger } = ctx;
  const contextId = ledger.matches.register(ctx);
  ledger.addUnitMatch(contextId, sourceUnit, targetUnit, score, unitMembers(source, sourceUnit, SOURCE_SINGLE), unitMembers(target, targetUnit, TARGET_SINGLE));
}

const SOURCE_SINGLE = new Int32Array(1);
const TARGET_SINGLE = new Int32Array(1);

/** A unit's rows without copying them out: a view of the group's members, or the one row in a scratch lane. */
function unitMembers(side: UnitSide, unit: number, single: Int32Array): ArrayLike<number> {
  if (side.memberStart === null) {
    single[0] = unit;
    return single;
  }
  return side.memberRows!.subarray(side.memberStart[unit]!, side.memberStart[unit + 1]!);
}

/**
 * The exception a key match raises when a check fails: a currency difference
 * always (FIELD_MISMATCH), amount and date only when the pass asks for it
 * (mismatchOnKeyMatch). A failed fuzzy check raises nothing: a key match
 * whose text is not similar is simply not this pass's match.
 */
export function mismatchTypeOf(ctx: PassContext, failure: PairFailure): ExceptionType | null {
  const pass = ctx.plan.pass;
  if (failure === FAIL_CURRENCY) return "FIELD_MISMATCH";
  if (failure === FAIL_AMOUNT && pass.amount?.mismatchOnKeyMatch) return "AMOUNT_MISMATCH";
  if (failure === FAIL_DATE && pass.date?.mismatchOnKeyMatch) return "DATE_MISMATCH";
  return null;
}

/** Source minus target in minor units, when both are known, share a currency and the difference is exact. */
function amountDifference(ctx: PassContext, sourceUnit: number, targetUnit: number): number | null {
  if (!ctx.evaluator.currenciesAgree(sourceUnit, targetUnit)) return null;
  const difference = ctx.source.amount[sourceUnit]! - ctx.target.amount[targetUnit]!;
  return Number.isSafeInteger(difference) ? difference : null;
}

const FAILED_FIELD: Record<string, string> = {
  FIELD_MISMATCH: "currency",
  AMOUNT_MISMATCH: "amount",
  DATE_MISMATCH: "date",
};

/** Records the key-match exception for a failed pair; returns false when the failure raises none. */
export function recordKeyMismatch(ctx: PassContext, sourceUnit: number, targetUnit: number, failure: PairFailure): boolean {
  const type = mismatchTypeOf(ctx, failure);
  if (type === null) return false;
  const reason = describePair(ctx, sourceUnit, targetUnit);
  const failedField = type === "AMOUNT_MISMATCH" ? ctx.plan.pass.amount?.field ?? "amount" : type === "DATE_MISMATCH" ? ctx.plan.pass.date?.field ?? "date" : FAILED_FIELD[type]!;
  const failed = reason.find((comparison) => comparison.field === failedField && comparison.outcome === "different");
  const difference = type === "FIELD_MISMATCH" ? null : amountDifference(ctx, sourceUnit, targetUnit);
  ctx.ledger.addException(
    {
      type,
      pass: ctx.plan.pass.name,
      sourceRows: unitRows(ctx.source, sourceUnit),
      targetRows: unitRows(ctx.target, targetUnit),
      amountDifferenceMinor: difference,
      currency: type === "FIELD_MISMATCH" ? null : currencyCode(ctx.source, sourceUnit),
      message: `Key "${keyText(ctx, "source", sourceUnit)}" matched, but ${failedField}: ${failed?.detail ?? "different"}`,
      reason,
    },
    difference,
  );
  return true;
}

/** One DUPLICATE per extra unit sharing a key on one side, pointing at the unit kept as the candidate. */
export function recordDuplicate(ctx: PassContext, side: Side, duplicate: number, kept: number): void {
  const unitSide = side === "source" ? ctx.source : ctx.target;
  const keptLabel = unitLabel(unitSide, kept);
  const key = keyText(ctx, side, duplicate);
  const rows = unitRows(unitSide, duplicate);
  const reason: FieldComparison[] = [
    {
      field: "duplicate_of",
      source: side === "source" ? keptLabel : null,
      target: side === "target" ? keptLabel : null,
      outcome: "equal",
      detail: `same key "${key}" on the ${side} side; the earliest (by date, then line) is kept`,
    },
  ];
  ctx.ledger.addException(
    {
      type: "DUPLICATE",
      pass: ctx.plan.pass.name,
      sourceRows: side === "source" ? rows : [],
      targetRows: side === "target" ? rows : [],
      amountDifferenceMinor: null,
      currency: currencyCode(unitSide, duplicate),
      message: `Duplicate of ${side} row ${keptLabel}: same key "${key}"; the earlier row is kept as the candidate`,
      reason,
    },
    null,
  );
}

export function applyResolution(ctx: PassContext, resolution: Resolution, overflowLimit: number): void {
  for (const match of resolution.matches) recordPairMatch(ctx, match.source, match.target, match.score);
  const recordOverflow = overflowRecorder(ctx, overflowLimit);
  for (const component of resolution.ambiguous) {
    if (!recordOverflow(component)) recordAmbiguousComponent(ctx, component, overflowLimit);
  }
}

function sortedUnits(side: UnitSide, units: Iterable<number>): number[] {
  return [...units].sort((a, b) => compareUnits(side, a, b));
}

function rowsOf(side: UnitSide, units: readonly number[]): number[] {
  const rows: number[] = [];
  for (const unit of units) rows.push(...unitRows(side, unit));
  return rows.sort((a, b) => a - b);
}

/** The currency every unit shares, else null. */
function sharedCurrency(ctx: PassContext, sources: readonly number[], targets: readonly number[]): string | null {
  const ids = new Set<number>();
  for (const unit of sources) ids.add(ctx.source.currency[unit]!);
  for (const unit of targets) ids.add(ctx.target.currency[unit]!);
  if (ids.size !== 1) return null;
  const [id] = ids;
  return id === undefined || id === CURRENCY_MIXED ? null : ctx.source.currencyCodes[id] ?? null;
}

/**
 * A component that is one row alone, over its window's limit and with no
 * candidate, is recorded as numbers (ExceptionLog.addOverflow); its builder
 * makes the very object recordAmbiguousComponent would have, when read.
 * One builder per resolution, made on its first such row.
 */
function overflowRecorder(ctx: PassContext, overflowLimit: number): (component: AmbiguousComponent) => boolean {
  let builder = -1;
  return (component) => {
    if (component.edges.length > 0 || component.sources.length + component.targets.length !== 1) return false;
    const side = component.sources.length === 1 ? "source" : "target";
    const unitSide = side === "source" ? ctx.source : ctx.target;
    const unit = side === "source" ? component.sources[0]! : component.targets[0]!;
    const windowRows = (side === "source" ? component.sourceOverflow : component.targetOverflow).get(unit);
    // Groups keep their object: only a single row's unit is its row.
    if (windowRows === undefined || unitSide.memberStart !== null) return false;
    if (builder < 0) {
      builder = ctx.ledger.exceptions.addOverflowBuilder((overflowSide, row, rows) =>
        ctx.ledger.buildException(ambiguousDraft(ctx, loneOverflowComponent(overflowSide, row, rows), overflowLimit), null),
      );
    }
    ctx.ledger.addOverflowException(builder, side, unit, windowRows);
    return true;
  };
}

function loneOverflowComponent(side: "source" | "target", row: number, windowRows: number): AmbiguousComponent {
  const overflow = new Map([[row, windowRows]]);
  return side === "source"
    ? { sources: [row], targets: [], edges: [], sourceOverflow: overflow, targetOverflow: new Map() }
    : { sources: [], targets: [row], edges: [], sourceOverflow: new Map(), targetOverflow: overflow };
}

function recordAmbiguousComponent(ctx: PassContext, component: AmbiguousComponent, overflowLimit: number): void {
  ctx.ledger.addException(ambiguousDraft(ctx, component, overflowLimit), null);
}

function ambiguousDraft(ctx: PassContext, component: AmbiguousComponent, overflowLimit: number): ExceptionDraft {
  const sources = sortedUnits(ctx.source, component.sources);
  const targets = sortedUnits(ctx.target, component.targets);
  const targetOrder = new Map(targets.map((unit, index) => [unit, index]));
  const edgesBySource = new Map<number, Array<{ target: number; score: number }>>();
  for (const edge of component.edges) {
    const list = edgesBySource.get(edge.source) ?? [];
    list.push({ target: edge.target, score: edge.score });
    edgesBySource.set(edge.source, list);
  }

  const entries: string[] = [];
  const reason: FieldComparison[] = [];
  for (const source of sources) {
    const sourceLabel = unitLabel(ctx.source, source);
    const overflow = component.sourceOverflow.get(source);
    if (overflow !== undefined) {
      entries.push(`${sourceLabel}: ${overflow} target rows within its window, more than ${overflowLimit} to compare`);
      reason.push({ field: "candidates", source: sourceLabel, target: null, outcome: "different", detail: `${overflow} rows within the window; over the limit of ${overflowLimit}, not compared` });
    }
    const candidates = (edgesBySource.get(source) ?? []).sort((a, b) => targetOrder.get(a.target)! - targetOrder.get(b.target)!);
    if (candidates.length === 0) continue;
    entries.push(`${sourceLabel} → ${candidates.map((candidate) => `${unitLabel(ctx.target, candidate.target)} (score ${formatSimilarity(candidate.score)})`).join(", ")}`);
    for (const candidate of candidates) {
      reason.push({
        field: "candidate",
        source: sourceLabel,
        target: unitLabel(ctx.target, candidate.target),
        outcome: candidate.score === 1 ? "equal" : "similar",
        detail: `score ${formatSimilarity(candidate.score)}`,
      });
    }
  }
  for (const target of targets) {
    const overflow = component.targetOverflow.get(target);
    if (overflow === undefined) continue;
    const targetLabel = unitLabel(ctx.target, target);
    entries.push(`${targetLabel}: ${overflow} source rows within its window, more than ${overflowLimit} to compare`);
    reason.push({ field: "candidates", source: null, target: targetLabel, outcome: "different", detail: `${overflow} rows within the window; over the limit of ${overflowLimit}, not compared` });
  }

  const listed = entries.slice(0, LISTED).join("; ");
  const more = entries.length > LISTED ? `; and ${entries.length - LISTED} more` : "";
  return {
    type: "AMBIGUOUS",
    pass: ctx.plan.pass.name,
    sourceRows: rowsOf(ctx.source, sources),
    targetRows: rowsOf(ctx.target, targets),
    amountDifferenceMinor: null,
    currency: sharedCurrency(ctx, sources, targets),
    message: `${describeCount(ctx.source, sources.length)} and ${describeCount(ctx.target, targets.length)} have no single best pairing: ${listed}${more}`,
    reason: reason.slice(0, LISTED * 2),
  };
}

function describeCount(unitSide: UnitSide, count: number): string {
  const noun = unitSide.memberStart === null ? "row" : "group";
  return `${count} ${unitSide.side} ${noun}${count === 1 ? "" : "s"}`;
}

/**
 * Rows sharing a key that could not be paired by the pass's checks and where
 * at least one pairing would be a mismatch: which row is whose counterpart
 * is exactly what a human has to decide, so the whole key group is raised.
 */
export function recordAmbiguousKeyGroup(ctx: PassContext, sources: readonly number[], targets: readonly number[], why: string, pairs: FieldComparison[]): void {
  const orderedSources = sortedUnits(ctx.source, sources);
  const orderedTargets = sortedUnits(ctx.target, targets);
  const key = keyText(ctx, "source", orderedSources[0]!);
  ctx.ledger.addException(
    {
      type: "AMBIGUOUS",
      pass: ctx.plan.pass.name,
      sourceRows: rowsOf(ctx.source, orderedSources),
      targetRows: rowsOf(ctx.target, orderedTargets),
      amountDifferenceMinor: null,
      currency: sharedCurrency(ctx, orderedSources, orderedTargets),
      message: `Key "${key}" is shared by ${describeCount(ctx.source, orderedSources.length)} (${orderedSources.slice(0, LISTED).map((unit) => unitLabel(ctx.source, unit)).join(", ")}) and ${describeCount(ctx.target, orderedTargets.length)} (${orderedTargets.slice(0, LISTED).map((unit) => unitLabel(ctx.target, unit)).join(", ")}): ${why}`,
      reason: pairs.slice(0, LISTED * 2),
    },
    null,
  );
}
