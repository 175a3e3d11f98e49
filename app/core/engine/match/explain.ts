import { isoDate } from "./business-days";
import type { PassSides } from "./pass-sides";
import { formatMinor } from "./money";
import { basisPointAllowance } from "./pair";
import type { PassPlan } from "./plan";
import type { CanonicalTable, FieldComparison, Side } from "../types";
import { NULL_DATE } from "../types";
import { AMOUNT_CONFLICT, AMOUNT_MISSING, AMOUNT_UNSAFE, CURRENCY_MIXED, firstRow, type UnitSide, unitSize } from "./units";

/**
 * Reasons: the FieldComparison entries that say why a pair matched or why it
 * was raised, in the words a reviewer checks ("diff 0.01 within tolerance
 * 0.01", "2 business days apart, within 3"). Money is formatted here, at the
 * edge, in the currency's minor units; everything before this is integers.
 */

export function currencyCode(side: UnitSide, unit: number): string | null {
  const id = side.currency[unit]!;
  return id === CURRENCY_MIXED ? null : side.currencyCodes[id] ?? null;
}

function currencyLabel(side: UnitSide, unit: number): string | null {
  return side.currency[unit] === CURRENCY_MIXED ? "mixed" : currencyCode(side, unit);
}

export function formatUnitAmount(side: UnitSide, unit: number): string | null {
  return formatMinor(side.amount[unit]!, currencyCode(side, unit));
}

function dateLabel(side: UnitSide, unit: number): string | null {
  const from = side.dateMin[unit]!;
  if (from === NULL_DATE) return null;
  const to = side.dateMax[unit]!;
  return from === to ? isoDate(from) : `${isoDate(from)}..${isoDate(to)}`;
}

/** The key values of a unit (its first row's: a grouped unit only has a key when all its rows share it). */
export function keyText(ctx: PassSides, side: Side, unit: number): string {
  const unitSide = side === "source" ? ctx.source : ctx.target;
  const row = firstRow(unitSide, unit);
  return ctx.plan.keys.map((key) => (side === "source" ? key.sourceValue(row) : key.targetValue(row)) ?? "").join(" | ");
}

function pushKeyComparisons(ctx: PassSides, sourceUnit: number, reason: FieldComparison[], at: number): number {
  // Equal key ids mean equal strings, so the source's value serves both sides
  // and the target's (a random access per match at scale) is never read.
  const sourceRow = firstRow(ctx.source, sourceUnit);
  for (const key of ctx.plan.keys) {
    const value = key.sourceValue(sourceRow);
    reason[at++] = { field: key.label, source: value, target: value, outcome: "equal", detail: "same key" };
  }
  return at;
}

/**
 * Agreeing currencies produce the same entry for every pair of a currency,
 * so one frozen instance per currency is shared: at a million matches the
 * copies would be pure garbage-collector load.
 */
const agreeingCurrency = new Map<string | null, FieldComparison>();

function currencyComparison(ctx: PassSides, sourceUnit: number, targetUnit: number): FieldComparison {
  const source = currencyLabel(ctx.source, sourceUnit);
  if (ctx.evaluator.currenciesAgree(sourceUnit, targetUnit)) {
    let shared = agreeingCurrency.get(source);
    if (!shared) {
      shared = Object.freeze({ field: "currency", source, target: source, outcome: "equal", detail: "same currency" } as const);
      agreeingCurrency.set(source, shared);
    }
    return shared;
  }
  const target = currencyLabel(ctx.target, targetUnit);
  const detail = source === "mixed" || target === "mixed" ? "the rows of a group carry different currencies" : "currencies differ";
  return { field: "currency", source, target, outcome: "different", detail };
}

function amountIssueText(side: UnitSide, unit: number, name: Side): string | null {
  const issue = side.amountIssue?.[unit] ?? (Number.isNaN(side.amount[unit]!) ? AMOUNT_MISSING : 0);
  if (issue === AMOUNT_MISSING) return unitSize(side, unit) > 1 ? `a ${name} row has no amount` : `${name} has no amount`;
  if (issue === AMOUNT_CONFLICT) return `${name} rows carry different amounts`;
  if (issue === AMOUNT_UNSAFE) return `${name} sum is too large to compare exactly`;
  return null;
}

