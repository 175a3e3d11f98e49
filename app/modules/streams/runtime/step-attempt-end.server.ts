import { and, eq } from "drizzle-orm";
import type { AttemptRecord, StepFailure } from "~/core/streams/runtime-types";
import { reconciliationStepRuns } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { backoffDelayMs, PROFILING_POLL_MS, waitsForProfiling } from "./failure";
import { advanceRun, enqueueStepRun, lockRun } from "./orchestrator.server";
import { port } from "./ports";
import { transitionStepRun } from "./state/step-run-state.server";
import type { StepContext, StepOutcome } from "./step-attempt";

/** The attempt's own record, closed with how it ended. */
export function finishAttempt(attempts: AttemptRecord[], attempt: number, patch: { outcome: AttemptRecord["outcome"]; finishedAt: Date; durationMs: number; failure?: StepFailure; retryDelayMs?: number; retryAt?: Date }): AttemptRecord[] {
  return attempts.map((record) =>
    record.attempt !== attempt
      ? record
      : {
          ...record,
          outcome: patch.outcome,
          finishedAt: patch.finishedAt.toISOString(),
          durationMs: patch.durationMs,
          ...(patch.failure ? { failure: patch.failure } : {}),
          ...(patch.retryDelayMs !== undefined ? { retryDelayMs: patch.retryDelayMs, retryAt: patch.retryAt!.toISOString() } : {}),
        },
  );
}

// ---- Failure and cancellation


export async function recordFailure(context: StepContext, failure: StepFailure, random: () => number): Promise<StepOutcome> {
  const { ctx, stepRun } = context;
  return inOrgTransaction(ctx.orgId, async (tx) => {
    await lockRun(tx, ctx.orgId, stepRun.runId);
    const [current] = await tx.select().from(reconciliationStepRuns).where(and(eq(reconciliationStepRuns.orgId, ctx.orgId), eq(reconciliationStepRuns.id, stepRun.id)));
    if (!current || current.state !== "running" || current.attempt !== stepRun.attempt) return "skipped_not_claimed";
    const now = new Date();
    const durationMs = Date.now() - context.startedAt;
    const located: StepFailure = { ...failure, attempt: stepRun.attempt, stepKey: context.step.key };
    const waitingForFile = waitsForProfiling(failure, current.attempts, now);
    if (failure.classification === "transient" && (stepRun.attempt < current.maxAttempts || waitingForFile)) {
      const delayMs = waitingForFile ? PROFILING_POLL_MS : backoffDelayMs(context.step.retry, stepRun.attempt, random);
      const retryAt = new Date(now.getTime() + delayMs);
      await transitionStepRun(tx, ctx.orgId, stepRun.id, "running", "retrying", {
        failure: located,
        nextAttemptAt: retryAt,
        attempts: finishAttempt(current.attempts, stepRun.attempt, { outcome: "retrying", finishedAt: now, durationMs, failure: located, retryDelayMs: delayMs, retryAt }),
      });
      await enqueueStepRun(tx, stepRun.id, retryAt);
      return "retrying";
    }
    await transitionStepRun(tx, ctx.orgId, stepRun.id, "running", "failed", {
      failure: located,
      deadLetteredAt: now,
      finishedAt: now,
      attempts: finishAttempt(current.attempts, stepRun.attempt, { outcome: "failed", finishedAt: now, durationMs, failure: located }),
    });
    await port("audit").record(tx, ctx, {
      action: "step_run.dead_lettered",
      resourceType: "step_run",
      resourceId: stepRun.id,
      changes: { after: { state: "failed", classification: failure.classification, code: failure.code, message: failure.message, attempt: stepRun.attempt } },
    });
    await advanceRun(tx, ctx.orgId, stepRun.runId);
    return "failed";
  });
}

export async function recordCancelled(context: StepContext): Promise<StepOutcome> {
  const { ctx, stepRun } = context;
  return inOrgTransaction(ctx.orgId, async (tx) => {
    await lockRun(tx, ctx.orgId, stepRun.runId);
    const now = new Date();
    const [current] = await tx.select().from(reconciliationStepRuns).where(and(eq(reconciliationStepRuns.orgId, ctx.orgId), eq(reconciliationStepRuns.id, stepRun.id)));
    if (!current || current.state !== "running") return "skipped_not_claimed";
    await transitionStepRun(tx, ctx.orgId, stepRun.id, "running", "cancelled", {
      finishedAt: now,
      attempts: finishAttempt(current.attempts, stepRun.attempt, { outcome: "cancelled", finishedAt: now, durationMs: Date.now() - context.startedAt }),
    });
    await advanceRun(tx, ctx.orgId, stepRun.runId);
    return "cancelled";
  });
}
