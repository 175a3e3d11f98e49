import type { OrgContext } from "~/core/access";
import { systemActor } from "~/core/access";
import type { StepFailure } from "~/core/streams/runtime-types";
import { getLogger } from "~/platform/observability/logger.server";
import type { StoredObject } from "~/platform/storage/index.server";
import { classifyFailure, StepCancelledError } from "./failure";
import { planStepInput } from "./input-resolver.server";
import { port } from "./ports";
import type { StepOutcome } from "./step-attempt";
import { recordCancelled, recordFailure } from "./step-attempt-end.server";
import { claimStepRun } from "./step-claim.server";
import { commitStepRun, type Results } from "./step-commit.server";
import { trackExecution } from "./step-crash-recovery.server";
import { runStepWork, type RunningStepWork } from "./step-work-run.server";

/**
 * One step attempt, as one idempotent unit:
 *   1. claim the step (queued|retrying → running, guarded in SQL, recording
 *      this worker as its owner; a step still running under a dead owner is
 *      first recovered: step-crash-recovery.server.ts);
 *   2. plan its inputs (which file or artifact, from the database);
 *   3–4. in a pooled worker thread (step-work/): read the inputs, run the
 *      engine (pure), write the artifacts to storage (content-addressed, so
 *      a retry writes the same keys);
 *   5. in one transaction keyed by the step run: artifact rows, exceptions,
 *      lineage, metrics and the state change — and the orchestrator's next
 *      decisions, with the jobs they queue.
 * A re-delivered job for a step that is no longer queued finds nothing to
 * claim and returns; a retried attempt's inserts hit unique keys and add
 * nothing. Between phases the attempt checks for cancellation and its
 * timeout, and stops without committing; past its timeout, or cancelled,
 * its thread is terminated.
 */

export type { StepOutcome };

export function executeStepRun(orgId: string, stepRunId: string, options: { random?: () => number; workerId?: string } = {}): Promise<StepOutcome> {
  // Counted from before the claim, so this process's reaper never takes a step it is claiming for one interrupted.
  return trackExecution(stepRunId, () => executeTrackedStepRun(orgId, stepRunId, options));
}

async function executeTrackedStepRun(orgId: string, stepRunId: string, options: { random?: () => number; workerId?: string }): Promise<StepOutcome> {
  const ctx: OrgContext = { orgId, actor: systemActor("worker:run_step") };
  const claim = await claimStepRun(ctx, stepRunId, options.workerId ?? port("worker").workerId());
  if (claim.kind !== "claimed") return claim.kind === "deferred" ? "deferred" : "skipped_not_claimed";
  const context = claim.context;
  await port("gates").applyStepFaults(context.step.key);
  let stored: StoredObject[] = [];
  let work: RunningStepWork | undefined;
  try {
    const planStarted = performance.now();
    const resolveContext = { ctx, runId: context.run.id, parameters: context.run.parameters };
    const plans = { source: await planStepInput(resolveContext, context.step.inputs.source, "source"), target: await planStepInput(resolveContext, context.step.inputs.target, "target") };
    const planMs = performance.now() - planStarted;
    let reportExceptions: (batches: string[]) => void = () => {};
    const exceptions = new Promise<string[]>((resolve) => (reportExceptions = resolve));
    work = runStepWork(context, plans, reportExceptions);
    // The work only ends before reporting its exceptions when it failed.
    const batches = await Promise.race([exceptions, work.outcome.then(() => null)]);
    const finishWork = async (): Promise<Results> => {
      const outcome = await work!.outcome;
      if (!outcome.ok) {
        stored = outcome.stored;
        throw new ClassifiedStepFailure(outcome.failure);
      }
      stored = outcome.result.artifacts.map((artifact) => artifact.stored);
      return { ...outcome.result, plans, timings: { ...outcome.result.timings, resolveMs: outcome.result.timings.resolveMs + planMs } };
    };
    if (batches === null) await finishWork();
    const outcome = await commitStepRun(context, batches ?? [], finishWork);
    // Overtaken (its worker was presumed dead and the step re-run, or it was cancelled): what it stored is not the step's.
    if (outcome === "skipped_not_claimed") await releaseStored(ctx, stored);
    return outcome;
  } catch (error) {
    work?.abort();
    // Bytes stored by an attempt that committed nothing must not linger (released only if no row references them).
    await releaseStored(ctx, stored);
    if (error instanceof StepCancelledError) return recordCancelled(context);
    const failure = error instanceof ClassifiedStepFailure ? error.failure : classifyFailure(error);
    if (failure.code === "unexpected") getLogger().error({ err: error, orgId, stepRunId }, "step attempt failed unexpectedly");
    return recordFailure(context, failure, options.random ?? Math.random);
  }
}

/** Released only if no row references the object: identical bytes of a committed attempt or another run stay. */
async function releaseStored(ctx: OrgContext, stored: readonly StoredObject[]): Promise<void> {
  for (const object of stored) await port("storage").releaseStoredObject(ctx, object.key).catch(() => undefined);
}

/** A failure the step's thread already classified. */
class ClassifiedStepFailure extends Error {
  constructor(readonly failure: StepFailure) {
    super(failure.message);
  }
}
