import { EXCEPTION_TYPES, SEVERITIES } from "~/core/engine/types";
import { defineOperation } from "../operation";
import { IdParamsSchema, IsoDateTime, ListQuerySchema, ProblemSchema, listOf } from "../common-schemas";
import { z } from "../zod";

/**
 * Exceptions: what did not match, for people to close. Not behind the
 * streams flag: the classic reconciliation API raises exceptions too.
 */
export const problems = {
  401: { description: "No or bad credentials", schema: ProblemSchema },
  403: { description: "Role too low", schema: ProblemSchema },
};
export const notFound = (what: string) => ({ 404: { description: `No such ${what} in your organization`, schema: ProblemSchema } });
export const invalid = { 422: { description: "Invalid; each problem has a JSON pointer", schema: ProblemSchema } };
export const conflict = (description: string) => ({ 409: { description, schema: ProblemSchema } });
export const badQuery = { 400: { description: "Unknown or malformed query parameter", schema: ProblemSchema } };

export const EXCEPTION_STATUS_VALUES = ["open", "in_review", "resolved", "written_off", "ignored"] as const;
export const CHOSEN_RESOLUTION_CODES = ["matched_manually", "timing_difference", "bank_error", "duplicate_confirmed", "written_off_small_balance", "other"] as const;
const ExceptionStatusSchema = z.enum(EXCEPTION_STATUS_VALUES).openapi("ExceptionStatus");
const ResolutionCodeSchema = z.enum([...CHOSEN_RESOLUTION_CODES, "matched_in_later_run"]).openapi("ResolutionCode");
const SeveritySchema = z.enum(SEVERITIES).openapi("Severity");

const noNul = (text: string) => !text.includes("\u0000");
/** Free text from people: trimmed, bounded, never a NUL. */
export const text = (max: number) => z.string().trim().min(1).max(max).refine(noNul, "must not contain the NUL character");

/** A comma-separated list of allowed values (`status=open,in_review`). */
function listOfValues(values: readonly string[], what: string) {
  return z
    .string()
    .min(1)
    .max(500)
    .refine((value) => value.split(",").every((item) => values.includes(item)), `must be one or more of ${values.join(", ")}, comma-separated`)
    .openapi({ description: `${what}: one or more of ${values.join(", ")}, comma-separated` });
}

const RowRefSchema = z
  .object({
    sourceId: z.string().openapi({ description: "The original file (or artifact) id" }),
    line: z.number().int().openapi({ description: "1-based line in that file" }),
    values: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).openapi({ description: "Canonical fields as compared (amounts in minor units, dates ISO)" }),
    raw: z.record(z.string(), z.string().nullable()).openapi({ description: "The row's original columns" }),
  })
  .openapi("ExceptionRowRef");

