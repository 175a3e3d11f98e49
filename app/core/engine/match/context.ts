import type { OutcomeLedger } from "./outcomes";
import type { PairEvaluator } from "./pair";
import type { PassPlan } from "./plan";
import type { UnitSide } from "./units";

/** Everything a pass works with: its plan, the two sides' units, the pair checks and the ledger it records to. */
export interface PassContext {
  plan: PassPlan;
  source: UnitSide;
  target: UnitSide;
  evaluator: PairEvaluator;
  ledger: OutcomeLedger;
}
