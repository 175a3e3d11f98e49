import { adapterName } from "~/modules/streams";
import { defineOperation } from "../operation";
import { IdParamsSchema, IsoDateTime, ListQuerySchema, ProblemSchema, listOf } from "../common-schemas";
import { z } from "../zod";

/**
 * The classic one-to-one reconciliation API (compatibility). Frozen by
 * tests/integration/reconciliations/contract.test.ts: a breaking change to
 * these shapes fails it. Not behind the streams flag.
 */
const problems = {
  401: { description: "No or bad credentials", schema: ProblemSchema },
  403: { description: "Role too low", schema: ProblemSchema },
};
const notFound = { 404: { description: "No such reconciliation in your organization", schema: ProblemSchema } };

export const ReconciliationSummarySchema = z
  .object({
    sourceRows: z.number().int(),
    targetRows: z.number().int(),
    matched: z.number().int().openapi({ description: "Matches made (a 1:1 match pairs one row of each side)" }),
    unmatchedSource: z.number().int().openapi({ description: "Source rows in no match (excluded rows not counted)" }),
    unmatchedTarget: z.number().int(),
    exceptionsByType: z.record(z.string(), z.number().int()),
  })
  .openapi("ReconciliationSummary");

export const ReconciliationSchema = z
  .object({
    id: z.string(),
    object: z.literal("reconciliation"),
    name: z.string(),
    status: z.enum(["pending", "running", "completed", "failed"]),
    sourceFileId: z.string(),
    targetFileId: z.string(),
    ruleSetId: z.string(),
    sourceAdapter: z.string().nullable(),
    targetAdapter: z.string().nullable(),
    summary: ReconciliationSummarySchema.nullable().openapi({ description: "Set once completed" }),
    streamId: z.string().nullable().openapi({ description: "The hidden system stream that runs it" }),
    streamRunId: z.string().nullable(),
    stepRunId: z.string().nullable(),
    createdBy: z.string(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    startedAt: IsoDateTime.nullable(),
    finishedAt: IsoDateTime.nullable(),
  })
  .openapi("Reconciliation");

const noNul = (text: string) => !text.includes("\u0000");

export const listReconciliationsOp = defineOperation({
  operationId: "listReconciliations",
  method: "GET",
  path: "/api/v1/reconciliations",
  tag: "Reconciliations",
  summary: "List reconciliations (newest first)",
  access: "org:read",
  query: ListQuerySchema,
  responses: { 200: { description: "A page of reconciliations", schema: listOf(ReconciliationSchema, "ReconciliationList") }, ...problems },
});

export const createReconciliationOp = defineOperation({
  operationId: "createReconciliation",
  method: "POST",
  path: "/api/v1/reconciliations",
  tag: "Reconciliations",
  summary: "Create a reconciliation of two files with a rule set (status pending)",
  access: "runs:execute",
  body: z
    .object({
      name: z.string().trim().min(1).max(200).refine(noNul, "must not contain the NUL character"),
      sourceFileId: z.string().min(1).max(64),
      targetFileId: z.string().min(1).max(64),
      ruleSetId: z.string().min(1).max(64),
      sourceAdapter: adapterName.optional().openapi({ description: "Format adapter for the source file (e.g. shopify_orders)" }),
      targetAdapter: adapterName.optional(),
    })
    .strict(),
  responses: {
    201: { description: "Created, pending", schema: ReconciliationSchema },
    ...problems,
    422: { description: "Unknown file or rule set; each problem has a JSON pointer", schema: ProblemSchema },
  },
});

export const getReconciliationOp = defineOperation({
  operationId: "getReconciliation",
  method: "GET",
  path: "/api/v1/reconciliations/{id}",
  tag: "Reconciliations",
  summary: "A reconciliation: status, summary, its stream run and step run",
  access: "org:read",
  params: IdParamsSchema,
  responses: { 200: { description: "The reconciliation", schema: ReconciliationSchema }, ...problems, ...notFound },
});

export const startReconciliationOp = defineOperation({
  operationId: "startReconciliation",
  method: "POST",
  path: "/api/v1/reconciliations/{id}/start",
  tag: "Reconciliations",
  summary: "Start it: runs as a one-step system stream; status running, then completed or failed",
  access: "runs:execute",
  params: IdParamsSchema,
  responses: {
    202: { description: "Started, running", schema: ReconciliationSchema },
    ...problems,
    ...notFound,
    409: { description: "Already started", schema: ProblemSchema },
  },
});
