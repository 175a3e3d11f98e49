import { and, asc, desc, eq, inArray, lt, type SQL } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { Conflict, NotFound, ValidationFailed, type ProblemLocation } from "~/core/errors/domain-errors";
import type { StreamSettings } from "~/core/streams/definition";
import { advanceRun, enqueueStepRun, lockRun } from "~/modules/streams/runtime/orchestrator.server";
import type { RunTrigger } from "~/core/streams/runtime-types";
import { runStateMachine, transitionRun, type Run } from "~/modules/streams/runtime/state/run-state.server";
import { transitionStepRun, type StepRun } from "~/modules/streams/runtime/state/step-run-state.server";
import type { Tx } from "~/platform/db/client";
import { newId } from "~/platform/db/ids";
import { reconciliationRuns, reconciliationStepRuns, reconciliationSteps, reconciliationStreams, uploadedFiles } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { recordAudit } from "~/modules/audit/index.server";
import { resolveStepRuleSetVersion, selectVersion } from "../definition/streams.server";
import { assertStreamsEnabled } from "../definition/feature.server";
import { parameterFitProblems, parameterReaders, type ParameterReader } from "../definition/input-fit";
import { canonicalSchemaOfAdapter } from "~/core/canonical";

/**
 * Runs of streams: starting, cancelling, re-running and retrying. A run pins
 * the stream version and the rule-set versions of its steps when it starts;
 * the orchestrator (app/modules/streams/runtime/orchestrator.server.ts) then moves it along.
 */
export type { Run } from "~/modules/streams/runtime/state/run-state.server";
export type { StepRun } from "~/modules/streams/runtime/state/step-run-state.server";

export interface StartRunInput {
  parameters?: Record<string, string>;
  trigger: RunTrigger;
  /** Re-run: the version to pin instead of the latest. */
  streamVersion?: number;
  rerunOf?: string;
}

/** A run started by a person or an API key: who, as the audit trail names them. */
export function manualTrigger(ctx: OrgContext): Extract<RunTrigger, { kind: "manual" }> {
  const actorType = ctx.actor.type === "user" || ctx.actor.type === "api_key" ? ctx.actor.type : "system";
  return { kind: "manual", actorType, actorId: ctx.actor.id, actorLabel: ctx.actor.label };
}

export async function startStreamRun(ctx: OrgContext, streamId: string, input: StartRunInput): Promise<Run> {
  const system = input.trigger.kind === "reconciliation";
  if (!system) await assertStreamsEnabled(ctx);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [stream] = await tx
      .select()
      .from(reconciliationStreams)
      .where(and(eq(reconciliationStreams.orgId, ctx.orgId), eq(reconciliationStreams.id, streamId)));
    if (!stream || (stream.system && !system)) throw new NotFound("stream", streamId);
    if (stream.status === "archived") throw new Conflict(`Stream '${streamId}' is archived; it cannot start runs`);
    const { version, steps } = await selectVersion(tx, ctx, streamId, input.streamVersion ?? stream.latestVersion);
    const parameters = input.parameters ?? {};
    const pinned = new Map<string, Awaited<ReturnType<typeof resolveStepRuleSetVersion>>>();
    for (const step of steps) pinned.set(step.key, await resolveStepRuleSetVersion(tx, ctx, step));
    const readers = parameterReaders({ steps }, (stepKey) => pinned.get(stepKey)?.version.definition ?? null);
    await assertParameters(tx, ctx, version.settings as StreamSettings, parameters, system ? [] : readers);

    const now = new Date();
    const [run] = await tx
      .insert(reconciliationRuns)
      .values({
        id: newId("run"),
        orgId: ctx.orgId,
        streamId,
        streamVersionId: version.id,
        streamVersion: version.version,
        state: "queued",
        trigger: input.trigger,
        parameters,
        rerunOf: input.rerunOf ?? null,
        createdBy: ctx.actor.label,
        createdAt: now,
      })
      .returning();
    for (const step of steps) {
      const { version: ruleSetVersion } = pinned.get(step.key)!;
      await tx.insert(reconciliationStepRuns).values({
        id: newId("stepRun"),
        orgId: ctx.orgId,
        runId: run!.id,
        stepId: step.id,
        stepKey: step.key,
        position: step.position,
        state: "pending",
        maxAttempts: step.retry.maxAttempts,
        ruleSetVersionId: ruleSetVersion.id,
      });
    }
    await recordAudit(tx, ctx, {
      action: input.rerunOf ? "stream_run.rerun" : "stream_run.started",
      resourceType: "stream_run",
      resourceId: run!.id,
      changes: { after: { streamId, streamVersion: version.version, trigger: input.trigger, parameters, rerunOf: input.rerunOf ?? null } },
    });
    return advanceRun(tx, ctx.orgId, run!.id);
  });
}

/**
 * Required parameters present, every parameter a file of the org whose
 * profiled columns give each step reading it the columns its mapping needs
 * (a file that cannot fit fails the step the moment it runs, so it is refused
 * before the run exists): 422 with pointers otherwise.
 */
