import { and, eq, isNotNull, ne, notInArray } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { systemActor } from "~/core/access";
import { isWorkerLive, liveWorkerIds } from "~/platform/workers/worker-liveness.server";
import type { Tx } from "~/platform/db/client";
import { getDb } from "~/platform/db/client";
import { reconciliationStepRuns } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { advanceRun, enqueueStepRun, lockRun } from "./orchestrator.server";
import { port } from "./ports";
import type { AttemptRecord, StepFailure } from "~/core/streams/runtime-types";
import { transitionStepRun, type StepRun } from "./state/step-run-state.server";

/**
 * A step run left `running` by a worker process that died (kill -9, out of
 * memory, a crash in native code). Its attempt committed nothing — the
 * commit is one transaction that also ends the running state — so it is
 * marked crashed and the step runs again from scratch. A step whose attempt
 * crashed runs its next attempt alone on a worker (worker/job-isolation.ts);
 * a second crash means the step itself is what kills the process, and it
 * fails for good instead of taking workers down forever.
 */
export const CRASHED_TWICE_MESSAGE = "the worker process crashed twice while running this step";

/**
 * Step runs being executed in this process, counted from before their claim
 * until the attempt returns. A step running under this worker's own id but
 * not counted here lost its attempt without recording an outcome (the
 * database went away mid-commit): no other worker would ever recover it,
 * because its owner keeps beating.
 */
const executingHere = new Map<string, number>();

export async function trackExecution<T>(stepRunId: string, execute: () => Promise<T>): Promise<T> {
  executingHere.set(stepRunId, (executingHere.get(stepRunId) ?? 0) + 1);
  try {
    return await execute();
  } finally {
    const left = executingHere.get(stepRunId)! - 1;
    if (left === 0) executingHere.delete(stepRunId);
    else executingHere.set(stepRunId, left);
  }
}

export function executionsHere(stepRunId: string): number {
  return executingHere.get(stepRunId) ?? 0;
}

const INTERRUPTED: StepFailure = {
  classification: "transient",
  code: "attempt_interrupted",
  message: "the attempt could not record its outcome (the database was unavailable); the step runs again",
};

const CRASHED_ONCE: StepFailure = {
  classification: "transient",
  code: "worker_crashed",
  message: "the worker process running this attempt stopped before it finished (killed or crashed); the step runs again, alone on a worker",
};

export function crashedAttemptCount(stepRun: Pick<StepRun, "attempts">): number {
  return stepRun.attempts.filter((record) => record.outcome === "crashed").length;
}

/** The next attempt of a step that crashed a worker before, or of one orphaned now, runs in isolation. */
export function stepRunNeedsIsolation(stepRun: Pick<StepRun, "attempts" | "state">, orphaned: boolean): boolean {
  const claimable = stepRun.state === "queued" || stepRun.state === "retrying";
  return orphaned || (claimable && crashedAttemptCount(stepRun) > 0);
}

export type CrashRecovery = "requeued" | "failed" | "cancelled" | "not_orphaned";

/**
 * In the caller's transaction, with the run locked. Only a step still
 * running the same attempt under the same dead owner changes: a step that
 * meanwhile ended or was recovered by another worker is left alone.
 * `enqueue` is false when the caller claims the step itself right after.
 */
export async function recoverOrphanedStepRun(
  tx: Tx,
  ctx: OrgContext,
  orphan: Pick<StepRun, "id" | "runId" | "attempt" | "ownerWorkerId">,
  options: { enqueue: boolean; cause?: "crashed" | "interrupted" },
): Promise<CrashRecovery> {
  const run = (await lockRun(tx, ctx.orgId, orphan.runId))!;
  const [current] = await tx.select().from(reconciliationStepRuns).where(and(eq(reconciliationStepRuns.orgId, ctx.orgId), eq(reconciliationStepRuns.id, orphan.id)));
  if (!current || current.state !== "running" || current.attempt !== orphan.attempt || current.ownerWorkerId !== orphan.ownerWorkerId) return "not_orphaned";
  const now = new Date();
  // An interrupted attempt is not the step's fault: it is retried without counting as a crash.
  const interrupted = options.cause === "interrupted";
  const located: StepFailure = { ...(interrupted ? INTERRUPTED : CRASHED_ONCE), attempt: current.attempt, stepKey: current.stepKey };
  const attempts = markAttemptEnded(current.attempts, current.attempt, now, located, interrupted ? "retrying" : "crashed");
  const crashes = attempts.filter((record) => record.outcome === "crashed").length;

  if (run.state === "cancelling") {
    await transitionStepRun(tx, ctx.orgId, current.id, "running", "cancelled", { attempts, finishedAt: now, nextAttemptAt: null, ownerWorkerId: null });
    await advanceRun(tx, ctx.orgId, run.id);
    return "cancelled";
  }
  if (crashes >= 2) {
    const failure: StepFailure = { classification: "permanent", code: "worker_crashed_twice", message: CRASHED_TWICE_MESSAGE, attempt: current.attempt, stepKey: current.stepKey };
    await transitionStepRun(tx, ctx.orgId, current.id, "running", "failed", { attempts, failure, deadLetteredAt: now, finishedAt: now, ownerWorkerId: null });
    await port("audit").record(tx, ctx, {
      action: "step_run.dead_lettered",
      resourceType: "step_run",
      resourceId: current.id,
      changes: { after: { state: "failed", classification: failure.classification, code: failure.code, message: failure.message, attempt: current.attempt } },
    });
    await advanceRun(tx, ctx.orgId, run.id);
    return "failed";
  }
  await transitionStepRun(tx, ctx.orgId, current.id, "running", "retrying", { attempts, failure: located, nextAttemptAt: now, ownerWorkerId: null });
  if (options.enqueue) await enqueueStepRun(tx, current.id, null);
  return "requeued";
}

