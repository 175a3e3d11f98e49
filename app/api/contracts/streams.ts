import { streamDefinitionSchema } from "~/modules/streams";
import { defineOperation } from "../operation";
import { IdParamsSchema, IsoDateTime, ListQuerySchema, ProblemSchema, listOf } from "../common-schemas";
import { z } from "../zod";

/**
 * Streams (multi-step pipelines) and their runs. Every operation answers 404
 * when the org's `streams` feature flag is off.
 */
const problems = {
  401: { description: "No or bad credentials", schema: ProblemSchema },
  403: { description: "Role too low", schema: ProblemSchema },
};
const notFound = (what: string) => ({ 404: { description: `No such ${what} in your organization (or streams are off for it)`, schema: ProblemSchema } });
const invalid = { 422: { description: "Invalid; each problem has a JSON pointer", schema: ProblemSchema } };
const conflict = (description: string) => ({ 409: { description, schema: ProblemSchema } });

// The definition schema is plain zod built before ../zod adds .openapi(); a clone made now has it.
export const StreamDefinitionSchema = streamDefinitionSchema.clone().openapi("StreamDefinition", {
  description: "Steps (inputs, rule set, retry, timeout, critical) and settings (failure policy, retention, parameters, layout).",
});

const noNul = (text: string) => !text.includes("\u0000");
const nameSchema = z.string().trim().min(1).max(200).refine(noNul, "must not contain the NUL character");
const descriptionSchema = z.string().trim().max(2000).refine(noNul, "must not contain the NUL character").nullable();

