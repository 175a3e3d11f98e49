import { defineOperation } from "../operation";
import { IdParamsSchema, IsoDateTime, ListQuerySchema, ProblemSchema, listOf } from "../common-schemas";
import { z } from "../zod";

/**
 * The read side of stream runs: artifacts and their verified downloads, the
 * lineage graph, the live event stream and the dead-letter list.
 */
const problems = {
  401: { description: "No or bad credentials", schema: ProblemSchema },
  403: { description: "Role too low", schema: ProblemSchema },
};
const notFound = (what: string) => ({
  404: { description: `No such ${what} in your organization (or the streams feature is off for it)`, schema: ProblemSchema },
});

const ArtifactTypeSchema = z.enum(["UNMATCHED_SOURCE", "UNMATCHED_TARGET", "MATCHED", "EXCLUDED", "EXCEPTIONS"]).openapi("ArtifactType");

const ArtifactColumnSchema = z
  .object({
    name: z.string(),
    role: z.enum(["original", "canonical", "system"]).openapi({
      description: "original: a column of the input; canonical: a mapped field (@name); system: provenance and match columns (_name)",
    }),
  })
  .openapi("ArtifactColumn");

export const ArtifactSchema = z
  .object({
    id: z.string(),
    object: z.literal("artifact"),
    runId: z.string(),
    stepRunId: z.string(),
    stepKey: z.string(),
    fileId: z.string().openapi({ description: "Its file (kind `artifact`) in the files catalogue" }),
    artifactType: ArtifactTypeSchema,
    checksum: z.string().openapi({ description: "sha256 (lowercase hex) of the stored gzip'd CSV bytes" }),
    size: z.number().int().openapi({ description: "Bytes of the gzip'd CSV" }),
    rowCount: z.number().int(),
    columns: z.array(ArtifactColumnSchema),
    retentionDays: z.number().int(),
    retentionUntil: IsoDateTime.openapi({ description: "The bytes are deleted after this; metadata and lineage are kept" }),
    status: z.enum(["available", "purged"]),
    purgedAt: IsoDateTime.nullable(),
    createdAt: IsoDateTime,
    downloadUrl: z.string().openapi({ description: "GET it for the verified bytes (410 once purged)" }),
  })
  .openapi("Artifact");

