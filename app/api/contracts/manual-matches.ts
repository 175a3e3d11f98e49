import { defineOperation } from "../operation";
import { IdParamsSchema, IsoDateTime } from "../common-schemas";
import { z } from "../zod";
import { conflict, invalid, notFound, problems, text } from "./exceptions";

/** Manual matches: exceptions of both sides an analyst pairs by hand (and can undo). */

export const ManualMatchSchema = z
  .object({
    id: z.string(),
    object: z.literal("manual_match"),
    status: z.enum(["active", "undone"]),
    sourceExceptionIds: z.array(z.string()),
    targetExceptionIds: z.array(z.string()),
    currency: z.string(),
    sourceTotalMinor: z.number().int(),
    targetTotalMinor: z.number().int(),
    differenceMinor: z.number().int().openapi({ description: "source minus target" }),
    toleranceMinor: z.number().int(),
    forced: z.boolean(),
    forceReason: z.string().nullable(),
    note: z.string().nullable(),
    createdBy: z.string(),
    createdAt: IsoDateTime,
    undoneAt: IsoDateTime.nullable(),
    undoneBy: z.string().nullable(),
  })
  .openapi("ManualMatch");

export const createManualMatchOp = defineOperation({
  operationId: "createManualMatch",
  method: "POST",
  path: "/api/v1/manual-matches",
  tag: "Exceptions",
  summary: "Match open exceptions of both sides by hand; they resolve as matched_manually",
  description: "One currency; the sums must agree within toleranceMinor (default 0), or send force with a forceReason.",
  access: "exceptions:triage",
  body: z
    .object({
      sourceExceptionIds: z.array(z.string().min(1).max(64)).min(1).max(1000),
      targetExceptionIds: z.array(z.string().min(1).max(64)).min(1).max(1000),
      note: text(2000).optional(),
      toleranceMinor: z.number().int().min(0).safe().optional(),
      force: z.boolean().optional(),
      forceReason: text(2000).optional(),
    })
    .strict()
    .refine((body) => !body.force || body.forceReason, { path: ["forceReason"], message: "force needs a forceReason" }),
  responses: {
    201: { description: "The match", schema: ManualMatchSchema },
    ...problems,
    ...notFound("exception"),
    ...conflict("An exception is not open or was carried forward"),
    ...invalid,
  },
});

export const getManualMatchOp = defineOperation({
  operationId: "getManualMatch",
  method: "GET",
  path: "/api/v1/manual-matches/{id}",
  tag: "Exceptions",
  summary: "A manual match",
  access: "org:read",
  params: IdParamsSchema,
  responses: { 200: { description: "The match", schema: ManualMatchSchema }, ...problems, ...notFound("manual match") },
});

export const deleteManualMatchOp = defineOperation({
  operationId: "deleteManualMatch",
  method: "DELETE",
  path: "/api/v1/manual-matches/{id}",
  tag: "Exceptions",
  summary: "Undo a manual match: its exceptions reopen",
  access: "exceptions:triage",
  params: IdParamsSchema,
  responses: { 200: { description: "The undone match", schema: ManualMatchSchema }, ...problems, ...notFound("manual match"), ...conflict("Already undone") },
});
