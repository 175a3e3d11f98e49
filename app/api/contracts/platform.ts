import { defineOperation } from "../operation";
import { IsoDateTime, ProblemSchema, RoleSchema } from "../common-schemas";
import { z } from "../zod";

export const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    db: z.enum(["ok", "down"]),
    worker: z.enum(["ok", "down"]),
    version: z.string(),
  })
  .openapi("Health");

export const getHealth = defineOperation({
  operationId: "getHealth",
  method: "GET",
  path: "/api/v1/health",
  tag: "Platform",
  summary: "Liveness of the web process, its database and the worker pool",
  description: "Needs no credentials. Answers 503 when the database cannot be reached.",
  access: "public",
  responses: {
    200: { description: "The service is up", schema: HealthSchema },
    503: { description: "The database is down", schema: HealthSchema },
  },
});

export const MeSchema = z
  .object({
    object: z.literal("me"),
    actor: z.object({
      type: z.enum(["user", "api_key"]),
      id: z.string(),
      label: z.string(),
    }),
    user: z.object({ id: z.string(), email: z.string(), name: z.string() }).nullable(),
    organization: z.object({ id: z.string(), object: z.literal("organization"), name: z.string(), createdAt: IsoDateTime }),
    role: RoleSchema,
  })
  .openapi("Me");

export const getMe = defineOperation({
  operationId: "getMe",
  method: "GET",
  path: "/api/v1/me",
  tag: "Platform",
  summary: "The caller: user or API key, its organization and role",
  access: "authenticated",
  responses: {
    200: { description: "The caller", schema: MeSchema },
    401: { description: "No or bad credentials", schema: ProblemSchema },
  },
});

export const getOpenApiDocument = defineOperation({
  operationId: "getOpenApiDocument",
  method: "GET",
  path: "/api/v1/openapi.json",
  tag: "Platform",
  summary: "This OpenAPI 3.1 document",
  access: "public",
  responses: { 200: { description: "OpenAPI 3.1 document" } },
});