async function assertParameters(tx: Tx, ctx: OrgContext, settings: StreamSettings, parameters: Record<string, string>, readers: ParameterReader[]): Promise<void> {
  const errors: ProblemLocation[] = [];
  const declared = new Map(settings.parameters.map((parameter) => [parameter.name, parameter]));
  for (const parameter of settings.parameters) {
    if (parameter.required && !parameters[parameter.name]) errors.push({ pointer: `/parameters/${parameter.name}`, message: `the stream needs run parameter '${parameter.name}' (${parameter.description || "a file id"})` });
  }
  for (const name of Object.keys(parameters)) {
    if (!declared.has(name)) errors.push({ pointer: `/parameters/${name}`, message: `the stream declares no parameter '${name}'` });
  }
  const fileIds = Object.values(parameters).filter((value) => value.length > 0);
  if (fileIds.length > 0) {
    const found = await tx
      .select({ id: uploadedFiles.id, name: uploadedFiles.name, format: uploadedFiles.format, detectedSchema: uploadedFiles.detectedSchema })
      .from(uploadedFiles)
      .where(and(eq(uploadedFiles.orgId, ctx.orgId), inArray(uploadedFiles.id, fileIds)));
    const known = new Map(found.map((row) => [row.id, row]));
    for (const [name, value] of Object.entries(parameters)) {
      if (!declared.has(name) || !value) continue;
      const file = known.get(value);
      if (!file) {
        errors.push({ pointer: `/parameters/${name}`, message: `no file '${value}'` });
        continue;
      }
      const fitFile = { id: file.id, name: file.name, format: file.format, columns: file.detectedSchema?.columns.map((column) => column.name) ?? null };
      for (const problem of parameterFitProblems(fitFile, name, readers, canonicalSchemaOfAdapter)) {
        errors.push({ pointer: `/parameters/${name}`, file: file.name, field: name, message: problem.message, missingColumns: problem.missingColumns, step: problem.reader.stepKey, input: problem.reader.pointer });
      }
    }
  }
  if (errors.length > 0) throw new ValidationFailed(`The run's parameters have ${errors.length} problem${errors.length === 1 ? "" : "s"}`, { errors });
}

export async function cancelRun(ctx: OrgContext, runId: string): Promise<Run> {
  await assertStreamsEnabled(ctx);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const run = await lockRun(tx, ctx.orgId, runId);
    if (!run) throw new NotFound("stream run", runId);
    if (run.state === "cancelling") return run;
    if (runStateMachine.terminal.has(run.state)) throw new Conflict(`Run '${runId}' has already ended (${run.state}); there is nothing to cancel`);
    await transitionRun(tx, ctx.orgId, runId, run.state, "cancelling", { cancelRequestedAt: new Date() });
    await recordAudit(tx, ctx, {
      action: "stream_run.cancel_requested",
      resourceType: "stream_run",
      resourceId: runId,
      changes: { before: { state: run.state }, after: { state: "cancelling" } },
    });
    return advanceRun(tx, ctx.orgId, runId);
  });
}

/**
 * A new run of the same stream version with the same parameters, linked to
 * the original; `parameters` replaces some of them ("choose another file"
 * after a step could not read the one it was given).
 */
export async function rerunRun(ctx: OrgContext, runId: string, options: { parameters?: Record<string, string> } = {}): Promise<Run> {
  const original = await getRun(ctx, runId);
  if (!runStateMachine.terminal.has(original.state)) throw new Conflict(`Run '${runId}' is still ${original.state}; re-run it once it has ended`);
  const trigger: RunTrigger = { ...manualTrigger(ctx), kind: "rerun", rerunOf: runId };
  const parameters = { ...original.parameters, ...(options.parameters ?? {}) };
  return startStreamRun(ctx, original.streamId, { parameters, trigger, streamVersion: original.streamVersion, rerunOf: runId });
}

/**
 * Re-queues a failed step after a fix (a dead letter, or retries
 * exhausted): the step gets a fresh retry budget, the steps its failure
 * skipped become pending again, and an ended run resumes.
 */
