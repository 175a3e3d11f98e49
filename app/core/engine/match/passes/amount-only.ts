import { type BusinessCalendar, isoDate } from "../business-days";
import type { PassContext } from "../context";
import { currencyCode, formatUnitAmount } from "../explain";
import { formatMinor } from "../money";
import { PairEvaluator } from "../pair";
import type { PassPlan } from "../plan";
import type { FieldComparison } from "../../types";
import { NULL_DATE } from "../../types";
import { compareRowsByProvenance, compareUnits, unitLabel } from "../units";
import { buildPassSides, type PassInput } from "./grouped";

/**
 * Amount-only search: for each unmatched target row, the combinations of up
 * to maxGroupSize unmatched source rows (same currency, within windowDays
 * calendar days, same key when the pass has keys) whose amounts sum to the
 * target's, exactly or within the pass's amount tolerance.
 *
 * It proves or it abstains:
 * - exactly one combination → an N:1 match (1:1 when it is a single row);
 * - two or more → AMBIGUOUS, listing them;
 * - more rows in the window than maxCandidates, or the step budget spent
 *   before the search space is exhausted → the target is left alone, with a
 *   note that reaches its MISSING_IN_SOURCE exception. Finding one
 *   combination among the first candidates proves nothing about the rest, so
 *   the search never settles for it.
 * Targets are searched independently, then checked against each other: if a
 * source row appears in combinations of two targets, neither can claim it,
 * and all of them are raised together as AMBIGUOUS.
 *
 * The budget counts combination steps, not time, so the same input always
 * gives the same answer.
 */

export interface CombinationSearch {
  /** Index lists into the candidate array, at most two (a second one already means ambiguous). */
  combinations: number[][];
  exhausted: boolean;
}

/**
 * Depth-first over index combinations of `amounts` (sorted ascending), sizes
 * 1..maxSize. Sorting makes the cheapest k-subset from any index a prefix
 * sum, so branches that cannot reach [target − allowance, target + allowance]
 * are cut, with negative amounts (refunds) too.
 */
export function searchCombinations(amounts: Float64Array, targetAmount: number, allowance: number, maxSize: number, maxSteps: number): CombinationSearch {
  const count = amounts.length;
  const prefix = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) prefix[i + 1] = prefix[i]! + amounts[i]!;
  const low = targetAmount - allowance;
  const high = targetAmount + allowance;
  const smallest = (from: number, picks: number): number => prefix[from + picks]! - prefix[from]!;
  const largest = (picks: number): number => prefix[count]! - prefix[count - picks]!;
  const canStayAtOrBelowHigh = (from: number, picks: number, sum: number): boolean => {
    for (let k = 1; k <= picks && from + k <= count; k++) if (sum + smallest(from, k) <= high) return true;
    return false;
  };
  const canReach = (from: number, picks: number, sum: number): boolean => {
    for (let k = 1; k <= picks && from + k <= count; k++) {
      if (sum + smallest(from, k) <= high && sum + largest(k) >= low) return true;
    }
    return false;
  };

  const combinations: number[][] = [];
  const chosen: number[] = [];
  let steps = 0;
  let exhausted = false;
  // Returns true to stop the whole search (budget spent or a second combination found).
  const visit = (from: number, sum: number): boolean => {
    const picksLeft = maxSize - chosen.length;
    for (let i = from; i < count; i++) {
      if (!canStayAtOrBelowHigh(i, picksLeft, sum)) break;
      if (++steps > maxSteps) {
        exhausted = true;
        return true;
      }
      const next = sum + amounts[i]!;
      chosen.push(i);
      if (next >= low && next <= high) {
        combinations.push([...chosen]);
        if (combinations.length >= 2) return true;
      }
      if (picksLeft > 1 && canReach(i + 1, picksLeft - 1, next) && visit(i + 1, next)) return true;
      chosen.pop();
    }
    return false;
  };
  visit(0, 0);
  return { combinations, exhausted };
}

interface Found {
  target: number;
  combinations: number[][];
}