export const StreamSchema = z
  .object({
    id: z.string(),
    object: z.literal("stream"),
    name: z.string(),
    description: z.string().nullable(),
    status: z.enum(["active", "archived"]),
    version: z.number().int().openapi({ description: "The version shown (the latest unless asked for another)" }),
    latestVersion: z.number().int(),
    versionId: z.string(),
    definitionSha256: z.string(),
    definition: StreamDefinitionSchema,
    dependencies: z.record(z.string(), z.array(z.string())).openapi({ description: "Each step's upstream steps (from its inputs and dependsOn)" }),
    origin: z.record(z.string(), z.unknown()).nullable(),
    createdBy: z.string(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    archivedAt: IsoDateTime.nullable(),
  })
  .openapi("Stream");

export const StreamVersionSchema = z
  .object({ id: z.string(), object: z.literal("stream_version"), streamId: z.string(), version: z.number().int(), definitionSha256: z.string(), createdBy: z.string(), createdAt: IsoDateTime })
  .openapi("StreamVersion");

const RunStateSchema = z.enum(["queued", "running", "succeeded", "failed", "partially_succeeded", "cancelling", "cancelled"]).openapi("StreamRunState");
const StepRunStateSchema = z.enum(["pending", "queued", "running", "retrying", "succeeded", "failed", "skipped", "cancelled"]).openapi("StepRunState");

export const StreamRunSchema = z
  .object({
    id: z.string(),
    object: z.literal("stream_run"),
    streamId: z.string(),
    streamVersion: z.number().int(),
    state: RunStateSchema,
    trigger: z.record(z.string(), z.unknown()).openapi({ description: "manual (actor), schedule (trigger, tick), event (kind, id), rerun (original run)" }),
    parameters: z.record(z.string(), z.string()),
    rerunOf: z.string().nullable(),
    metrics: z.record(z.string(), z.unknown()).nullable(),
    createdBy: z.string(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    startedAt: IsoDateTime.nullable(),
    finishedAt: IsoDateTime.nullable(),
    cancelRequestedAt: IsoDateTime.nullable(),
  })
  .openapi("StreamRun");

export const StepRunSchema = z
  .object({
    id: z.string(),
    object: z.literal("step_run"),
    runId: z.string(),
    stepKey: z.string(),
    position: z.number().int(),
    state: StepRunStateSchema,
    attempt: z.number().int(),
    maxAttempts: z.number().int(),
    idempotencyKey: z.string().nullable().openapi({ description: "stepRunId:attempt of the attempt now running or that committed" }),
    ruleSetVersionId: z.string().nullable(),
    resolvedInputs: z.record(z.string(), z.unknown()).nullable().openapi({ description: "What each input resolved to: file, sha256, rows" }),
    metrics: z.record(z.string(), z.unknown()).nullable(),
    attempts: z.array(z.record(z.string(), z.unknown())).openapi({ description: "Every attempt: start, end, outcome, failure and the backoff wait before the next" }),
    failure: z.record(z.string(), z.unknown()).nullable(),
    deadLetteredAt: IsoDateTime.nullable(),
    nextAttemptAt: IsoDateTime.nullable(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    startedAt: IsoDateTime.nullable(),
    finishedAt: IsoDateTime.nullable(),
  })
  .openapi("StepRun");

const ValidationReportSchema = z
  .object({
    object: z.literal("stream_validation"),
    streamId: z.string(),
    version: z.number().int(),
    ready: z.boolean(),
    problems: z.array(
      z.object({ stepKey: z.string().nullable(), pointer: z.string(), severity: z.enum(["error", "warning"]), message: z.string() }),
    ),
  })
  .openapi("StreamValidation");

const parametersSchema = z.record(z.string().min(1).max(64), z.string().max(64)).openapi({ description: "Run parameters by name: file ids" });

export const listStreamsOp = defineOperation({
  operationId: "listStreams",
  method: "GET",
  path: "/api/v1/streams",
  tag: "Streams",
  summary: "List streams (newest first)",
  access: "org:read",
  query: ListQuerySchema.extend({
    status: z.enum(["active", "archived"]).optional(),
    q: z.string().trim().min(1).max(200).optional().openapi({ description: "Case-insensitive substring of the name" }),
  }),
  responses: { 200: { description: "A page of streams", schema: listOf(StreamSchema, "StreamList") }, ...problems, ...notFound("resource") },
});

export const createStreamOp = defineOperation({
  operationId: "createStream",
  method: "POST",
  path: "/api/v1/streams",
  tag: "Streams",
  summary: "Create a stream; its definition becomes version 1",
  access: "config:write",
  body: z.object({ name: nameSchema, description: descriptionSchema.optional(), definition: StreamDefinitionSchema }).strict(),
  responses: { 201: { description: "Created", schema: StreamSchema }, ...problems, ...notFound("resource"), ...invalid },
});

export const getStreamOp = defineOperation({
  operationId: "getStream",
  method: "GET",
  path: "/api/v1/streams/{id}",
  tag: "Streams",
  summary: "Get a stream with its latest definition (or ?version=n)",
  access: "org:read",
  params: IdParamsSchema,
  query: z.object({ version: z.coerce.number().int().min(1).optional() }),
  responses: { 200: { description: "The stream", schema: StreamSchema }, ...problems, ...notFound("stream") },
});

export const updateStreamOp = defineOperation({
  operationId: "updateStream",
  method: "PATCH",
  path: "/api/v1/streams/{id}",
  tag: "Streams",
  summary: "Rename a stream, or give it a new definition (a new immutable version)",
  access: "config:write",
  params: IdParamsSchema,
  body: z.object({ name: nameSchema.optional(), description: descriptionSchema.optional(), definition: StreamDefinitionSchema.optional() }).strict(),
  responses: { 200: { description: "The stream", schema: StreamSchema }, ...problems, ...notFound("stream"), ...conflict("The stream is archived"), ...invalid },
});

export const listStreamVersionsOp = defineOperation({
  operationId: "listStreamVersions",
  method: "GET",
  path: "/api/v1/streams/{id}/versions",
  tag: "Streams",
  summary: "Every version of a stream, newest first",
  access: "org:read",
  params: IdParamsSchema,
  responses: { 200: { description: "Versions", schema: listOf(StreamVersionSchema, "StreamVersionList") }, ...problems, ...notFound("stream") },
});

export const archiveStreamOp = defineOperation({
  operationId: "archiveStream",
  method: "POST",
  path: "/api/v1/streams/{id}/archive",
  tag: "Streams",
  summary: "Archive a stream: no new versions or runs; history is kept",
  access: "config:write",
  params: IdParamsSchema,
  responses: { 200: { description: "The archived stream", schema: StreamSchema }, ...problems, ...notFound("stream"), ...conflict("Already archived") },
});

export const validateStreamOp = defineOperation({
  operationId: "validateStream",
  method: "POST",
  path: "/api/v1/streams/{id}/validate",
  tag: "Streams",
  summary: "Check a stream's readiness: graph, rule sets, columns, files, parameters, data sources",
  access: "org:read",
  idempotent: false,
  params: IdParamsSchema,
  body: z.object({ version: z.number().int().min(1).optional(), parameters: parametersSchema.optional() }).strict(),
  responses: { 200: { description: "The report", schema: ValidationReportSchema }, ...problems, ...notFound("stream") },
});

export const startStreamRunOp = defineOperation({
  operationId: "startStreamRun",
  method: "POST",
  path: "/api/v1/streams/{id}/runs",
  tag: "Stream runs",
  summary: "Start a run of the stream's latest version",
  description: "Answers 202 with the run to poll (Location). With Idempotency-Key, concurrent identical requests start one run.",
  access: "runs:execute",
  params: IdParamsSchema,
  body: z.object({ parameters: parametersSchema.optional() }).strict(),
  responses: { 202: { description: "Started", schema: StreamRunSchema }, ...problems, ...notFound("stream"), ...conflict("The stream is archived"), ...invalid },
});

export const listStreamRunsOp = defineOperation({
  operationId: "listStreamRuns",
  method: "GET",
  path: "/api/v1/streams/{id}/runs",
  tag: "Stream runs",
  summary: "Run history of a stream (newest first)",
  access: "org:read",
  params: IdParamsSchema,
  query: ListQuerySchema.extend({ state: RunStateSchema.optional() }),
  responses: { 200: { description: "A page of runs", schema: listOf(StreamRunSchema, "StreamRunList") }, ...problems, ...notFound("stream") },
});

export const getStreamRunOp = defineOperation({
  operationId: "getStreamRun",
  method: "GET",
  path: "/api/v1/stream-runs/{id}",
  tag: "Stream runs",
  summary: "A run's state and metrics",
  access: "org:read",
  params: IdParamsSchema,
  responses: { 200: { description: "The run", schema: StreamRunSchema }, ...problems, ...notFound("stream run") },
});

export const listStreamRunStepsOp = defineOperation({
  operationId: "listStreamRunSteps",
  method: "GET",
  path: "/api/v1/stream-runs/{id}/steps",
  tag: "Stream runs",
  summary: "The run's step runs, in definition order",
  access: "org:read",
  params: IdParamsSchema,
  responses: { 200: { description: "Step runs", schema: listOf(StepRunSchema, "StepRunList") }, ...problems, ...notFound("stream run") },
});

export const cancelStreamRunOp = defineOperation({
  operationId: "cancelStreamRun",
  method: "POST",
  path: "/api/v1/stream-runs/{id}/cancel",
  tag: "Stream runs",
  summary: "Cancel a run: steps not started are cancelled, running ones stop at their next checkpoint without committing",
  access: "runs:execute",
  params: IdParamsSchema,
  responses: { 202: { description: "Cancelling (or cancelled)", schema: StreamRunSchema }, ...problems, ...notFound("stream run"), ...conflict("The run has already ended") },
});

export const rerunStreamRunOp = defineOperation({
  operationId: "rerunStreamRun",
  method: "POST",
  path: "/api/v1/stream-runs/{id}/rerun",
  tag: "Stream runs",
  summary: "Start a new run with the same stream version and parameters, linked to this one",
  access: "runs:execute",
  params: IdParamsSchema,
  responses: { 202: { description: "The new run", schema: StreamRunSchema }, ...problems, ...notFound("stream run"), ...conflict("The run has not ended yet") },
});

export const retryStepRunOp = defineOperation({
  operationId: "retryStepRun",
  method: "POST",
  path: "/api/v1/step-runs/{id}/retry",
  tag: "Stream runs",
  summary: "Re-queue a failed step after a fix; the steps its failure skipped run again",
  access: "runs:execute",
  params: IdParamsSchema,
  responses: { 202: { description: "Queued", schema: StepRunSchema }, ...problems, ...notFound("step run"), ...conflict("The step run has not failed") },
});