export async function retryStepRun(ctx: OrgContext, stepRunId: string): Promise<StepRun> {
  await assertStreamsEnabled(ctx);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const stepRun = await selectStepRun(tx, ctx, stepRunId);
    const run = (await lockRun(tx, ctx.orgId, stepRun.runId))!;
    if (stepRun.state !== "failed") throw new Conflict(`Step run '${stepRunId}' is ${stepRun.state}; only a failed step can be retried`);
    if (run.state === "cancelling" || run.state === "cancelled") throw new Conflict(`Run '${run.id}' was cancelled; re-run it instead`);
    const queued = await transitionStepRun(tx, ctx.orgId, stepRunId, "failed", "queued", {
      maxAttempts: stepRun.attempt + (await stepRetryBudget(tx, ctx, stepRun)),
      deadLetteredAt: null,
      failure: null,
      finishedAt: null,
    });
    if (!queued) throw new Conflict(`Step run '${stepRunId}' changed state; retry`);
    const skipped = await tx
      .select()
      .from(reconciliationStepRuns)
      .where(and(eq(reconciliationStepRuns.orgId, ctx.orgId), eq(reconciliationStepRuns.runId, run.id), eq(reconciliationStepRuns.state, "skipped")));
    for (const step of skipped) await transitionStepRun(tx, ctx.orgId, step.id, "skipped", "pending", { finishedAt: null });
    if (run.state === "failed" || run.state === "partially_succeeded") {
      await transitionRun(tx, ctx.orgId, run.id, run.state, "running", { finishedAt: null });
    }
    await enqueueStepRun(tx, stepRunId, null);
    await recordAudit(tx, ctx, {
      action: "step_run.retried",
      resourceType: "step_run",
      resourceId: stepRunId,
      changes: { before: { state: "failed", failure: stepRun.failure }, after: { state: "queued", runId: run.id } },
    });
    await advanceRun(tx, ctx.orgId, run.id);
    return queued;
  });
}

async function stepRetryBudget(tx: Tx, ctx: OrgContext, stepRun: StepRun): Promise<number> {
  const [step] = await tx.select({ retry: reconciliationSteps.retry }).from(reconciliationSteps).where(and(eq(reconciliationSteps.orgId, ctx.orgId), eq(reconciliationSteps.id, stepRun.stepId)));
  return step?.retry.maxAttempts ?? 1;
}

// ---- Reads

export async function getRun(ctx: OrgContext, runId: string, options: { includeSystem?: boolean } = {}): Promise<Run> {
  if (!options.includeSystem) await assertStreamsEnabled(ctx);
  return inOrgTransaction(ctx.orgId, (tx) => selectVisibleRun(tx, ctx, runId, options));
}

/** The org's run; runs of system-owned streams (the classic API's) only when asked for. */
export async function selectVisibleRun(tx: Tx, ctx: OrgContext, runId: string, options: { includeSystem?: boolean } = {}): Promise<Run> {
  const [row] = await tx
    .select({ run: reconciliationRuns, system: reconciliationStreams.system })
    .from(reconciliationRuns)
    .innerJoin(reconciliationStreams, eq(reconciliationStreams.id, reconciliationRuns.streamId))
    .where(and(eq(reconciliationRuns.orgId, ctx.orgId), eq(reconciliationRuns.id, runId)));
  if (!row || (row.system && !options.includeSystem)) throw new NotFound("stream run", runId);
  return row.run;
}

export async function listRunsOfStream(ctx: OrgContext, streamId: string, options: { limit: number; cursor?: string; state?: Run["state"] }) {
  await assertStreamsEnabled(ctx);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [stream] = await tx
      .select({ id: reconciliationStreams.id, system: reconciliationStreams.system })
      .from(reconciliationStreams)
      .where(and(eq(reconciliationStreams.orgId, ctx.orgId), eq(reconciliationStreams.id, streamId)));
    if (!stream || stream.system) throw new NotFound("stream", streamId);
    const conditions: SQL[] = [eq(reconciliationRuns.orgId, ctx.orgId), eq(reconciliationRuns.streamId, streamId)];
    if (options.cursor) conditions.push(lt(reconciliationRuns.id, options.cursor));
    if (options.state) conditions.push(eq(reconciliationRuns.state, options.state));
    const rows = await tx.select().from(reconciliationRuns).where(and(...conditions)).orderBy(desc(reconciliationRuns.id)).limit(options.limit + 1);
    const data = rows.slice(0, options.limit);
    return { data, nextCursor: rows.length > options.limit ? data.at(-1)!.id : null };
  });
}

export async function listStepRuns(ctx: OrgContext, runId: string, options: { includeSystem?: boolean } = {}): Promise<StepRun[]> {
  await getRun(ctx, runId, options);
  return inOrgTransaction(ctx.orgId, (tx) =>
    tx
      .select()
      .from(reconciliationStepRuns)
      .where(and(eq(reconciliationStepRuns.orgId, ctx.orgId), eq(reconciliationStepRuns.runId, runId)))
      .orderBy(asc(reconciliationStepRuns.position)),
  );
}

export async function getStepRun(ctx: OrgContext, stepRunId: string): Promise<StepRun> {
  await assertStreamsEnabled(ctx);
  return inOrgTransaction(ctx.orgId, (tx) => selectStepRun(tx, ctx, stepRunId));
}

async function selectStepRun(tx: Tx, ctx: OrgContext, stepRunId: string): Promise<StepRun> {
  const [stepRun] = await tx
    .select()
    .from(reconciliationStepRuns)
    .where(and(eq(reconciliationStepRuns.orgId, ctx.orgId), eq(reconciliationStepRuns.id, stepRunId)));
  if (!stepRun) throw new NotFound("step run", stepRunId);
  return stepRun;
}