const LineageNodeSchema = z
  .object({
    id: z.string().openapi({ description: "The file, step run or artifact id" }),
    type: z.enum(["file", "step_run", "artifact"]),
    label: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi("LineageNode");

const LineageEdgeSchema = z
  .object({
    id: z.string().openapi({ description: "The lineage event id" }),
    from: z.string(),
    to: z.string(),
    kind: z.enum(["input", "output", "dependency"]).openapi({
      description: "input: a file or artifact read by a step run; output: an artifact a step run wrote",
    }),
    details: z.record(z.string(), z.unknown()),
    createdAt: IsoDateTime,
  })
  .openapi("LineageEdge");

export const LineageGraphSchema = z
  .object({
    object: z.literal("lineage_graph"),
    runId: z.string(),
    nodes: z.array(LineageNodeSchema),
    edges: z.array(LineageEdgeSchema),
  })
  .openapi("LineageGraph");

export const DeadLetterSchema = z
  .object({
    id: z.string().openapi({ description: "The step run id" }),
    object: z.literal("dead_letter"),
    stepRunId: z.string(),
    runId: z.string(),
    streamId: z.string(),
    streamName: z.string(),
    stepKey: z.string(),
    attempt: z.number().int(),
    maxAttempts: z.number().int(),
    failure: z
      .object({
        classification: z.enum(["transient", "permanent"]),
        code: z.string(),
        message: z.string(),
        errors: z.array(z.record(z.string(), z.unknown())),
      })
      .openapi("StepFailure"),
    deadLetteredAt: IsoDateTime,
    createdAt: IsoDateTime.openapi({ description: "When it was dead-lettered" }),
    retryUrl: z.string().openapi({ description: "POST here to queue the step again after a fix" }),
  })
  .openapi("DeadLetter");

// ---- Operations

export const getArtifactOp = defineOperation({
  operationId: "getArtifact",
  method: "GET",
  path: "/api/v1/artifacts/{id}",
  tag: "Artifacts",
  summary: "An artifact's metadata: type, checksum, rows, columns, retention",
  access: "org:read",
  params: IdParamsSchema,
  responses: { 200: { description: "The artifact", schema: ArtifactSchema }, ...problems, ...notFound("artifact") },
});

export const downloadArtifactOp = defineOperation({
  operationId: "downloadArtifact",
  method: "GET",
  path: "/api/v1/artifacts/{id}/download",
  tag: "Artifacts",
  summary: "The artifact's gzip'd CSV, verified against its sha256 before sending",
  description:
    "Streams `application/gzip` with `Content-Disposition` (`<runId>-<stepKey>-<type>.csv.gz`), `ETag` (the checksum) " +
    "and `Digest: sha-256=…`. The stored object is hashed completely before the response starts, so corrupt bytes " +
    "are answered with 500 `artifact-integrity-failed` (and audited) instead of being sent. An artifact whose bytes " +
    "retention deleted answers 410 `gone`. Every download is audited.",
  access: "org:read",
  params: IdParamsSchema,
  responses: {
    200: { description: "The gzip'd CSV" },
    ...problems,
    ...notFound("artifact"),
    410: { description: "Retention deleted the bytes (gone); the metadata is still readable", schema: ProblemSchema },
    500: { description: "The stored bytes failed their integrity check (artifact-integrity-failed)", schema: ProblemSchema },
  },
});

export const listStepRunArtifactsOp = defineOperation({
  operationId: "listStepRunArtifacts",
  method: "GET",
  path: "/api/v1/step-runs/{id}/artifacts",
  tag: "Artifacts",
  summary: "The artifacts a step run wrote (at most one per type)",
  access: "org:read",
  params: IdParamsSchema,
  responses: {
    200: { description: "All of them, in type order (never more than one page)", schema: listOf(ArtifactSchema, "ArtifactList") },
    ...problems,
    ...notFound("step run"),
  },
});

export const getStreamRunLineageOp = defineOperation({
  operationId: "getStreamRunLineage",
  method: "GET",
  path: "/api/v1/stream-runs/{id}/lineage",
  tag: "Stream runs",
  summary: "The run's lineage graph: input files → step runs → artifacts → downstream step runs",
  description:
    "Nodes are the files, step runs and artifacts of the run, with their names, states, checksums and row counts; " +
    "edges are the run's append-only lineage events.",
  access: "org:read",
  params: IdParamsSchema,
  responses: { 200: { description: "The graph", schema: LineageGraphSchema }, ...problems, ...notFound("stream run") },
});

export const streamRunEventsOp = defineOperation({
  operationId: "streamRunEvents",
  method: "GET",
  path: "/api/v1/stream-runs/{id}/events",
  tag: "Stream runs",
  summary: "The run's live timeline as Server-Sent Events",
  description:
    "`text/event-stream`. First a `snapshot` event (`{run, stepRuns}`: states, attempts and their history, metrics), " +
    "then a `run` or `step_run` event (the whole changed resource) whenever one changes, a `: heartbeat` comment " +
    "every 15 s, and once the run has reached an end state an `end` event (`{runId, state}`), after which the server " +
    "closes the stream. A reconnecting client gets a fresh snapshot.",
  access: "org:read",
  params: IdParamsSchema,
  responses: { 200: { description: "The event stream" }, ...problems, ...notFound("stream run") },
});

export const listDeadLettersOp = defineOperation({
  operationId: "listDeadLetters",
  method: "GET",
  path: "/api/v1/dead-letters",
  tag: "Stream runs",
  summary: "Failed step runs waiting for a retry (permanent failures and exhausted retries), newest first",
  access: "org:read",
  query: ListQuerySchema.extend({
    streamId: z.string().min(1).max(64).optional().openapi({ description: "Only this stream's step runs" }),
  }),
  responses: { 200: { description: "A page of dead letters", schema: listOf(DeadLetterSchema, "DeadLetterList") }, ...problems },
});
