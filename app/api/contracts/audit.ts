import { defineOperation } from "../operation";
import { IdParamsSchema, IsoDateTime, ListQuerySchema, ProblemSchema, listOf } from "../common-schemas";
import { z } from "../zod";

export const AuditEventSchema = z
  .object({
    id: z.string(),
    object: z.literal("audit_event"),
    seq: z.number().int(),
    actor: z.object({
      type: z.enum(["user", "api_key", "system", "scheduler"]),
      id: z.string().nullable(),
      label: z.string().nullable(),
    }),
    action: z.string(),
    resourceType: z.string(),
    resourceId: z.string().nullable(),
    requestId: z.string().nullable(),
    changes: z.record(z.string(), z.unknown()),
    createdAt: IsoDateTime,
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi("AuditEvent");

const problems = {
  401: { description: "No or bad credentials", schema: ProblemSchema },
  403: { description: "Role too low", schema: ProblemSchema },
};

export const listAuditEventsOp = defineOperation({
  operationId: "listAuditEvents",
  method: "GET",
  path: "/api/v1/audit-events",
  tag: "Audit",
  summary: "The organization's audit trail, newest first",
  access: "audit:read",
  query: ListQuerySchema.extend({
    resourceType: z.string().max(64).optional(),
    resourceId: z.string().max(64).optional(),
  }),
  responses: { 200: { description: "A page of events", schema: listOf(AuditEventSchema, "AuditEventList") }, ...problems },
});

export const getAuditEventOp = defineOperation({
  operationId: "getAuditEvent",
  method: "GET",
  path: "/api/v1/audit-events/{id}",
  tag: "Audit",
  summary: "One audit event",
  access: "audit:read",
  params: IdParamsSchema,
  responses: {
    200: { description: "The event", schema: AuditEventSchema },
    ...problems,
    404: { description: "Not found", schema: ProblemSchema },
  },
});
