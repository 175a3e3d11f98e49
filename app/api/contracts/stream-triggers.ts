import { inboxConfigSchema, runCompletionConfigSchema, scheduleConfigSchema, webhookConfigSchema } from "~/modules/streams";
import { defineOperation } from "../operation";
import { IdParamsSchema, IsoDateTime, ListQuerySchema, ProblemSchema, listOf } from "../common-schemas";
import { z } from "../zod";

const problems = {
  401: { description: "No or bad credentials", schema: ProblemSchema },
  403: { description: "Role too low", schema: ProblemSchema },
};
const triggerNotFound = { 404: { description: "No such trigger in your organization (or streams are off)", schema: ProblemSchema } };
const streamNotFound = { 404: { description: "No such stream in your organization (or streams are off)", schema: ProblemSchema } };
const invalid = { 422: { description: "Invalid body; each problem has a JSON pointer", schema: ProblemSchema } };

// The config schemas are plain zod from app/modules/streams/runtime; clones made now carry .openapi() (see rule-sets.ts).
const TriggerConfigSchema = z
  .discriminatedUnion("kind", [
    scheduleConfigSchema.clone().openapi("ScheduleTriggerConfig", {
      description: "A five-field cron expression read in an IANA time zone; missed ticks after downtime are skipped or caught up (at most catchUpMax).",
    }),
    inboxConfigSchema.clone().openapi("InboxTriggerConfig", {
      description: "Runs when a file becomes ready in an inbox named exactly, or matching a glob (* and ?); the file's id becomes run parameter `parameter`.",
    }),
    webhookConfigSchema.clone().openapi("WebhookTriggerConfig", { description: "Runs on a signed POST to /api/v1/hooks/{triggerId}." }),
    runCompletionConfigSchema.clone().openapi("RunCompletionTriggerConfig", {
      description: "Runs when a run of another stream ends: `succeeded` only, or `any` end state.",
    }),
  ])
  .openapi("TriggerConfig");

const ParametersSchema = z
  .record(z.string().min(1).max(64), z.string().max(2000))
  .refine((parameters) => Object.keys(parameters).length <= 50, "at most 50 parameters")
  .openapi({ description: "Run parameters every run this trigger starts receives (an event may add or override some)" });

const nameSchema = z
  .string()
  .trim()
  .max(200)
  .refine((text) => !text.includes("\u0000"), "must not contain the NUL character")
  .nullable();