function sumNote(ctx: PassSides, sourceUnit: number, targetUnit: number): string {
  if (ctx.plan.pass.amount?.aggregate !== "sum") return "";
  const parts: string[] = [];
  const sourceRows = unitSize(ctx.source, sourceUnit);
  const targetRows = unitSize(ctx.target, targetUnit);
  if (ctx.source.memberStart !== null) parts.push(`sum of ${sourceRows} source row${sourceRows === 1 ? "" : "s"}`);
  if (ctx.target.memberStart !== null) parts.push(`sum of ${targetRows} target row${targetRows === 1 ? "" : "s"}`);
  return parts.length === 0 ? "" : ` (${parts.join(", ")})`;
}

export function amountComparison(ctx: PassSides, sourceUnit: number, targetUnit: number): FieldComparison {
  const field = ctx.plan.pass.amount?.field ?? "amount";
  const note = sumNote(ctx, sourceUnit, targetUnit);
  const sourceAmount = ctx.source.amount[sourceUnit]!;
  if (sourceAmount === ctx.target.amount[targetUnit] && ctx.evaluator.currenciesAgree(sourceUnit, targetUnit)) {
    // The common case at scale: one formatted string serves both sides.
    const formatted = formatUnitAmount(ctx.source, sourceUnit);
    return { field, source: formatted, target: formatted, outcome: "equal", detail: note === "" ? "equal" : `equal${note}` };
  }
  const source = formatUnitAmount(ctx.source, sourceUnit);
  const target = formatUnitAmount(ctx.target, targetUnit);
  // Amounts in different currencies are never compared as numbers.
  if (!ctx.evaluator.currenciesAgree(sourceUnit, targetUnit)) {
    return { field, source, target, outcome: "different", detail: `not compared: currencies differ${note}` };
  }
  const missing = amountIssueText(ctx.source, sourceUnit, "source") ?? amountIssueText(ctx.target, targetUnit, "target");
  if (missing !== null) return { field, source, target, outcome: "different", detail: missing + note };

  const targetAmount = ctx.target.amount[targetUnit]!;
  const currency = currencyCode(ctx.target, targetUnit);
  const difference = Math.abs(sourceAmount - targetAmount);
  if (difference === 0) return { field, source, target, outcome: "equal", detail: `equal${note}` };
  const allowance = ctx.evaluator.allowanceFor(targetAmount);
  const within = ctx.evaluator.amountDifferenceWithin(sourceAmount, targetAmount) >= 0;
  const detail = `diff ${formatMinor(difference, currency)} ${within ? "within" : "beyond"} tolerance ${formatMinor(allowance, currency)}${toleranceBasis(ctx.plan, targetAmount, currency)}${note}`;
  return { field, source, target, outcome: within ? "within_tolerance" : "different", detail };
}

/** Says where a percent tolerance came from when it is the one that applied. */
function toleranceBasis(plan: PassPlan, targetAmount: number, currency: string | null): string {
  const basisPoints = plan.pass.amount?.toleranceBasisPoints ?? 0;
  if (basisPoints === 0) return "";
  const fromBasisPoints = basisPointAllowance(Math.abs(targetAmount), basisPoints);
  if (fromBasisPoints <= (plan.pass.amount?.toleranceMinor ?? 0)) return "";
  return ` (${basisPoints} bp of ${formatMinor(Math.abs(targetAmount), currency)})`;
}

export function dateComparison(ctx: PassSides, sourceUnit: number, targetUnit: number): FieldComparison {
  const field = ctx.plan.pass.date?.field ?? "date";
  const source = dateLabel(ctx.source, sourceUnit);
  const target = dateLabel(ctx.target, targetUnit);
  if (source === null || target === null) {
    return { field, source, target, outcome: "different", detail: `${source === null ? "source" : "target"} has no date` };
  }
  const evaluator = ctx.evaluator;
  const days = evaluator.dateDistance(sourceUnit, targetUnit);
  const unit = evaluator.businessDays ? "business day" : "day";
  if (days === 0) return { field, source, target, outcome: "equal", detail: evaluator.businessDays ? "same business day" : "same day" };
  const distance = `${days} ${unit}${days === 1 ? "" : "s"} apart`;
  if (days <= evaluator.windowDays) {
    return { field, source, target, outcome: "within_tolerance", detail: `${distance}, within ${evaluator.windowDays}` };
  }
  return { field, source, target, outcome: "different", detail: `${distance}, beyond ${evaluator.windowDays}` };
}

