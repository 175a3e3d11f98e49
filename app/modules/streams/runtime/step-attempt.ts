import type { OrgContext } from "~/core/access";
import type { RuleSetDefinition } from "~/core/engine/rule-set";
import type { StreamSettings } from "~/core/streams/definition";
import type { reconciliationRuns, reconciliationSteps } from "~/platform/db/schema";
import type { StepRun } from "./state/step-run-state.server";

/** What one claimed step attempt knows, shared by its phases (step-executor.server.ts). */
export interface StepContext {
  ctx: OrgContext;
  stepRun: StepRun;
  run: typeof reconciliationRuns.$inferSelect;
  step: typeof reconciliationSteps.$inferSelect;
  settings: StreamSettings;
  consumed: Set<string>;
  definition: RuleSetDefinition;
  startedAt: number;
}

export type StepOutcome = "succeeded" | "retrying" | "failed" | "cancelled" | "skipped_not_claimed" | "deferred";