export const ExceptionSchema = z
  .object({
    id: z.string(),
    object: z.literal("exception"),
    caseId: z.string().openapi({ description: "The first exception of the case; carried-forward items share it across runs" }),
    streamId: z.string(),
    streamRunId: z.string(),
    stepRunId: z.string(),
    stepKey: z.string(),
    reconciliationId: z.string().nullable(),
    type: z.string(),
    severity: z.string(),
    status: ExceptionStatusSchema,
    pass: z.string().nullable(),
    message: z.string().openapi({
      description:
        "What happened, in words, with rows named by file name and line (\"orders.csv line 4 has no counterpart in payments.csv\"). Written when the exception is read, so older exceptions read the same; the rows' file ids are in sourceRows and targetRows.",
    }),
    amountMinor: z.number().int().nullable(),
    amountDifferenceMinor: z.number().int().nullable(),
    currency: z.string().nullable(),
    assigneeId: z.string().nullable(),
    note: z.string().nullable(),
    firstSeenAt: IsoDateTime,
    ageDays: z.number().int(),
    dueAt: IsoDateTime,
    overdue: z.boolean(),
    resolution: z
      .object({ code: ResolutionCodeSchema, note: z.string().nullable(), resolvedAt: IsoDateTime.nullable(), resolvedBy: z.string().nullable(), resolvedInRunId: z.string().nullable() })
      .nullable(),
    manualMatchId: z.string().nullable(),
    supersededById: z.string().nullable().openapi({ description: "Set when a later run carried this item forward: this row is history" }),
    sourceRows: z.array(RowRefSchema),
    targetRows: z.array(RowRefSchema),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .openapi("Exception");

export const ExceptionEventSchema = z
  .object({
    id: z.string(),
    object: z.literal("exception_event"),
    exceptionId: z.string(),
    caseId: z.string(),
    kind: z.enum(["updated", "comment", "carried_forward", "auto_resolved", "manual_match", "manual_match_undone"]),
    actor: z.object({ type: z.string(), id: z.string().nullable(), label: z.string() }),
    before: z.record(z.string(), z.unknown()),
    after: z.record(z.string(), z.unknown()),
    bulkId: z.string().nullable(),
    createdAt: IsoDateTime,
  })
  .openapi("ExceptionEvent");

const ExceptionDetailSchema = ExceptionSchema.extend({
  comparison: z.array(
    z.object({
      field: z.string(),
      source: z.union([z.string(), z.number(), z.null()]),
      target: z.union([z.string(), z.number(), z.null()]),
      differs: z.boolean(),
      comparison: z.object({ field: z.string(), source: z.string().nullable(), target: z.string().nullable(), outcome: z.string(), detail: z.string() }).nullable(),
    }),
  ),
  closestRule: z.object({
    ruleSetId: z.string().nullable(),
    ruleSetVersion: z.number().int().nullable(),
    pass: z.object({ name: z.string(), keys: z.array(z.unknown()), definition: z.record(z.string(), z.unknown()) }).nullable(),
    why: z.string(),
    failedComparisons: z.array(z.record(z.string(), z.unknown())),
  }),
  provenance: z.object({
    rows: z.array(z.object({ side: z.enum(["source", "target"]), fileId: z.string(), fileName: z.string().nullable(), fileKind: z.string().nullable(), sha256: z.string().nullable(), line: z.number().int() })),
    streamRunId: z.string(),
    stepRunId: z.string(),
    stepKey: z.string(),
    exceptionsArtifactId: z.string().nullable(),
    ordinal: z.number().int(),
  }),
  events: z.array(ExceptionEventSchema),
}).openapi("ExceptionDetail");

export const ExceptionFilterSchema = z.object({
  reconciliationId: z.string().min(1).max(64).optional(),
  streamId: z.string().min(1).max(64).optional(),
  streamRunId: z.string().min(1).max(64).optional(),
  stepRunId: z.string().min(1).max(64).optional(),
  stepKey: z.string().min(1).max(200).optional().openapi({ description: "A step of the stream by its key, across runs (combine with streamId)" }),
  fileId: z.string().min(1).max(64).optional().openapi({ description: "An uploaded file (or artifact) the rows of either side came from" }),
  caseId: z.string().min(1).max(64).optional(),
  status: listOfValues(EXCEPTION_STATUS_VALUES, "Status").optional(),
  type: listOfValues(EXCEPTION_TYPES, "Exception type").optional(),
  severity: listOfValues(SEVERITIES, "Severity").optional(),
  assigneeId: z.string().min(1).max(64).optional().openapi({ description: "A member's user id, or `none` for unassigned" }),
  minAmountMinor: z.coerce.number().int().safe().optional(),
  maxAmountMinor: z.coerce.number().int().safe().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  olderThanDays: z.coerce.number().int().min(0).max(36_500).optional().openapi({ description: "First seen more than this many days ago" }),
  q: z.string().trim().min(1).max(200).optional().openapi({ description: "Case-insensitive text in references, ids and descriptions of both sides" }),
  overdue: z.enum(["true", "false"]).optional().openapi({ description: "Open past their SLA due date (or not)" }),
  includeSuperseded: z.enum(["true", "false"]).optional().openapi({ description: "Also rows a later run carried forward (history; default false)" }),
});
export const SortSchema = z
  .enum(["created", "-created", "amount", "-amount", "age", "-age", "severity", "-severity"])
  .default("-created")
  .openapi({ description: "`-` for descending. age: youngest first (-age: oldest first); severity: low first (-severity: critical first). Default -created (newest first)." });

export const listExceptionsOp = defineOperation({
  operationId: "listExceptions",
  method: "GET",
  path: "/api/v1/exceptions",
  tag: "Exceptions",
  summary: "List exceptions with filters, a sort and keyset pagination",
  access: "org:read",
  query: ListQuerySchema.extend(ExceptionFilterSchema.shape).extend({ sort: SortSchema }),
  responses: { 200: { description: "A page of exceptions", schema: listOf(ExceptionSchema, "ExceptionList") }, ...problems, ...badQuery },
});

const BucketSchema = z.object({ key: z.string(), count: z.number().int(), amountMinorByCurrency: z.record(z.string(), z.number().int()) }).openapi("ExceptionStatsBucket");
const SlaDaysSchema = z.object({ critical: z.number().int(), high: z.number().int(), medium: z.number().int(), low: z.number().int() }).openapi("ExceptionSlaDays");

export const getExceptionStatsOp = defineOperation({
  operationId: "getExceptionStats",
  method: "GET",
  path: "/api/v1/exceptions/stats",
  tag: "Exceptions",
  summary: "Counts and sums (per currency) by status, type, severity and age bucket",
  access: "org:read",
  query: ExceptionFilterSchema,
  responses: {
    200: {
      description: "Dashboard numbers",
      schema: z
        .object({
          object: z.literal("exception_stats"),
          total: z.number().int(),
          byStatus: z.array(BucketSchema),
          byType: z.array(BucketSchema),
          bySeverity: z.array(BucketSchema),
          byAgeBucket: z.array(BucketSchema).openapi({ description: "0-7, 8-30, 31-90 and 90+ days since first seen" }),
          overdue: BucketSchema,
          slaDays: SlaDaysSchema,
        })
        .openapi("ExceptionStats"),
    },
    ...problems,
    ...badQuery,
  },
});

const BulkFilterSchema = z
  .object({
    reconciliationId: z.string().optional(),
    streamId: z.string().optional(),
    streamRunId: z.string().optional(),
    stepRunId: z.string().optional(),
    stepKey: z.string().optional(),
    fileId: z.string().optional(),
    caseId: z.string().optional(),
    status: z.array(ExceptionStatusSchema).optional(),
    type: z.array(z.enum(EXCEPTION_TYPES)).optional(),
    severity: z.array(SeveritySchema).optional(),
    assigneeId: z.string().optional(),
    minAmountMinor: z.number().int().safe().optional(),
    maxAmountMinor: z.number().int().safe().optional(),
    currency: z.string().regex(/^[A-Z]{3}$/).optional(),
    olderThanDays: z.number().int().min(0).optional(),
    q: z.string().trim().min(1).max(200).optional(),
    overdue: z.boolean().optional(),
  })
  .strict()
  .openapi("ExceptionBulkFilter");

export const bulkUpdateExceptionsOp = defineOperation({
  operationId: "bulkUpdateExceptions",
  method: "POST",
  path: "/api/v1/exceptions/bulk",
  tag: "Exceptions",
  summary: "Assign, change the status of, or comment on many exceptions at once (all or nothing, at most 50,000)",
  access: "exceptions:triage",
  body: z
    .object({
      ids: z.array(z.string().min(1).max(64)).min(1).max(50_000).optional(),
      filter: BulkFilterSchema.optional(),
      action: z.enum(["assign", "setStatus", "comment"]),
      assigneeId: z.string().min(1).max(64).nullable().optional(),
      status: ExceptionStatusSchema.optional(),
      resolutionCode: z.enum(CHOSEN_RESOLUTION_CODES).optional(),
      resolutionNote: text(2000).optional(),
      comment: text(10_000).optional(),
    })
    .strict()
    .superRefine((body, context) => {
      if ((body.ids === undefined) === (body.filter === undefined)) context.addIssue({ code: "custom", path: ["ids"], message: "give exactly one of ids or filter" });
      if (body.action === "assign" && body.assigneeId === undefined) context.addIssue({ code: "custom", path: ["assigneeId"], message: "assign needs assigneeId (null to unassign)" });
      if (body.action === "setStatus" && !body.status) context.addIssue({ code: "custom", path: ["status"], message: "setStatus needs status" });
      if (body.action === "comment" && !body.comment) context.addIssue({ code: "custom", path: ["comment"], message: "comment needs comment" });
    }),
  responses: {
    200: {
      description: "Applied to every selected exception",
      schema: z
        .object({ id: z.string(), object: z.literal("exception_bulk_action"), action: z.string(), selected: z.number().int(), changed: z.number().int(), createdAt: IsoDateTime })
        .openapi("ExceptionBulkResult"),
    },
    ...problems,
    ...notFound("exception (one of ids)"),
    ...conflict("An exception cannot take the change (illegal transition, carried forward); nothing changed"),
    ...invalid,
  },
});

export const getExceptionSlaOp = defineOperation({
  operationId: "getExceptionSla",
  method: "GET",
  path: "/api/v1/exceptions/sla",
  tag: "Exceptions",
  summary: "The org's SLA: days to close an exception, per severity",
  access: "org:read",
  responses: { 200: { description: "SLA days", schema: SlaDaysSchema }, ...problems },
});

export const updateExceptionSlaOp = defineOperation({
  operationId: "updateExceptionSla",
  method: "PUT",
  path: "/api/v1/exceptions/sla",
  tag: "Exceptions",
  summary: "Set SLA days for one or more severities",
  access: "config:write",
  body: z.object({ critical: z.number().int().min(0).max(3650), high: z.number().int().min(0).max(3650), medium: z.number().int().min(0).max(3650), low: z.number().int().min(0).max(3650) }).partial().strict(),
  responses: { 200: { description: "SLA days", schema: SlaDaysSchema }, ...problems, ...invalid },
});

export const getExceptionOp = defineOperation({
  operationId: "getException",
  method: "GET",
  path: "/api/v1/exceptions/{id}",
  tag: "Exceptions",
  summary: "An exception with both sides side by side, the closest rule and why, provenance and history",
  access: "org:read",
  params: IdParamsSchema,
  responses: { 200: { description: "The exception", schema: ExceptionDetailSchema }, ...problems, ...notFound("exception") },
});

export const updateExceptionOp = defineOperation({
  operationId: "updateException",
  method: "PATCH",
  path: "/api/v1/exceptions/{id}",
  tag: "Exceptions",
  summary: "Change status (with a resolution), assignee, severity, note or due date",
  description: "resolved and written_off need a resolutionCode; written_off also a resolutionNote. An illegal transition is a 409.",
  access: "exceptions:triage",
  params: IdParamsSchema,
  body: z
    .object({
      status: ExceptionStatusSchema.optional(),
      resolutionCode: z.enum(CHOSEN_RESOLUTION_CODES).optional(),
      resolutionNote: text(2000).optional(),
      assigneeId: z.string().min(1).max(64).nullable().optional(),
      severity: SeveritySchema.optional(),
      note: z.string().max(10_000).refine(noNul, "must not contain the NUL character").nullable().optional(),
      dueAt: z.string().datetime({ offset: true }).nullable().optional(),
    })
    .strict(),
  responses: {
    200: { description: "The exception", schema: ExceptionSchema },
    ...problems,
    ...notFound("exception"),
    ...conflict("Illegal status transition, or the exception was carried forward"),
    ...invalid,
  },
});

export const listExceptionEventsOp = defineOperation({
  operationId: "listExceptionEvents",
  method: "GET",
  path: "/api/v1/exceptions/{id}/events",
  tag: "Exceptions",
  summary: "The case's history, oldest first: every change and comment with actor, before/after and time",
  access: "org:read",
  params: IdParamsSchema,
  query: ListQuerySchema,
  responses: { 200: { description: "A page of events", schema: listOf(ExceptionEventSchema, "ExceptionEventList") }, ...problems, ...notFound("exception") },
});

export const createExceptionCommentOp = defineOperation({
  operationId: "createExceptionComment",
  method: "POST",
  path: "/api/v1/exceptions/{id}/comments",
  tag: "Exceptions",
  summary: "Comment on an exception (the comment stays with its case across runs)",
  access: "exceptions:triage",
  params: IdParamsSchema,
  body: z.object({ body: text(10_000) }).strict(),
  responses: { 201: { description: "The comment event", schema: ExceptionEventSchema }, ...problems, ...notFound("exception"), ...invalid },
});
