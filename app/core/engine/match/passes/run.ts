import type { BusinessCalendar } from "../business-days";
import type { PassContext } from "../context";
import { PairEvaluator } from "../pair";
import type { PassPlan } from "../plan";
import { runAmountOnlyPass } from "./amount-only";
import { runKeyedPass } from "./exact";
import { FuzzyComparer } from "./fuzzy";
import { buildPassSides, type PassInput } from "./grouped";
import { runKeylessPass } from "./tolerance";

/** Runs one pass over the rows still in the pool; everything it decides is recorded in the ledger. */
export function runPass(plan: PassPlan, input: PassInput, calendar: BusinessCalendar): void {
  if (plan.kind === "amountOnly") {
    runAmountOnlyPass(plan, input, calendar);
    return;
  }
  const sides = buildPassSides(plan, input);
  const fuzzy = plan.pass.fuzzy ? new FuzzyComparer(plan.pass.fuzzy.method, plan.pass.fuzzy.threshold, sides.source, sides.target) : null;
  const ctx: PassContext = {
    plan,
    source: sides.source,
    target: sides.target,
    evaluator: new PairEvaluator(plan.pass, sides.source, sides.target, calendar, fuzzy, plan.guards),
    ledger: input.ledger,
  };
  if (plan.kind === "keyed") runKeyedPass(ctx, sides.keyCount);
  else runKeylessPass(ctx);
}
