import { and, eq, sql } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { systemActor } from "~/core/access";
import type { RuleSetDefinition } from "~/core/engine/rule-set";
import { getEnv } from "~/platform/env.server";
import { getLogger } from "~/platform/observability/logger.server";
import { recordAudit } from "~/modules/audit/index.server";
import { liveWorkerIds } from "~/platform/workers/worker-liveness.server";
import { carryForwardExceptions } from "~/modules/exceptions/index.server";
import { lockStorageKey, releaseStoredObject } from "~/modules/files/index.server";
import { getArtifactStore, type StoredObject } from "~/platform/storage/index.server";
import { getDb } from "~/platform/db/client";
import { newId } from "~/platform/db/ids";
import {
  reconciliationArtifacts,
  reconciliationLineageEvents,
  reconciliationRuns,
  reconciliationSteps,
  reconciliationStepRuns,
  reconciliationStreamVersions,
  ruleSetVersions,
  uploadedFiles,
} from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { workerIdentity } from "../../../../worker/identity";
import type { StreamSettings } from "~/core/streams/definition";
import { backoffDelayMs, classifyFailure, StepCancelledError, StepInputError, StepTimeoutError } from "./failure";
import { consumedOutputs } from "../definition/graph";
import { planStepInput, type InputPlan } from "./input-resolver.server";
import { advanceRun, enqueueStepRun, lockRun } from "./orchestrator.server";
import type { AttemptRecord, ResolvedInput, StepFailure, StepMetrics } from "~/core/streams/runtime-types";
import { transitionStepRun, type StepRun } from "./state/step-run-state.server";
import type { ArtifactType } from "./step-work/step-artifacts";
import type { StepWorkJob, StepWorkOutcome, StepWorkResult } from "./step-work/step-work";
import { getStepWorkPool } from "./step-work/step-work-pool.server";
import { applyStepFaults, passGate } from "./test-gates.server";
import { executionsHere, isOwnerDead, recoverOrphanedStepRun, trackExecution } from "./step-crash-recovery.server";

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
interface StepContext {
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

export function executeStepRun(orgId: string, stepRunId: string, options: { random?: () => number; workerId?: string } = {}): Promise<StepOutcome> {
  // Counted from before the claim, so this process's reaper never takes a step it is claiming for one interrupted.
  return trackExecution(stepRunId, () => executeTrackedStepRun(orgId, stepRunId, options));
}

async function executeTrackedStepRun(orgId: string, stepRunId: string, options: { random?: () => number; workerId?: string }): Promise<StepOutcome> {
  const ctx: OrgContext = { orgId, actor: systemActor("worker:run_step") };
  const claim = await claimStepRun(ctx, stepRunId, options.workerId ?? workerIdentity.workerId);
  if (claim.kind !== "claimed") return claim.kind === "deferred" ? "deferred" : "skipped_not_claimed";
  const context = claim.context;
  await applyStepFaults(context.step.key);
  let stored: StoredObject[] = [];
  let work: RunningStepWork | undefined;
  try {
    const planStarted = performance.now();
    const resolveContext = { ctx, runId: context.run.id, parameters: context.run.parameters };
    const plans = { source: await planStepInput(resolveContext, context.step.inputs.source), target: await planStepInput(resolveContext, context.step.inputs.target) };
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
  for (const object of stored) await releaseStoredObject(ctx, object.key).catch(() => undefined);
}

/** A failure the step's thread already classified. */
class ClassifiedStepFailure extends Error {
  constructor(readonly failure: StepFailure) {
    super(failure.message);
  }
}

/**
 * Runs the heavy work in a pooled thread. At each phase the thread waits
 * while this side checks for cancellation and the timeout; the timeout also
 * fires mid-phase, terminating the thread, so a runaway step cannot hold a
 * worker slot past its limit.
 */
interface RunningStepWork {
  /** Settles when the thread is done; rejects on a timeout, a cancellation seen at a phase, or a dead thread. */
  outcome: Promise<StepWorkOutcome>;
  abort(): void;
}

function runStepWork(context: StepContext, plans: { source: InputPlan; target: InputPlan }, reportExceptions: (batches: string[]) => void): RunningStepWork {
  const job: StepWorkJob = {
    orgId: context.ctx.orgId,
    runId: context.run.id,
    stepKey: context.step.key,
    definition: context.definition,
    plans,
    forwarded: { source: context.consumed.has("STEP_OUTPUT_UNMATCHED_SOURCE"), target: context.consumed.has("STEP_OUTPUT_UNMATCHED_TARGET") },
    writeMatched: context.settings.matchedArtifact || context.consumed.has("STEP_OUTPUT_MATCHED"),
  };
  const handle = getStepWorkPool().run(job, async (phase, exceptionBatches) => {
    if (phase === "resolved") await passGate("after_resolve");
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

// ---- 1. Claim

type Claim = { kind: "claimed"; context: StepContext } | { kind: "not_claimed" } | { kind: "deferred" };

async function claimStepRun(ctx: OrgContext, stepRunId: string, ownerWorkerId: string): Promise<Claim> {
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

// ---- 5. Commit

interface Results extends Omit<StepWorkResult, "timings"> {
  plans: { source: InputPlan; target: InputPlan };
  timings: StepWorkResult["timings"];
}

/**
 * The exceptions arrive from the step's thread as ready-made JSON batches
 * (step-work/exceptions-payload.ts): one statement per batch, the rows as
 * one jsonb parameter expanded by jsonb_to_recordset — 5.2 s → well under a
 * second for 6k exceptions against a bound multi-row VALUES list (21
 * parameters a row), and no second serialisation on this thread. Each new
 * exception starts its own case (case_id = id); carry-forward relinks the
 * ones it recognises. The unique (step_run_id, ordinal) makes a replay a no-op.
 */
async function insertExceptions(
  tx: Parameters<Parameters<typeof inOrgTransaction>[1]>[0],
  orgId: string,
  at: { run: { id: string; streamId: string }; stepRunId: string; stepKey: string; now: Date },
  batches: readonly string[],
): Promise<void> {
  for (const batch of batches) {
    await tx.execute(sql`
      insert into exceptions (id, case_id, org_id, stream_id, stream_run_id, step_run_id, step_key, ordinal, type, severity, pass, message,
        amount_minor, amount_difference_minor, currency, source_rows, target_rows, reason, fingerprint, search_text, first_seen_at, created_at, updated_at)
      select r.id, r.case_id, ${orgId}, ${at.run.streamId}, ${at.run.id}, ${at.stepRunId}, ${at.stepKey}, r.ordinal, r.type, r.severity, r.pass, r.message,
        r.amount_minor, r.amount_difference_minor, r.currency, r.source_rows, r.target_rows, r.reason, r.fingerprint, r.search_text,
        ${at.now.toISOString()}::timestamptz, ${at.now.toISOString()}::timestamptz, ${at.now.toISOString()}::timestamptz
      from jsonb_to_recordset(${batch}::jsonb) as r(id text, case_id text, ordinal bigint, type text, severity text, pass text, message text,
        amount_minor bigint, amount_difference_minor bigint, currency text, source_rows jsonb, target_rows jsonb, reason jsonb, fingerprint text, search_text text)
      on conflict (step_run_id, ordinal) do nothing`);
  }
}

/**
 * Begins as soon as the thread has reported its exceptions: they are
 * inserted while the thread still writes the artifacts, then the rest of the
 * commit waits for those. The run row is locked first, as in every
 * transaction that advances a run, so the inserts' foreign-key locks on it
 * can never deadlock against another step's commit.
 */
async function commitStepRun(context: StepContext, exceptionBatches: readonly string[], finishWork: () => Promise<Results>): Promise<StepOutcome> {
  const { ctx, stepRun, run } = context;
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const locked = (await lockRun(tx, ctx.orgId, run.id))!;
    const [current] = await tx.select().from(reconciliationStepRuns).where(and(eq(reconciliationStepRuns.orgId, ctx.orgId), eq(reconciliationStepRuns.id, stepRun.id)));
    // Another attempt or a cancellation got there first: this attempt's results are not the step's.
    if (!current || current.state !== "running" || current.attempt !== stepRun.attempt) {
      await finishWork().catch(() => undefined);
      return "skipped_not_claimed";
    }
    if (locked.state === "cancelling") throw new StepCancelledError(`run ${run.id} is being cancelled`);
    const insertStarted = performance.now();
    await insertExceptions(tx, ctx.orgId, { run, stepRunId: stepRun.id, stepKey: context.step.key, now: new Date() }, exceptionBatches);
    const exceptionsMs = performance.now() - insertStarted;
    const results = await finishWork();
    const now = new Date();
    const retentionUntil = new Date(now.getTime() + context.settings.retentionDays * 86_400_000);

    const artifactIds = new Map<ArtifactType, string>();
    const existing = await tx
      .select({ type: reconciliationArtifacts.artifactType })
      .from(reconciliationArtifacts)
      .where(and(eq(reconciliationArtifacts.orgId, ctx.orgId), eq(reconciliationArtifacts.stepRunId, stepRun.id)));
    const alreadyWritten = new Set(existing.map((row) => row.type));
    for (const artifact of results.artifacts) {
      if (alreadyWritten.has(artifact.type)) continue;
      // Identical rows give identical bytes, so another run's artifact may share this object: under the
      // key's lock, a retention purge cannot release it between our check and our row.
      await lockStorageKey(tx, artifact.stored.key);
      if (!(await getArtifactStore().exists(artifact.stored.key))) {
        throw new StepInputError(`stored artifact ${artifact.stored.key} was released before it was recorded`, "storage_io", "transient");
      }
      const fileId = newId("file");
      await tx.insert(uploadedFiles).values({
        id: fileId,
        orgId: ctx.orgId,
        name: artifact.fileName,
        mime: "application/gzip",
        size: artifact.stored.size,
        sha256: artifact.stored.sha256,
        storageKey: artifact.stored.key,
        status: "ready",
        kind: "artifact",
        rowCount: artifact.rowCount,
        tags: [`run:${run.id}`, `step:${context.step.key}`],
        createdBy: ctx.actor.label,
      });
      const [inserted] = await tx
        .insert(reconciliationArtifacts)
        .values({
          id: newId("artifact"),
          orgId: ctx.orgId,
          runId: run.id,
          stepRunId: stepRun.id,
          fileId,
          artifactType: artifact.type,
          storagePath: artifact.stored.key,
          checksum: artifact.stored.sha256,
          size: artifact.stored.size,
          rowCount: artifact.rowCount,
          columns: artifact.columns,
          retentionDays: context.settings.retentionDays,
          retentionUntil,
        })
        .onConflictDoNothing()
        .returning({ id: reconciliationArtifacts.id });
      if (inserted) artifactIds.set(artifact.type, inserted.id);
    }

    // Same transaction: a case links to its earlier run, or an item that vanished resolves, exactly when the step's exceptions land.
    await carryForwardExceptions(tx, ctx, { run: locked, stepRunId: stepRun.id, stepKey: context.step.key, now });

    const lineage = [
      lineageOf(results.plans.source, results.resolved.source, stepRun.id, "source"),
      lineageOf(results.plans.target, results.resolved.target, stepRun.id, "target"),
      ...[...artifactIds].map(([type, id]) => ({ fromType: "step_run" as const, fromId: stepRun.id, toType: "artifact" as const, toId: id, details: { artifactType: type } })),
    ];
    await tx
      .insert(reconciliationLineageEvents)
      .values(lineage.map((edge) => ({ ...edge, id: newId("lineageEvent"), orgId: ctx.orgId, runId: run.id })))
      .onConflictDoNothing();

    const durationMs = Date.now() - context.startedAt;
    const metrics = stepMetrics(results, durationMs, stepRun.attempt, exceptionsMs);
    const attempts = finishAttempt(current.attempts, stepRun.attempt, { outcome: "succeeded", finishedAt: now, durationMs });
    await transitionStepRun(tx, ctx.orgId, stepRun.id, "running", "succeeded", {
      metrics,
      attempts,
      finishedAt: now,
      resolvedInputs: results.resolved,
      failure: null,
    });
    await advanceRun(tx, ctx.orgId, run.id);
    return "succeeded";
  });
}

function lineageOf(plan: InputPlan, resolved: ResolvedInput, stepRunId: string, role: "source" | "target") {
  return { fromType: plan.origin.type, fromId: plan.origin.id, toType: "step_run" as const, toId: stepRunId, details: { role, kind: resolved.kind, sha256: resolved.sha256, rows: resolved.rowCount } };
}

function stepMetrics(results: Results, totalMs: number, attempt: number, exceptionsMs: number): StepMetrics {
  const { summary } = results;
  const { exceptionsByType } = results;
  const round = (value: number) => Math.round(value);
  return {
    source: summary.source,
    target: summary.target,
    matches: results.matches,
    matchesByPass: summary.matchesByPass,
    exceptions: results.exceptionCount,
    exceptionsByType,
    forwarded: results.forwarded,
    excluded: results.excluded,
    normalizeIssues: results.issues,
    timings: { totalMs: round(totalMs), resolveMs: round(results.timings.resolveMs), engineMs: round(results.timings.engineMs), writeMs: round(results.timings.writeMs), exceptionsMs: round(exceptionsMs) },
    attempts: attempt,
  };
}

function finishAttempt(attempts: AttemptRecord[], attempt: number, patch: { outcome: AttemptRecord["outcome"]; finishedAt: Date; durationMs: number; failure?: StepFailure; retryDelayMs?: number; retryAt?: Date }): AttemptRecord[] {
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

async function recordFailure(context: StepContext, failure: StepFailure, random: () => number): Promise<StepOutcome> {
  const { ctx, stepRun } = context;
  return inOrgTransaction(ctx.orgId, async (tx) => {
    await lockRun(tx, ctx.orgId, stepRun.runId);
    const [current] = await tx.select().from(reconciliationStepRuns).where(and(eq(reconciliationStepRuns.orgId, ctx.orgId), eq(reconciliationStepRuns.id, stepRun.id)));
    if (!current || current.state !== "running" || current.attempt !== stepRun.attempt) return "skipped_not_claimed";
    const now = new Date();
    const durationMs = Date.now() - context.startedAt;
    const located: StepFailure = { ...failure, attempt: stepRun.attempt, stepKey: context.step.key };
    if (failure.classification === "transient" && stepRun.attempt < current.maxAttempts) {
      const delayMs = backoffDelayMs(context.step.retry, stepRun.attempt, random);
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
    await recordAudit(tx, ctx, {
      action: "step_run.dead_lettered",
      resourceType: "step_run",
      resourceId: stepRun.id,
      changes: { after: { state: "failed", classification: failure.classification, code: failure.code, message: failure.message, attempt: stepRun.attempt } },
    });
    await advanceRun(tx, ctx.orgId, stepRun.runId);
    return "failed";
  });
}

async function recordCancelled(context: StepContext): Promise<StepOutcome> {
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

