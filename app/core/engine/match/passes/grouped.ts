import { NO_KEY, TupleDictionary } from "../keys";
import type { OutcomeLedger } from "../outcomes";
import type { PassPlan } from "../plan";
import type { CanonicalTable, Side } from "../../types";
import { type CurrencyIndex, groupUnits, singleUnits, type UnitSide } from "../units";

/**
 * The two sides of a pass as units. 1:1 compares rows; 1:N, N:1 and N:M
 * group the N side(s) by their group-by fields (default: the key fields) and
 * compare each group as one unit: its sum (aggregate "sum") or its single
 * carried amount ("value"), its date range and its currency. A group is
 * matched or raised as a whole, never split.
 *
 * Key ids come from one dictionary shared by both sides. The source side
 * inserts; the target side only looks up, so target keys the source lacks
 * cost no insert and get NO_KEY.
 */

export interface PassSides {
  source: UnitSide;
  target: UnitSide;
  /** Exclusive upper bound of key ids (0 for passes without keys). */
  keyCount: number;
}

export interface PassInput {
  source: CanonicalTable;
  target: CanonicalTable;
  currencies: CurrencyIndex;
  ledger: OutcomeLedger;
}

export function buildPassSides(plan: PassPlan, input: PassInput): PassSides {
  const sourceRows = input.ledger.freeRows("source");
  const targetRows = input.ledger.freeRows("target");
  let sourceKeys: Int32Array;
  let targetKeys: Int32Array;
  let keyCount = 0;
  if (plan.keys.length > 0) {
    const dictionary = new TupleDictionary(plan.keys.length, sourceRows.length);
    sourceKeys = dictionary.idsFor(plan.keys.map((key) => key.sourceKeys), sourceRows, input.source.rowCount, true);
    targetKeys = dictionary.idsFor(plan.keys.map((key) => key.targetKeys), targetRows, input.target.rowCount, false);
    keyCount = dictionary.size;
  } else {
    sourceKeys = new Int32Array(input.source.rowCount).fill(NO_KEY);
    targetKeys = new Int32Array(input.target.rowCount).fill(NO_KEY);
  }
  return {
    source: sideUnits(plan, "source", input, sourceRows, sourceKeys),
    target: sideUnits(plan, "target", input, targetRows, targetKeys),
    keyCount,
  };
}

function sideUnits(plan: PassPlan, side: Side, input: PassInput, rows: Int32Array, keyIds: Int32Array): UnitSide {
  const table = side === "source" ? input.source : input.target;
  const base = {
    side,
    table,
    currencyCodes: input.currencies.codes,
    currency: side === "source" ? input.currencies.source : input.currencies.target,
    amounts: side === "source" ? plan.sourceAmounts : plan.targetAmounts,
    dates: side === "source" ? plan.sourceDates : plan.targetDates,
    keyIds,
    rows,
    fuzzyValues: side === "source" ? plan.fuzzySource : plan.fuzzyTarget,
  };
  const groupColumns = side === "source" ? plan.sourceGroupBy : plan.targetGroupBy;
  if (groupColumns === null) return singleUnits(base);
  return groupUnits({ ...base, groupColumns, aggregate: plan.pass.amount?.aggregate ?? "value" });
}
