import { OpenApiGeneratorV31, OpenAPIRegistry, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { getEnv } from "~/platform/env.server";
import { PERMISSIONS } from "~/core/access";
import { ALL_OPERATIONS } from "./contracts";
import type { Operation } from "./operation";
import { ProblemSchema } from "./common-schemas";
import { z } from "./zod";

let cached: unknown;

/** Generated once per process from the same zod schemas the routes validate with. */
export function getOpenApiDocument(): unknown {
  cached ??= generate();
  return cached;
}

function generate(): unknown {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "An API key (rsk_…) created under Settings → API keys or with `npm run cli -- apikey:create`.",
  });
  registry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "rs_session",
    description: "Browser session of the web app. Writes must come from the same origin.",
  });
  registry.register("Problem", ProblemSchema);
  for (const operation of ALL_OPERATIONS) registry.registerPath(toRouteConfig(operation));

  const generator = new OpenApiGeneratorV31(registry.definitions);
  return generator.generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Reconstream API",
      version: getEnv().APP_VERSION,
      description: [
        "Reconciliation operations: files, rule sets, streams, runs, exceptions.",
        "",
        "Conventions: JSON bodies in camelCase; every object has `id`, `object` and `createdAt`;",
        "money is integer minor units with an ISO 4217 currency; lists use `limit` and an opaque `cursor`;",
        "errors are RFC 9457 problem+json with a `requestId`; POSTs accept an `Idempotency-Key` header.",
      ].join("\n"),
    },
    servers: [{ url: "/" }],
  });
}

function toRouteConfig(operation: Operation): RouteConfig {
  const security: Array<Record<string, string[]>> =
    operation.access === "public" ? [] : [{ apiKey: [] }, { session: [] }];
  const permissionNote =
    operation.access === "public" || operation.access === "authenticated"
      ? ""
      : `\n\nNeeds permission \`${operation.access}\` (role ${PERMISSIONS[operation.access]} or higher).`;
  const responses: RouteConfig["responses"] = {};
  for (const [status, response] of Object.entries(operation.responses)) {
    const isProblem = response.schema === ProblemSchema;
    responses[status] = {
      description: response.description,
      ...(response.schema
        ? { content: { [isProblem ? "application/problem+json" : "application/json"]: { schema: response.schema } } }
        : {}),
    };
  }
  const headers =
    operation.method === "POST" && operation.idempotent !== false
      ? z.object({
          "Idempotency-Key": z
            .string()
            .optional()
            .openapi({ description: "Replays the first response for 24 h; a different body with the same key is a 409" }),
        })
      : undefined;
  return {
    method: operation.method.toLowerCase() as RouteConfig["method"],
    path: operation.path,
    operationId: operation.operationId,
    summary: operation.summary,
    description: (operation.description ?? "") + permissionNote || undefined,
    tags: [operation.tag],
    security,
    request: {
      ...(operation.params ? { params: operation.params as z.ZodObject } : {}),
      ...(operation.query ? { query: operation.query as z.ZodObject } : {}),
      ...(headers ? { headers } : {}),
      ...(operation.body
        ? { body: { required: true, content: { "application/json": { schema: operation.body } } } }
        : {}),
    },
    responses,
  };
}