function fuzzyComparison(ctx: PassSides, sourceUnit: number, targetUnit: number): FieldComparison | null {
  const fuzzy = ctx.evaluator.fuzzy;
  if (!fuzzy || !ctx.plan.pass.fuzzy) return null;
  const similarity = fuzzy.similarity(sourceUnit, targetUnit);
  const rounded = formatSimilarity(similarity);
  return {
    field: ctx.plan.pass.fuzzy.field,
    source: ctx.source.fuzzyText?.(sourceUnit) ?? null,
    target: ctx.target.fuzzyText?.(targetUnit) ?? null,
    outcome: similarity === 1 ? "equal" : similarity >= fuzzy.threshold ? "similar" : "different",
    detail: `${fuzzy.method} ${rounded} ${similarity >= fuzzy.threshold ? "≥" : "below"} ${fuzzy.threshold}`,
  };
}

export function formatSimilarity(similarity: number): string {
  return String(Math.round(similarity * 1000) / 1000);
}

/**
 * Every check the pass makes, for a matched or raised pair, in check order.
 * The array is allocated at its final length: growing it by push would give
 * each of a million reasons a 17-slot backing store.
 */
export function describePair(ctx: PassSides, sourceUnit: number, targetUnit: number): FieldComparison[] {
  const pass = ctx.plan.pass;
  const fuzzy = ctx.evaluator.fuzzy !== null && pass.fuzzy !== undefined;
  const length = ctx.plan.keys.length + (pass.requireSameCurrency ? 1 : 0) + (pass.amount ? 1 : 0) + (pass.date ? 1 : 0) + (fuzzy ? 1 : 0);
  const reason = new Array<FieldComparison>(length);
  let at = pushKeyComparisons(ctx, sourceUnit, reason, 0);
  if (pass.requireSameCurrency) reason[at++] = currencyComparison(ctx, sourceUnit, targetUnit);
  if (pass.amount) reason[at++] = amountComparison(ctx, sourceUnit, targetUnit);
  if (pass.date) reason[at++] = dateComparison(ctx, sourceUnit, targetUnit);
  if (fuzzy) reason[at++] = fuzzyComparison(ctx, sourceUnit, targetUnit)!;
  return reason;
}

export interface RowFields {
  /** Side field names the passes key on, each once, in pass order. */
  keyFields: Record<Side, Array<{ field: string; value(row: number): string | null }>>;
}

export function rowFieldsOf(plans: readonly PassPlan[]): RowFields {
  const keyFields: RowFields["keyFields"] = { source: [], target: [] };
  const seen = { source: new Set<string>(), target: new Set<string>() };
  for (const plan of plans) {
    for (const key of plan.keys) {
      if (!seen.source.has(key.sourceField)) {
        seen.source.add(key.sourceField);
        keyFields.source.push({ field: key.sourceField, value: key.sourceValue });
      }
      if (!seen.target.has(key.targetField)) {
        seen.target.add(key.targetField);
        keyFields.target.push({ field: key.targetField, value: key.targetValue });
      }
    }
  }
  return { keyFields };
}

/**
 * A row that was never compared (left over, or out of scope): its own key
 * values, amount and date on its side, nothing on the other, so the reviewer
 * can search for the counterpart.
 */
export function describeLoneRow(table: CanonicalTable, side: Side, row: number, fields: RowFields, detail: string): FieldComparison[] {
  const lone = (field: string, value: string | null): FieldComparison => ({
    field,
    source: side === "source" ? value : null,
    target: side === "target" ? value : null,
    outcome: "different",
    detail,
  });
  const reason = fields.keyFields[side].map(({ field, value }) => lone(field, value(row)));
  const currency = table.currency[row] ?? null;
  reason.push(lone("amount", formatMinor(table.amountMinor[row]!, currency)));
  reason.push(lone("currency", currency));
  const date = table.date[row]!;
  reason.push(lone("date", date === NULL_DATE ? null : isoDate(date)));
  return reason;
}
