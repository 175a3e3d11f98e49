import { wireStreamsRuntime } from "./wiring.server";

// Loading the face wires the runtime's ports (runtime/ports.ts) to the modules around it, before anything here runs.
wireStreamsRuntime();

export { assertStreamsEnabled } from "./definition/feature.server";
export { consumedOutputs, deriveDependencies, findGraphProblems } from "./definition/graph";
export { archiveStream, createStream, definitionOf, getStream, getStreamVersion, listStreamVersions, listStreams, updateStream } from "./definition/streams.server";
export { validateStream } from "./definition/validation.server";
export { getArtifact, listStepRunArtifacts, openVerifiedArtifactDownload, purgeExpiredArtifacts } from "./runs/artifacts.server";
export { listDeadLetters } from "./runs/dead-letters.server";
export { getRunLineage } from "./runs/lineage.server";
export { openRunEventStream, readTimeline } from "./runs/run-events.server";
export { latestRunsOf, listRecentRuns, nextScheduledFires } from "./runs/run-history.server";
export { cancelRun, getRun, getStepRun, listRunsOfStream, listStepRuns, manualTrigger, rerunRun, retryStepRun, startStreamRun } from "./runs/stream-runs.server";
export { SOURCE_FILE_COLUMN, SOURCE_LINE_COLUMN, artifactCsvChunks, canonicalFieldsOf } from "./runtime/artifacts/artifact-csv";
export { buildExceptionRecords } from "./runtime/exception-records";
export type { ExceptionRecord } from "./runtime/exception-records";
export { enqueueStepRun } from "./runtime/orchestrator.server";
export type { ArtifactColumn, AttemptRecord, ExceptionRowRef, ResolvedInput, RunMetrics, RunTrigger, StepFailure, StepMetrics } from "~/core/streams/runtime-types";
export { isOwnerDead, recoverOrphanedStepRuns, stepRunNeedsIsolation } from "./runtime/step-crash-recovery.server";
export { executeStepRun } from "./runtime/step-executor.server";
export { getStepWorkPool } from "./runtime/step-work/step-work-pool.server";
export { installRuntimePorts } from "./runtime/ports";
export type { RuntimePorts } from "./runtime/ports";
export { applyFileFaults } from "./runtime/test-gates.server";
export { startQueuedTriggeredRun } from "./triggers/firing.server";
export { tickSchedules } from "./triggers/schedules.server";
export { enqueueInboxTriggers } from "./triggers/events.server";
export { getTrigger, listTriggerFirings, listTriggers } from "./triggers/trigger-reads.server";
export { upcomingFireTimes } from "./triggers/schedule-times";
export type { TriggerFiring, TriggerView } from "./triggers/trigger-types";
export { createTrigger, deleteTrigger, rotateWebhookSecret, updateTrigger } from "./triggers/trigger-writes.server";
export { receiveWebhook } from "./triggers/webhooks.server";
export type { StreamVersion, StreamWithVersion } from "./definition/streams.server";
export type { ArtifactRecord } from "./runs/artifacts.server";
export type { DeadLetter } from "./runs/dead-letters.server";
export type { RunEventPresenter, RunTimeline } from "./runs/run-events.server";
export type { Run, StepRun } from "./runs/stream-runs.server";
