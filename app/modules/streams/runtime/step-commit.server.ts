import { and, eq, sql } from "drizzle-orm";
import type { ResolvedInput, StepMetrics } from "~/core/streams/runtime-types";
import { newId } from "~/platform/db/ids";
import { reconciliationArtifacts, reconciliationLineageEvents, reconciliationStepRuns, uploadedFiles } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { getArtifactStore } from "~/platform/storage/index.server";
import { StepCancelledError, StepInputError } from "./failure";
import type { InputPlan } from "./input-resolver.server";
import { advanceRun, lockRun } from "./orchestrator.server";
import { port } from "./ports";
import { transitionStepRun } from "./state/step-run-state.server";
import type { StepContext, StepOutcome } from "./step-attempt";
import { finishAttempt } from "./step-attempt-end.server";
import type { ArtifactType } from "./step-work/step-artifacts";
import type { StepWorkResult } from "./step-work/step-work";

// ---- 5. Commit

export interface Results extends Omit<StepWorkResult, "timings"> {
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
export async function commitStepRun(context: StepContext, exceptionBatches: readonly string[], finishWork: () => Promise<Results>): Promise<StepOutcome> {
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
      await port("storage").lockStorageKey(tx, artifact.stored.key);
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
    await port("exceptions").carryForward(tx, ctx, { run: locked, stepRunId: stepRun.id, stepKey: context.step.key, now });

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