export const StreamTriggerSchema = z
  .object({
    id: z.string(),
    object: z.literal("stream_trigger"),
    streamId: z.string(),
    kind: z.enum(["schedule", "inbox", "webhook", "run_completion"]),
    name: z.string().nullable(),
    enabled: z.boolean(),
    config: TriggerConfigSchema,
    parameters: z.record(z.string(), z.string()),
    createdBy: z.string(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    schedule: z
      .object({
        timeZone: z.string(),
        lastTickAt: IsoDateTime.nullable(),
        nextFireAt: IsoDateTime.nullable().openapi({ description: "When the scheduler next fires it; null while disabled" }),
        upcoming: z.array(IsoDateTime).openapi({ description: "The next 5 fire times from now (UTC instants), whether or not it is enabled" }),
      })
      .nullable()
      .openapi({ description: "Schedule triggers only" }),
    webhook: z
      .object({
        path: z.string().openapi({ example: "/api/v1/hooks/trg_01J…" }),
        secretSet: z.boolean(),
        secret: z
          .string()
          .optional()
          .openapi({ description: "Only in the answers to create and rotate-secret: store it now, it is never shown again" }),
        signature: z.string().openapi({
          description:
            "How to sign: `Reconstream-Delivery: <id>` and `Reconstream-Signature: t=<unix seconds>,v1=<hex>`, the hex being HMAC-SHA256 under the secret of `${t}.${deliveryId}.${rawBody}`",
        }),
      })
      .nullable()
      .openapi({ description: "Webhook triggers only" }),
  })
  .openapi("StreamTrigger");

export const DeletedStreamTriggerSchema = StreamTriggerSchema.extend({
  deleted: z.boolean().openapi({
    description: "true: removed. false: it had fired, so it is kept (disabled, secret cleared) for the history of its firings and runs",
  }),
}).openapi("DeletedStreamTrigger");

export const listStreamTriggersOp = defineOperation({
  operationId: "listStreamTriggers",
  method: "GET",
  path: "/api/v1/streams/{id}/triggers",
  tag: "Triggers",
  summary: "List a stream's triggers (newest first)",
  access: "org:read",
  params: IdParamsSchema,
  query: ListQuerySchema,
  responses: { 200: { description: "A page of triggers", schema: listOf(StreamTriggerSchema, "StreamTriggerList") }, ...problems, ...streamNotFound },
});

export const createStreamTriggerOp = defineOperation({
  operationId: "createStreamTrigger",
  method: "POST",
  path: "/api/v1/streams/{id}/triggers",
  tag: "Triggers",
  summary: "Add a trigger to a stream: a schedule, an inbox, a webhook or another stream's run completion",
  description: "A webhook trigger's signing secret is generated now and returned in this answer only.",
  access: "config:write",
  params: IdParamsSchema,
  body: z.object({ name: nameSchema.optional(), enabled: z.boolean().optional(), parameters: ParametersSchema.optional(), config: TriggerConfigSchema }).strict(),
  responses: {
    201: { description: "Created", schema: StreamTriggerSchema },
    ...problems,
    ...streamNotFound,
    409: { description: "The stream is archived", schema: ProblemSchema },
    ...invalid,
  },
});

export const getStreamTriggerOp = defineOperation({
  operationId: "getStreamTrigger",
  method: "GET",
  path: "/api/v1/triggers/{id}",
  tag: "Triggers",
  summary: "Get a trigger",
  access: "org:read",
  params: IdParamsSchema,
  responses: { 200: { description: "The trigger", schema: StreamTriggerSchema }, ...problems, ...triggerNotFound },
});

export const updateStreamTriggerOp = defineOperation({
  operationId: "updateStreamTrigger",
  method: "PATCH",
  path: "/api/v1/triggers/{id}",
  tag: "Triggers",
  summary: "Rename, enable or disable a trigger, or change its parameters or config (not its kind)",
  description: "A schedule whose expression changes, or that is enabled again, starts afresh from now: ticks missed meanwhile are not caught up.",
  access: "config:write",
  params: IdParamsSchema,
  body: z.object({ name: nameSchema.optional(), enabled: z.boolean().optional(), parameters: ParametersSchema.optional(), config: TriggerConfigSchema.optional() }).strict(),
  responses: { 200: { description: "The trigger", schema: StreamTriggerSchema }, ...problems, ...triggerNotFound, ...invalid },
});

export const deleteStreamTriggerOp = defineOperation({
  operationId: "deleteStreamTrigger",
  method: "DELETE",
  path: "/api/v1/triggers/{id}",
  tag: "Triggers",
  summary: "Delete a trigger; one that has fired is retired instead (disabled, secret cleared) and keeps its history",
  access: "config:write",
  params: IdParamsSchema,
  responses: { 200: { description: "What became of it", schema: DeletedStreamTriggerSchema }, ...problems, ...triggerNotFound },
});

export const rotateStreamTriggerSecretOp = defineOperation({
  operationId: "rotateStreamTriggerSecret",
  method: "POST",
  path: "/api/v1/triggers/{id}/rotate-secret",
  tag: "Triggers",
  summary: "Replace a webhook trigger's signing secret; the old one stops working at once",
  access: "config:write",
  params: IdParamsSchema,
  responses: {
    200: { description: "The trigger with its new secret (shown this once)", schema: StreamTriggerSchema },
    ...problems,
    ...triggerNotFound,
    409: { description: "Not a webhook trigger", schema: ProblemSchema },
  },
});

export const WebhookDeliverySchema = z
  .object({
    object: z.literal("webhook_delivery"),
    triggerId: z.string(),
    deliveryId: z.string().openapi({ description: "Reconstream-Delivery, or the body's deliveryId, or (without either) sig:<signature>" }),
    runId: z.string().nullable().openapi({ description: "null only while a concurrent duplicate is still starting the run" }),
    outcome: z.string().openapi({ description: "The firing's outcome: fired, skipped or starting" }),
    duplicate: z.boolean(),
    receivedAt: IsoDateTime,
  })
  .openapi("WebhookDelivery");

export const receiveWebhookOp = defineOperation({
  operationId: "receiveWebhook",
  method: "POST",
  path: "/api/v1/hooks/{triggerId}",
  tag: "Triggers",
  summary: "Start a stream run from a signed webhook",
  description:
    "No API key: the request is signed. Send `Reconstream-Delivery: <id>` (1–200 visible ASCII characters, no '.') and " +
    "`Reconstream-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 under the trigger's secret of \"<t>.<delivery id>.<raw body>\">`; " +
    "`t` must be within WEBHOOK_TOLERANCE_SECONDS (5 minutes by default) of the server's clock, and each signature is accepted once. " +
    "The body (JSON, optional) may carry `parameters` for the run. The same delivery id again (re-signed with a new `t`) starts no " +
    "second run: the answer (200) names the first one.",
  access: "public",
  // The raw bytes are what is signed, so the route reads the body itself (no `body` schema here).
  idempotent: false,
  params: z.object({ triggerId: z.string().min(1).max(64) }),
  responses: {
    202: { description: "Accepted: the run was started", schema: WebhookDeliverySchema },
    200: { description: "A duplicate delivery: the run the first one started", schema: WebhookDeliverySchema },
    400: { description: "Malformed JSON body or delivery id", schema: ProblemSchema },
    401: { description: "Missing or wrong signature or delivery id, a stale timestamp, or a replayed signature", schema: ProblemSchema },
    404: { description: "No webhook trigger with this id", schema: ProblemSchema },
    409: { description: "The trigger is disabled", schema: ProblemSchema },
    413: { description: "Body larger than MAX_JSON_BODY_BYTES", schema: ProblemSchema },
    422: { description: "Invalid parameters, or the run could not start (e.g. a required parameter is missing)", schema: ProblemSchema },
  },
});

export const FIRING_OUTCOMES = ["starting", "fired", "skipped", "failed"] as const;

export const TriggerFiringSchema = z
  .object({
    id: z.string(),
    object: z.literal("trigger_firing"),
    triggerId: z.string(),
    dedupeKey: z.string().openapi({ description: "Schedules: the tick (ISO instant); inbox: the file id; webhook: the delivery id; run completion: the upstream run id" }),
    outcome: z.enum(FIRING_OUTCOMES).openapi({
      description: "fired: a run started; skipped: a missed tick the policy did not run, or a run that could not start (see detail); failed: an error on our side, retried; starting: in progress",
    }),
    detail: z.string().nullable(),
    runId: z.string().nullable(),
    createdAt: IsoDateTime,
  })
  .openapi("TriggerFiring");

export const listTriggerFiringsOp = defineOperation({
  operationId: "listTriggerFirings",
  method: "GET",
  path: "/api/v1/triggers/{id}/firings",
  tag: "Triggers",
  summary: "What a trigger saw and did: every tick, file, delivery or upstream run, newest first",
  access: "org:read",
  params: IdParamsSchema,
  query: ListQuerySchema.extend({ outcome: z.enum(FIRING_OUTCOMES).optional().openapi({ description: "Only firings with this outcome" }) }),
  responses: { 200: { description: "A page of firings", schema: listOf(TriggerFiringSchema, "TriggerFiringList") }, ...problems, ...triggerNotFound },
});
