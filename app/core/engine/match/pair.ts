import { type BusinessCalendar, businessDaysBetween, calendarDaysCovering } from "./business-days";
import type { FuzzyComparer } from "./passes/fuzzy";
import type { PassDefinition } from "../rule-set";
import { NULL_DATE } from "../types";
import type { KeyField } from "./plan";
import { CURRENCY_MIXED, type UnitSide, unitRows } from "./units";

/**
 * The checks of one pass on one (source unit, target unit) pair, in a fixed
 * order: currency, amount, date, fuzzy. A pair passing all of them is a
 * candidate with a score in [0, 1]; otherwise the first failing check is
 * returned as a negative code, which decides the exception a key match
 * raises. Currency comes first because amounts in different currencies are
 * never compared as numbers.
 */

export const FAIL_CURRENCY = -1;
export const FAIL_AMOUNT = -2;
export const FAIL_DATE = -3;
export const FAIL_FUZZY = -4;
/** The rows carry different values of a field the pass must not cross (mustNotConflict): not a pair, so nothing is raised. */
export const FAIL_CONFLICT = -5;
export type PairFailure = typeof FAIL_CURRENCY | typeof FAIL_AMOUNT | typeof FAIL_DATE | typeof FAIL_FUZZY | typeof FAIL_CONFLICT;

/**
 * floor(|target| × bp / 10000) in exact integer arithmetic. The remainder
 * trick keeps the division exact while the product is a safe integer; past
 * that, BigInt.
 */
export function basisPointAllowance(absTargetMinor: number, basisPoints: number): number {
  if (basisPoints === 0 || absTargetMinor === 0) return 0;
  const product = absTargetMinor * basisPoints;
  if (Number.isSafeInteger(product)) return (product - (product % 10000)) / 10000;
  return Number((BigInt(absTargetMinor) * BigInt(basisPoints)) / 10000n);
}

export class PairEvaluator {
  readonly requireSameCurrency: boolean;
  readonly amountConfigured: boolean;
  readonly toleranceMinor: number;
  readonly toleranceBasisPoints: number;
  readonly dateConfigured: boolean;
  readonly windowDays: number;
  readonly businessDays: boolean;
  /** Calendar days no candidate can be farther apart than: the date blocking bound. */
  readonly calendarWindow: number;

  constructor(
    readonly pass: PassDefinition,
    readonly source: UnitSide,
    readonly target: UnitSide,
    readonly calendar: BusinessCalendar,
    readonly fuzzy: FuzzyComparer | null,
    readonly guards: readonly KeyField[] = [],
  ) {
    this.requireSameCurrency = pass.requireSameCurrency;
    this.amountConfigured = pass.amount !== undefined;
    this.toleranceMinor = pass.amount?.toleranceMinor ?? 0;
    this.toleranceBasisPoints = pass.amount?.toleranceBasisPoints ?? 0;
    this.dateConfigured = pass.date !== undefined;
    this.windowDays = pass.date?.windowDays ?? 0;
    this.businessDays = pass.date?.businessDays ?? false;
    this.calendarWindow = this.businessDays ? calendarDaysCovering(calendar, this.windowDays) : this.windowDays;
  }

  /**
   * The tolerance for a target amount: the larger of the absolute tolerance
   * and the basis points of the target, as the rule set documents.
   */
  allowanceFor(targetAmountMinor: number): number {
    return Math.max(this.toleranceMinor, basisPointAllowance(Math.abs(targetAmountMinor), this.toleranceBasisPoints));
  }

  /**
   * |s − t| when it is within tolerance, −1 otherwise. Amounts are safe
   * integers, so the difference is exact whenever it is itself a safe
   * integer; a larger one is beyond any tolerance this engine honours.
   */
  amountDifferenceWithin(sourceAmount: number, targetAmount: number): number {
    if (Number.isNaN(sourceAmount) || Number.isNaN(targetAmount)) return -1;
    const difference = Math.abs(sourceAmount - targetAmount);
    if (difference === 0) return 0;
    if (!Number.isSafeInteger(difference)) return -1;
    return difference <= this.allowanceFor(targetAmount) ? difference : -1;
  }

