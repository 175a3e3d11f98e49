import { and, eq } from "drizzle-orm";
import { getDb } from "~/platform/db/client";
import { reconciliationRuns } from "~/platform/db/schema";
import { StepCancelledError, StepTimeoutError } from "./failure";
import type { InputPlan } from "./input-resolver.server";
import { port } from "./ports";
import type { StepContext } from "./step-attempt";
import type { StepWorkJob, StepWorkOutcome } from "./step-work/step-work";
import { getStepWorkPool } from "./step-work/step-work-pool.server";

// ---- 3–4. The heavy work, in a pooled thread, with checkpoints between its phases.

/**
 * Runs the heavy work in a pooled thread. At each phase the thread waits
 * while this side checks for cancellation and the timeout; the timeout also
 * fires mid-phase, terminating the thread, so a runaway step cannot hold a
 * worker slot past its limit.
 */
export interface RunningStepWork {
  /** Settles when the thread is done; rejects on a timeout, a cancellation seen at a phase, or a dead thread. */
  outcome: Promise<StepWorkOutcome>;
  abort(): void;
}

export function runStepWork(context: StepContext, plans: { source: InputPlan; target: InputPlan }, reportExceptions: (batches: string[]) => void): RunningStepWork {
  const job: StepWorkJob = {
    orgId: context.ctx.orgId,
    runId: context.run.id,
    stepKey: context.step.key,
    stepName: context.step.name,
    definition: context.definition,
    plans,
    forwarded: { source: context.consumed.has("STEP_OUTPUT_UNMATCHED_SOURCE"), target: context.consumed.has("STEP_OUTPUT_UNMATCHED_TARGET") },
    writeMatched: context.settings.matchedArtifact || context.consumed.has("STEP_OUTPUT_MATCHED"),
  };
  const handle = getStepWorkPool().run(job, async (phase, exceptionBatches) => {
    if (phase === "resolved") await port("gates").passGate("after_resolve");
    await checkpoint(context);
    if (exceptionBatches) reportExceptions(exceptionBatches);
  });
  const remaining = context.step.timeoutMs - (Date.now() - context.startedAt);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      handle.abort();
      reject(new StepTimeoutError(`step '${context.step.key}' ran longer than its timeout of ${context.step.timeoutMs} ms`));
    }, Math.max(0, remaining));
  });
  const outcome = Promise.race([handle.outcome, timeout]).finally(() => clearTimeout(timer));
  // Observed by the caller at its own pace; never an unhandled rejection in between.
  outcome.catch(() => undefined);
  // A thread that has finished is back in the pool, serving another step: only a running one may be stopped.
  let running = true;
  handle.outcome.then(
    () => (running = false),
    () => (running = false),
  );
  return { outcome, abort: () => running && handle.abort() };
}

/** Between phases: stop without committing if the run is being cancelled or the attempt ran out of time. */
async function checkpoint(context: StepContext): Promise<void> {
  // One indexed read as the worker's own role (explicitly filtered by org): a checkpoint runs between
  // every phase, and a tenant transaction around it would cost three more round trips each time.
  const [run] = await getDb()
    .select({ state: reconciliationRuns.state })
    .from(reconciliationRuns)
    .where(and(eq(reconciliationRuns.orgId, context.ctx.orgId), eq(reconciliationRuns.id, context.run.id)));
  if (run?.state === "cancelling" || run?.state === "cancelled") throw new StepCancelledError(`run ${context.run.id} is being cancelled`);
  if (Date.now() - context.startedAt > context.step.timeoutMs) throw new StepTimeoutError(`step '${context.step.key}' ran longer than its timeout of ${context.step.timeoutMs} ms`);
}
