import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "~/platform/db/client";
import { reconciliationStepRuns, type STEP_RUN_STATES } from "~/platform/db/schema";
import { defineStateMachine } from "~/core/lifecycle/state-machine";

/**
 * The step-run lifecycle:
 *   pending → queued → running → (retrying → running)* → succeeded | failed | skipped | cancelled
 * A pending step is skipped when an upstream step fails, and cancelled with
 * its run. A running step whose worker process died takes the edges a
 * failed attempt takes: retrying, or failed after a second crash, or
 * cancelled with its run (step-crash-recovery.server.ts). Two ways back,
 * both by an operator's retry after a fix: a failed step is queued again,
 * and the steps it had caused to be skipped return to pending.
 */
export type StepRunState = (typeof STEP_RUN_STATES)[number];
export type StepRun = typeof reconciliationStepRuns.$inferSelect;

export const stepRunStateMachine = defineStateMachine<StepRunState>(
  "step run",
  {
    pending: ["queued", "skipped", "cancelled"],
    queued: ["running", "skipped", "cancelled"],
    running: ["succeeded", "failed", "retrying", "cancelled"],
    retrying: ["running", "failed", "cancelled"],
    failed: ["queued"],
    skipped: ["pending"],
    succeeded: [],
    cancelled: [],
  },
  ["succeeded", "failed", "skipped", "cancelled"],
);

type StepRunPatch = Partial<
  Pick<
    StepRun,
    | "attempt"
    | "maxAttempts"
    | "idempotencyKey"
    | "ruleSetVersionId"
    | "resolvedInputs"
    | "metrics"
    | "attempts"
    | "failure"
    | "deadLetteredAt"
    | "nextAttemptAt"
    | "startedAt"
    | "finishedAt"
    | "ownerWorkerId"
  >
>;

/** Guarded like transitionRun: null when the step run is no longer in `from`. */
export async function transitionStepRun(
  tx: Tx,
  orgId: string,
  stepRunId: string,
  from: StepRunState | readonly StepRunState[],
  to: StepRunState,
  patch: StepRunPatch = {},
): Promise<StepRun | null> {
  const fromStates = typeof from === "string" ? [from] : [...from];
  for (const state of fromStates) stepRunStateMachine.assertTransition(state, to);
  const [stepRun] = await tx
    .update(reconciliationStepRuns)
    .set({ ...patch, state: to, updatedAt: new Date() })
    .where(and(eq(reconciliationStepRuns.orgId, orgId), eq(reconciliationStepRuns.id, stepRunId), inArray(reconciliationStepRuns.state, fromStates)))
    .returning();
  return stepRun ?? null;
}
