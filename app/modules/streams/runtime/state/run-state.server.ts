import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "~/platform/db/client";
import { reconciliationRuns, type RUN_STATES } from "~/platform/db/schema";
import { defineStateMachine } from "~/core/lifecycle/state-machine";

/**
 * The run lifecycle:
 *   queued → running → succeeded | failed | partially_succeeded
 *   queued | running → cancelling → cancelled
 * and one way back: a failed or partially succeeded run returns to running
 * when a failed step is retried after a fix (POST /step-runs/{id}/retry).
 */
export type RunState = (typeof RUN_STATES)[number];
export type Run = typeof reconciliationRuns.$inferSelect;

export const runStateMachine = defineStateMachine<RunState>(
  "run",
  {
    queued: ["running", "cancelling"],
    running: ["succeeded", "failed", "partially_succeeded", "cancelling"],
    cancelling: ["cancelled"],
    failed: ["running"],
    partially_succeeded: ["running"],
    succeeded: [],
    cancelled: [],
  },
  ["succeeded", "failed", "partially_succeeded", "cancelled"],
);

export const ACTIVE_RUN_STATES: readonly RunState[] = ["queued", "running", "cancelling"];

type RunPatch = Partial<Pick<Run, "metrics" | "failure" | "startedAt" | "finishedAt" | "cancelRequestedAt">>;

/**
 * Moves one run from `from` to `to`, or returns null when it is no longer in
 * `from` (another worker or request got there first). The caller decides
 * whether that is a 409 or a no-op.
 */
export async function transitionRun(tx: Tx, orgId: string, runId: string, from: RunState | readonly RunState[], to: RunState, patch: RunPatch = {}): Promise<Run | null> {
  const fromStates = typeof from === "string" ? [from] : [...from];
  for (const state of fromStates) runStateMachine.assertTransition(state, to);
  const [run] = await tx
    .update(reconciliationRuns)
    .set({ ...patch, state: to, updatedAt: new Date() })
    .where(and(eq(reconciliationRuns.orgId, orgId), eq(reconciliationRuns.id, runId), inArray(reconciliationRuns.state, fromStates)))
    .returning();
  return run ?? null;
}