function markAttemptEnded(attempts: AttemptRecord[], attempt: number, now: Date, failure: StepFailure, outcome: AttemptRecord["outcome"]): AttemptRecord[] {
  return attempts.map((record) =>
    record.attempt !== attempt ? record : { ...record, outcome, finishedAt: now.toISOString(), durationMs: now.getTime() - Date.parse(record.startedAt), failure },
  );
}

/** Whether a step run's owner has stopped beating (a step with no recorded owner predates crash recovery: treated as live). */
export async function isOwnerDead(stepRun: Pick<StepRun, "ownerWorkerId">): Promise<boolean> {
  if (!stepRun.ownerWorkerId) return false;
  return !(await isWorkerLive(stepRun.ownerWorkerId));
}

/**
 * The reaper's part for steps: every running step run, of any org, whose
 * owner is dead goes back to the queue (or fails, or is cancelled with its
 * run). Read across orgs as the worker's own role; each recovery is then a
 * tenant transaction of its org, like any other state change.
 */
export async function recoverOrphanedStepRuns(ownWorkerId?: string): Promise<Array<{ stepRunId: string; outcome: CrashRecovery }>> {
  const recovered: Array<{ stepRunId: string; outcome: CrashRecovery }> = [];
  if (ownWorkerId) recovered.push(...(await recoverInterruptedStepRuns(ownWorkerId)));
  const live = await liveWorkerIds();
  const orphans = await getDb()
    .select({
      id: reconciliationStepRuns.id,
      orgId: reconciliationStepRuns.orgId,
      runId: reconciliationStepRuns.runId,
      attempt: reconciliationStepRuns.attempt,
      ownerWorkerId: reconciliationStepRuns.ownerWorkerId,
    })
    .from(reconciliationStepRuns)
    .where(
      and(
        eq(reconciliationStepRuns.state, "running"),
        isNotNull(reconciliationStepRuns.ownerWorkerId),
        live.length > 0 ? notInArray(reconciliationStepRuns.ownerWorkerId, live) : ne(reconciliationStepRuns.ownerWorkerId, ""),
      ),
    );
  for (const orphan of orphans) {
    const ctx: OrgContext = { orgId: orphan.orgId, actor: systemActor("worker:crash_recovery") };
    const outcome = await inOrgTransaction(orphan.orgId, (tx) => recoverOrphanedStepRun(tx, ctx, orphan, { enqueue: true }));
    recovered.push({ stepRunId: orphan.id, outcome });
  }
  return recovered;
}

/** This worker's own running steps that no attempt here is executing any more. */
async function recoverInterruptedStepRuns(ownWorkerId: string): Promise<Array<{ stepRunId: string; outcome: CrashRecovery }>> {
  const mine = await getDb()
    .select({
      id: reconciliationStepRuns.id,
      orgId: reconciliationStepRuns.orgId,
      runId: reconciliationStepRuns.runId,
      attempt: reconciliationStepRuns.attempt,
      ownerWorkerId: reconciliationStepRuns.ownerWorkerId,
    })
    .from(reconciliationStepRuns)
    .where(and(eq(reconciliationStepRuns.state, "running"), eq(reconciliationStepRuns.ownerWorkerId, ownWorkerId)));
  const recovered: Array<{ stepRunId: string; outcome: CrashRecovery }> = [];
  for (const stepRun of mine) {
    if (executionsHere(stepRun.id) > 0) continue;
    const ctx: OrgContext = { orgId: stepRun.orgId, actor: systemActor("worker:crash_recovery") };
    const outcome = await inOrgTransaction(stepRun.orgId, (tx) => recoverOrphanedStepRun(tx, ctx, stepRun, { enqueue: true, cause: "interrupted" }));
    recovered.push({ stepRunId: stepRun.id, outcome });
  }
  return recovered;
}