export function runAmountOnlyPass(plan: PassPlan, input: PassInput, calendar: BusinessCalendar): void {
  const search = plan.pass.amountOnlySearch!;
  const sides = buildPassSides(plan, input);
  const ctx: PassContext = {
    plan,
    source: sides.source,
    target: sides.target,
    evaluator: new PairEvaluator(plan.pass, sides.source, sides.target, calendar, null, plan.guards),
    ledger: input.ledger,
  };
  const { source, target } = ctx;
  const keyed = plan.keys.length > 0;

  // Sources that can be part of a sum: amount and date known. Sorted by currency, then date.
  const eligible = Array.from(source.active).filter((row) => !Number.isNaN(source.amount[row]!) && source.dateMin[row] !== NULL_DATE);
  eligible.sort((a, b) => source.currency[a]! - source.currency[b]! || source.dateMin[a]! - source.dateMin[b]! || compareRowsByProvenance(source.table, a, b));
  const eligibleCurrency = Int32Array.from(eligible, (row) => source.currency[row]!);
  const eligibleDate = Int32Array.from(eligible, (row) => source.dateMin[row]!);
  const firstAtOrAfter = (currency: number, date: number): number => {
    let lo = 0;
    let hi = eligible.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const before = eligibleCurrency[mid]! < currency || (eligibleCurrency[mid] === currency && eligibleDate[mid]! < date);
      if (before) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const found: Found[] = [];
  for (let i = 0; i < target.active.length; i++) {
    const row = target.active[i]!;
    const amount = target.amount[row]!;
    const date = target.dateMin[row]!;
    if (Number.isNaN(amount) || date === NULL_DATE) continue;
    if (keyed && target.keyId[row]! < 0) continue;
    const currency = target.currency[row]!;
    const from = firstAtOrAfter(currency, date - search.windowDays);
    const to = firstAtOrAfter(currency, date + search.windowDays + 1);
    const candidates: number[] = [];
    for (let position = from; position < to && candidates.length <= search.maxCandidates; position++) {
      const sourceRow = eligible[position]!;
      if (keyed && source.keyId[sourceRow] !== target.keyId[row]) continue;
      if (ctx.evaluator.conflicts(sourceRow, row)) continue;
      candidates.push(sourceRow);
    }
    if (candidates.length === 0) continue;
    const note = (detail: string): void => {
      input.ledger.note("target", row, { field: "amountOnlySearch", source: null, target: formatUnitAmount(target, row), outcome: "different", detail: `pass "${plan.pass.name}": ${detail}` });
    };
    if (candidates.length > search.maxCandidates) {
      note(`more than ${search.maxCandidates} source rows within ${search.windowDays} days; not searched rather than guessed`);
      continue;
    }
    // Deterministic candidate order: amount, then nearest date, then provenance.
    candidates.sort(
      (a, b) =>
        source.amount[a]! - source.amount[b]! ||
        Math.abs(source.dateMin[a]! - date) - Math.abs(source.dateMin[b]! - date) ||
        compareRowsByProvenance(source.table, a, b),
    );
    const allowance = plan.pass.amount ? ctx.evaluator.allowanceFor(amount) : 0;
    const result = searchCombinations(Float64Array.from(candidates, (candidate) => source.amount[candidate]!), amount, allowance, search.maxGroupSize, search.maxSteps);
    if (result.exhausted) {
      note(`search budget of ${search.maxSteps} steps spent before every combination was tried; no guess made`);
      continue;
    }
    if (result.combinations.length === 0) {
      note(`no combination of up to ${search.maxGroupSize} source rows within ${search.windowDays} days sums to the amount`);
      continue;
    }
    found.push({ target: row, combinations: result.combinations.map((combination) => combination.map((index) => candidates[index]!).sort((a, b) => a - b)) });
  }

  for (const component of conflictComponents(found)) {
    const only = component[0]!;
    if (component.length === 1 && only.combinations.length === 1) recordSumMatch(ctx, only.target, only.combinations[0]!, allowanceOf(ctx, only.target));
    else recordAmbiguousSums(ctx, component);
  }
}

function allowanceOf(ctx: PassContext, targetRow: number): number {
  return ctx.plan.pass.amount ? ctx.evaluator.allowanceFor(ctx.target.amount[targetRow]!) : 0;
}

/** Targets linked by a source row that appears in combinations of both. */
function conflictComponents(found: Found[]): Found[][] {
  const parent = found.map((_, index) => index);
  const root = (index: number): number => {
    while (parent[index] !== index) index = parent[index] = parent[parent[index]!]!;
    return index;
  };
  const owner = new Map<number, number>();
  found.forEach((entry, index) => {
    for (const combination of entry.combinations) {
      for (const sourceRow of combination) {
        const other = owner.get(sourceRow);
        if (other === undefined) owner.set(sourceRow, index);
        else parent[root(index)] = root(other);
      }
    }
  });
  const components = new Map<number, Found[]>();
  found.forEach((entry, index) => {
    const key = root(index);
    const list = components.get(key) ?? [];
    list.push(entry);
    components.set(key, list);
  });
  return [...components.values()];
}

function sumOf(ctx: PassContext, rows: readonly number[]): number {
  let sum = 0;
  for (const row of rows) sum += ctx.source.amount[row]!;
  return sum;
}

function recordSumMatch(ctx: PassContext, targetRow: number, sourceRows: number[], allowance: number): void {
  const { source, target } = ctx;
  const currency = currencyCode(target, targetRow);
  const sum = sumOf(ctx, sourceRows);
  const difference = Math.abs(sum - target.amount[targetRow]!);
  const ordered = [...sourceRows].sort((a, b) => compareUnits(source, a, b));
  const parts = ordered.map((row) => formatMinor(source.amount[row]!, currency)).join(" + ");
  const rowsText = `${sourceRows.length} source row${sourceRows.length === 1 ? "" : "s"} (${parts})`;
  const targetDate = target.dateMin[targetRow]!;
  let farthest = 0;
  let earliest = Number.POSITIVE_INFINITY;
  let latest = Number.NEGATIVE_INFINITY;
  for (const row of sourceRows) {
    const date = source.dateMin[row]!;
    farthest = Math.max(farthest, Math.abs(date - targetDate));
    earliest = Math.min(earliest, date);
    latest = Math.max(latest, date);
  }
  const windowDays = ctx.plan.pass.amountOnlySearch!.windowDays;
  const reason: FieldComparison[] = ctx.plan.keys.map((key) => ({
    field: key.label,
    source: key.sourceValue(sourceRows[0]!),
    target: key.targetValue(targetRow),
    outcome: "equal",
    detail: "same key",
  }));
  reason.push({ field: "currency", source: currency, target: currency, outcome: "equal", detail: "same currency" });
  reason.push({
    field: ctx.plan.pass.amount?.field ?? "amount",
    source: formatMinor(sum, currency),
    target: formatMinor(target.amount[targetRow]!, currency),
    outcome: difference === 0 ? "equal" : "within_tolerance",
    detail: difference === 0 ? `sum of ${rowsText} equals the target` : `sum of ${rowsText}; diff ${formatMinor(difference, currency)} within tolerance ${formatMinor(allowance, currency)}`,
  });
  reason.push({
    field: "date",
    source: earliest === latest ? isoDate(earliest) : `${isoDate(earliest)}..${isoDate(latest)}`,
    target: isoDate(targetDate),
    outcome: farthest === 0 ? "equal" : "within_tolerance",
    detail: farthest === 0 ? "same day" : `at most ${farthest} day${farthest === 1 ? "" : "s"} apart, within ${windowDays}`,
  });
  ctx.ledger.addMatch({
    pass: ctx.plan.pass.name,
    cardinality: sourceRows.length === 1 ? "1:1" : "N:1",
    sourceRows,
    targetRows: [targetRow],
    score: difference === 0 ? 1 : 1 - (0.1 * difference) / allowance,
    reason,
  });
}

function recordAmbiguousSums(ctx: PassContext, component: Found[]): void {
  const { source, target } = ctx;
  const ordered = [...component].sort((a, b) => compareUnits(target, a.target, b.target));
  const sourceRows = new Set<number>();
  const entries: string[] = [];
  const reason: FieldComparison[] = [];
  for (const entry of ordered) {
    const currency = currencyCode(target, entry.target);
    const targetLabel = unitLabel(target, entry.target);
    const options = entry.combinations.map((combination) => {
      for (const row of combination) sourceRows.add(row);
      const labels = [...combination].sort((a, b) => compareUnits(source, a, b)).map((row) => unitLabel(source, row));
      reason.push({
        field: "combination",
        source: labels.join(" + "),
        target: targetLabel,
        outcome: sumOf(ctx, combination) === target.amount[entry.target] ? "equal" : "within_tolerance",
        detail: `sum ${formatMinor(sumOf(ctx, combination), currency)} for ${formatMinor(target.amount[entry.target]!, currency)}`,
      });
      return `[${labels.join(" + ")}]`;
    });
    entries.push(`${targetLabel} (${formatUnitAmount(target, entry.target)}) ← ${options.join(" or ")}`);
  }
  const targetRows = ordered.map((entry) => entry.target).sort((a, b) => a - b);
  const currencies = new Set(targetRows.map((row) => currencyCode(target, row)));
  ctx.ledger.addException(
    {
      type: "AMBIGUOUS",
      pass: ctx.plan.pass.name,
      sourceRows: [...sourceRows].sort((a, b) => a - b),
      targetRows,
      amountDifferenceMinor: null,
      currency: currencies.size === 1 ? [...currencies][0]! : null,
      message: `More than one combination of source rows sums to the target amount, or targets compete for the same rows: ${entries.join("; ")}`,
      reason,
    },
    null,
  );
}