  /**
   * Days between the units (business days when the pass says so), −1 when a
   * date is missing. For groups it is the farthest pair of member dates: a
   * group is within the window only when all its rows are.
   */
  dateDistance(sourceUnit: number, targetUnit: number): number {
    const sourceMin = this.source.dateMin[sourceUnit]!;
    const targetMin = this.target.dateMin[targetUnit]!;
    if (sourceMin === NULL_DATE || targetMin === NULL_DATE) return -1;
    const sourceMax = this.source.dateMax[sourceUnit]!;
    const targetMax = this.target.dateMax[targetUnit]!;
    if (this.businessDays) {
      return Math.max(
        businessDaysBetween(this.calendar, sourceMin, targetMax),
        businessDaysBetween(this.calendar, sourceMax, targetMin),
      );
    }
    return Math.max(Math.abs(targetMax - sourceMin), Math.abs(sourceMax - targetMin));
  }

  /**
   * The first guarded field on which the units disagree: both carry a value
   * and, between them, more than one (a group's rows count one by one).
   * Null when they do not conflict.
   */
  conflictingGuard(sourceUnit: number, targetUnit: number): KeyField | null {
    for (const guard of this.guards) {
      if (this.source.memberStart === null && this.target.memberStart === null) {
        const sourceValue = guard.sourceValue(sourceUnit) ?? "";
        const targetValue = guard.targetValue(targetUnit) ?? "";
        if (sourceValue.length > 0 && targetValue.length > 0 && sourceValue !== targetValue) return guard;
        continue;
      }
      const values = new Set<string>();
      const sourceHas = collectValues(this.source, sourceUnit, guard.sourceValue, values);
      const targetHas = collectValues(this.target, targetUnit, guard.targetValue, values);
      if (sourceHas && targetHas && values.size > 1) return guard;
    }
    return null;
  }

  conflicts(sourceUnit: number, targetUnit: number): boolean {
    return this.conflictingGuard(sourceUnit, targetUnit) !== null;
  }

  currenciesAgree(sourceUnit: number, targetUnit: number): boolean {
    const sourceCurrency = this.source.currency[sourceUnit]!;
    return sourceCurrency !== CURRENCY_MIXED && sourceCurrency === this.target.currency[targetUnit]!;
  }

  /**
   * Candidate score, or a failure code. The score is 1 for exact agreement
   * and falls linearly to 0.9 at the edge of each tolerance (amount, date),
   * times the fuzzy similarity: deterministic, and exact agreement always
   * outranks agreement within tolerance.
   */
  score(sourceUnit: number, targetUnit: number): number {
    // First, so a pair across an explicit key is never compared, and never raised as a mismatch.
    if (this.guards.length > 0 && this.conflicts(sourceUnit, targetUnit)) return FAIL_CONFLICT;
    if (this.requireSameCurrency && !this.currenciesAgree(sourceUnit, targetUnit)) return FAIL_CURRENCY;
    let score = 1;
    if (this.amountConfigured) {
      const targetAmount = this.target.amount[targetUnit]!;
      const difference = this.amountDifferenceWithin(this.source.amount[sourceUnit]!, targetAmount);
      if (difference < 0) return FAIL_AMOUNT;
      if (difference > 0) score *= 1 - (0.1 * difference) / this.allowanceFor(targetAmount);
    }
    if (this.dateConfigured) {
      const days = this.dateDistance(sourceUnit, targetUnit);
      if (days < 0 || days > this.windowDays) return FAIL_DATE;
      if (days > 0) score *= 1 - (0.1 * days) / this.windowDays;
    }
    if (this.fuzzy) {
      const similarity = this.fuzzy.similarity(sourceUnit, targetUnit);
      if (similarity < this.fuzzy.threshold) return FAIL_FUZZY;
      score *= similarity;
    }
    return score;
  }
}

/** Adds the unit's non-empty values of a column to `values`; true when it has any. */
function collectValues(side: UnitSide, unit: number, valueOf: (row: number) => string | null, values: Set<string>): boolean {
  let found = false;
  for (const row of unitRows(side, unit)) {
    const value = valueOf(row);
    if (value === null || value.length === 0) continue;
    values.add(value);
    found = true;
  }
  return found;
}
