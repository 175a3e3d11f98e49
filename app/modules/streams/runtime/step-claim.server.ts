import { and, eq, sql } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import type { StreamSettings } from "~/core/streams/definition";
import type { AttemptRecord } from "~/core/streams/runtime-types";
import { getDb } from "~/platform/db/client";
import { reconciliationStepRuns, reconciliationSteps, reconciliationStreamVersions, ruleSetVersions } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { getEnv } from "~/platform/env.server";
import { liveWorkerIds } from "~/platform/workers/worker-liveness.server";
import { consumedOutputs } from "../definition/graph";
import { advanceRun, enqueueStepRun, lockRun } from "./orchestrator.server";
import { transitionStepRun, type StepRun } from "./state/step-run-state.server";
import { executionsHere, isOwnerDead, recoverOrphanedStepRun } from "./step-crash-recovery.server";
import type { StepContext } from "./step-attempt";

// ---- 1. Claim: queued|retrying → running, guarded in SQL, with this worker as the owner.

type Claim = { kind: "claimed"; context: StepContext } | { kind: "not_claimed" } | { kind: "deferred" };

export async function claimStepRun(ctx: OrgContext, stepRunId: string, ownerWorkerId: string): Promise<Claim> {
  // Liveness is read as the worker's own role before the tenant transaction (which cannot see worker_heartbeats);
  // a dead worker never comes back under its id, so the answer cannot go stale in between.
  const [seen] = await getDb().select().from(reconciliationStepRuns).where(and(eq(reconciliationStepRuns.orgId, ctx.orgId), eq(reconciliationStepRuns.id, stepRunId)));
  const orphaned = seen?.state === "running" && seen.ownerWorkerId !== ownerWorkerId && (await isOwnerDead(seen));
  // Ours, but no other attempt of it runs here: an earlier attempt ended without recording its outcome.
  const interrupted = seen?.state === "running" && seen.ownerWorkerId === ownerWorkerId && executionsHere(stepRunId) === 1;
  const live = await liveWorkerIds();
  const claimed = await inOrgTransaction(ctx.orgId, async (tx): Promise<{ kind: "claimed"; stepRun: StepRun; run: StepContext["run"] } | { kind: "not_claimed" } | { kind: "deferred" }> => {
    if ((orphaned || interrupted) && (await recoverOrphanedStepRun(tx, ctx, seen, { enqueue: false, cause: orphaned ? "crashed" : "interrupted" })) !== "requeued") {
      return { kind: "not_claimed" };
    }
    const [current] = await tx
      .select()
      .from(reconciliationStepRuns)
      .where(and(eq(reconciliationStepRuns.orgId, ctx.orgId), eq(reconciliationStepRuns.id, stepRunId)));
    if (!current || (current.state !== "queued" && current.state !== "retrying")) return { kind: "not_claimed" };
    const run = (await lockRun(tx, ctx.orgId, current.runId))!;
    if (run.state === "cancelling") {
      await transitionStepRun(tx, ctx.orgId, stepRunId, current.state, "cancelled", { finishedAt: new Date(), nextAttemptAt: null });
      await advanceRun(tx, ctx.orgId, run.id);
      return { kind: "not_claimed" };
    }
    // Fairness: at most STEP_CONCURRENCY_PER_ORG running steps per org, counted under an org-wide lock.
    // A step whose worker died holds no slot: it is not running anywhere, and crash recovery re-queues it.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`step-slots:${ctx.orgId}`}))`);
    const [{ running }] = (await tx.execute(
      sql`select count(*)::int as running from reconciliation_step_runs
          where org_id = ${ctx.orgId} and state = 'running' and (owner_worker_id is null or owner_worker_id in (select jsonb_array_elements_text(${JSON.stringify(live)}::jsonb)))`,
    )) as unknown as [{ running: number }];
    if (running >= getEnv().STEP_CONCURRENCY_PER_ORG) {
      await enqueueStepRun(tx, stepRunId, new Date(Date.now() + 1_000));
      return { kind: "deferred" };
    }
    const attempt = current.attempt + 1;
    const now = new Date();
    const record: AttemptRecord = { attempt, idempotencyKey: `${stepRunId}:${attempt}`, startedAt: now.toISOString(), finishedAt: null, outcome: "running", durationMs: null };
    const stepRun = await transitionStepRun(tx, ctx.orgId, stepRunId, current.state, "running", {
      attempt,
      idempotencyKey: record.idempotencyKey,
      attempts: [...current.attempts, record],
      startedAt: current.startedAt ?? now,
      nextAttemptAt: null,
      ownerWorkerId,
    });
    return stepRun ? { kind: "claimed", stepRun, run } : { kind: "not_claimed" };
  });
  if (claimed.kind !== "claimed") return claimed;
  const { stepRun, run } = claimed;
  const design = await loadStepDesign(ctx.orgId, stepRun);
  return { kind: "claimed", context: { ctx, stepRun, run, ...design, startedAt: Date.now() } };
}

/**
 * What the claimed step is: its row, the stream version's settings, which of
 * its outputs later steps read, and its rule set. All immutable versions, so
 * they are read after the claim has released the run row (sibling steps
 * claim it at the same moment), in parallel, as the worker's own role
 * filtered by org, like a checkpoint.
 */
async function loadStepDesign(orgId: string, stepRun: StepRun) {
  const db = getDb();
  const [[step], ruleSetVersionRows] = await Promise.all([
    db.select().from(reconciliationSteps).where(and(eq(reconciliationSteps.orgId, orgId), eq(reconciliationSteps.id, stepRun.stepId))),
    db.select().from(ruleSetVersions).where(and(eq(ruleSetVersions.orgId, orgId), eq(ruleSetVersions.id, stepRun.ruleSetVersionId!))),
  ]);
  const [allSteps, [version]] = await Promise.all([
    db.select().from(reconciliationSteps).where(and(eq(reconciliationSteps.orgId, orgId), eq(reconciliationSteps.streamVersionId, step!.streamVersionId))),
    db
      .select({ settings: reconciliationStreamVersions.settings })
      .from(reconciliationStreamVersions)
      .where(and(eq(reconciliationStreamVersions.orgId, orgId), eq(reconciliationStreamVersions.id, step!.streamVersionId))),
  ]);
  const consumed = consumedOutputs(allSteps.map((row) => ({ key: row.key, inputs: row.inputs }) as never)).get(step!.key) ?? new Set<string>();
  return { step: step!, settings: version!.settings as StreamSettings, consumed, definition: ruleSetVersionRows[0]!.definition };
}
