import type { PairEvaluator } from "./pair";
import type { PassPlan } from "./plan";
import type { UnitSide } from "./units";

/**
 * What explaining a pair reads of its pass: the plan, the two sides' units
 * and the pair checks. It leaves out the ledger, so the ledger's match log
 * can keep and explain passes without importing the ledger (an import cycle).
 */
export interface PassSides {
  plan: PassPlan;
  source: UnitSide;
  target: UnitSide;
  evaluator: PairEvaluator;
}
