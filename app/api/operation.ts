import type { Permission } from "~/core/access";
import { ProblemSchema } from "./common-schemas";
import type { z } from "./zod";

/**
 * One API operation's contract: the route validates with these schemas and
 * /api/v1/openapi.json is generated from the very same objects, so the
 * document cannot drift from the code.
 */
export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface OperationResponse {
  description: string;
  schema?: z.ZodTypeAny;
}

export interface Operation<
  Params extends z.ZodTypeAny = z.ZodTypeAny,
  Query extends z.ZodTypeAny = z.ZodTypeAny,
  Body extends z.ZodTypeAny = z.ZodTypeAny,
> {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI path template, e.g. "/api/v1/api-keys/{id}". */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** "public" needs no credentials; anything else names a permission. */
  access: Permission | "public" | "authenticated";
  params?: Params;
  query?: Query;
  body?: Body;
  /** POSTs honour Idempotency-Key unless this is false. */
  idempotent?: boolean;
  responses: Record<number, OperationResponse>;
}

export function defineOperation<
  Params extends z.ZodTypeAny = z.ZodTypeAny,
  Query extends z.ZodTypeAny = z.ZodTypeAny,
  Body extends z.ZodTypeAny = z.ZodTypeAny,
>(operation: Operation<Params, Query, Body>): Operation<Params, Query, Body> {
  // The handler answers every unknown or malformed query parameter with a 400 problem, so each operation with a query documents it.
  if (!operation.query || operation.responses[400]) return operation;
  return { ...operation, responses: { ...operation.responses, 400: BAD_QUERY } };
}

const BAD_QUERY: OperationResponse = { description: "Unknown or malformed query parameter", schema: ProblemSchema };
