import type { z } from "~/api/zod";
import type { StepRunSchema, StreamRunSchema } from "~/api/contracts/streams";
import type { ArtifactSchema, DeadLetterSchema } from "~/api/contracts/run-observability";
import { asOpenObject } from "./open-object";
import type { ArtifactRecord, DeadLetter, Run, RunEventPresenter, RunTimeline, StepFailure, StepRun } from "~/modules/streams/index.server";

/** Runs, step runs and what they left behind, as /api/v1 and the run event stream show them. */
export function serializeRun(run: Run): z.input<typeof StreamRunSchema> {
  return {
    id: run.id,
    object: "stream_run" as const,
    streamId: run.streamId,
    streamVersion: run.streamVersion,
    state: run.state,
    trigger: run.trigger,
    parameters: run.parameters,
    rerunOf: run.rerunOf,
    metrics: run.metrics ? asOpenObject(run.metrics) : null,
    createdBy: run.createdBy,
    createdAt: run.createdAt.toISOString(),
    updatedAt: run.updatedAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    cancelRequestedAt: run.cancelRequestedAt?.toISOString() ?? null,
  };
}

export function serializeStepRun(stepRun: StepRun): z.input<typeof StepRunSchema> {
  return {
    id: stepRun.id,
    object: "step_run" as const,
    runId: stepRun.runId,
    stepKey: stepRun.stepKey,
    position: stepRun.position,
    state: stepRun.state,
    attempt: stepRun.attempt,
    maxAttempts: stepRun.maxAttempts,
    idempotencyKey: stepRun.idempotencyKey,
    ruleSetVersionId: stepRun.ruleSetVersionId,
    resolvedInputs: stepRun.resolvedInputs ?? null,
    metrics: stepRun.metrics ? asOpenObject(stepRun.metrics) : null,
    attempts: stepRun.attempts.map(asOpenObject),
    failure: stepRun.failure ? asOpenObject(stepRun.failure) : null,
    deadLetteredAt: stepRun.deadLetteredAt?.toISOString() ?? null,
    nextAttemptAt: stepRun.nextAttemptAt?.toISOString() ?? null,
    createdAt: stepRun.createdAt.toISOString(),
    updatedAt: stepRun.updatedAt.toISOString(),
    startedAt: stepRun.startedAt?.toISOString() ?? null,
    finishedAt: stepRun.finishedAt?.toISOString() ?? null,
  };
}

export function serializeTimeline(timeline: RunTimeline) {
  return { run: serializeRun(timeline.run), stepRuns: timeline.stepRuns.map(serializeStepRun) };
}

/** What the run event stream sends: the same shapes as the REST reads. */
export const runEventPresenter: RunEventPresenter = { timeline: serializeTimeline, run: serializeRun, stepRun: serializeStepRun };

export function serializeArtifact(record: ArtifactRecord): z.input<typeof ArtifactSchema> {
  const { artifact } = record;
  return {
    id: artifact.id,
    object: "artifact" as const,
    runId: artifact.runId,
    stepRunId: artifact.stepRunId,
    stepKey: record.stepKey,
    fileId: artifact.fileId,
    artifactType: artifact.artifactType,
    checksum: artifact.checksum,
    size: artifact.size,
    rowCount: artifact.rowCount,
    columns: artifact.columns,
    retentionDays: artifact.retentionDays,
    retentionUntil: artifact.retentionUntil.toISOString(),
    status: artifact.status,
    purgedAt: artifact.purgedAt?.toISOString() ?? null,
    createdAt: artifact.createdAt.toISOString(),
    downloadUrl: `/api/v1/artifacts/${artifact.id}/download`,
  };
}

export function serializeDeadLetter(deadLetter: DeadLetter): z.input<typeof DeadLetterSchema> {
  const { stepRun } = deadLetter;
  const failure: StepFailure = stepRun.failure ?? { classification: "permanent", code: "unknown", message: "No failure was recorded" };
  return {
    id: stepRun.id,
    object: "dead_letter" as const,
    stepRunId: stepRun.id,
    runId: stepRun.runId,
    streamId: deadLetter.streamId,
    streamName: deadLetter.streamName,
    stepKey: stepRun.stepKey,
    attempt: stepRun.attempt,
    maxAttempts: stepRun.maxAttempts,
    failure: {
      classification: failure.classification,
      code: failure.code,
      message: failure.message,
      errors: failure.errors ?? [],
    },
    deadLetteredAt: stepRun.deadLetteredAt!.toISOString(),
    createdAt: stepRun.deadLetteredAt!.toISOString(),
    retryUrl: `/api/v1/step-runs/${stepRun.id}/retry`,
  };
}
