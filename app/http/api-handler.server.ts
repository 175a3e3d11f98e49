import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import type { OrgContext } from "~/core/access";
import { roleAllows } from "~/core/access";
import type { Operation } from "~/api/operation";
import { BadRequest, Forbidden, MethodNotAllowed, NotFound, ValidationFailed } from "~/core/errors/domain-errors";
import { getEnv } from "~/platform/env.server";
import { authenticateApiRequest } from "./authenticate.server";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  fingerprintRequest,
  releaseIdempotencyKey,
  validateIdempotencyKey,
} from "./idempotency.server";
import { readJsonBody } from "./json-body.server";
import { readLoadContext } from "./load-context";
import { assertNoNulBytes } from "./nul-bytes.server";
import { problemResponse } from "./problem.server";
import { assertSameOrigin } from "./same-origin.server";
import { bodyIssues, parameterIssues } from "./zod-problems";

/**
 * Every /api/v1 resource route goes through here: authenticate → authorize →
 * parse (zod) → idempotency → handler → problem+json on any error. Routes
 * stay thin: they bind an operation contract to a service call.
 */
type Infer<T> = [Exclude<T, undefined>] extends [z.ZodTypeAny] ? z.infer<Exclude<T, undefined>> : undefined;

export interface HandlerArgs<Op extends Operation> {
  ctx: Op["access"] extends "public" ? OrgContext | undefined : OrgContext;
  params: Infer<Op["params"]>;
  query: Infer<Op["query"]>;
  body: Infer<Op["body"]>;
  request: Request;
  requestId: string;
}

export interface Binding {
  operation: Operation;
  handler: (args: HandlerArgs<Operation>) => Promise<Response>;
}

export function bind<Op extends Operation>(operation: Op, handler: (args: HandlerArgs<Op>) => Promise<Response>): Binding {
  return { operation, handler: handler as unknown as Binding["handler"] };
}

export function json(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...init.headers },
  });
}

export function apiRoute(bindings: Binding[]) {
  const byMethod = new Map(bindings.map((binding) => [binding.operation.method, binding]));
  const allowed = [...byMethod.keys()];
  const handle = async ({ request, params, context }: LoaderFunctionArgs | ActionFunctionArgs): Promise<Response> => {
    const loadContext = readLoadContext(context);
    const url = new URL(request.url);
    const method = request.method === "HEAD" ? "GET" : request.method;
    try {
      assertNoNulBytes(params, url.searchParams);
      const binding = byMethod.get(method as Operation["method"]);
      if (!binding) throw new MethodNotAllowed(request.method, allowed);
      return await runOperation(binding, { request, url, routeParams: params, loadContext });
    } catch (error) {
      return problemResponse(error, { requestId: loadContext.requestId, instance: url.pathname });
    }
  };
  return { loader: handle, action: handle };
}

async function runOperation(
  binding: Binding,
  input: {
    request: Request;
    url: URL;
    routeParams: Record<string, string | undefined>;
    loadContext: ReturnType<typeof readLoadContext>;
  },
): Promise<Response> {
  const { operation } = binding;
  const { request, url, loadContext } = input;
  const requestId = loadContext.requestId;

  let ctx: OrgContext | undefined;
  if (operation.access !== "public") {
    const authenticated = await authenticateApiRequest(request, requestId);
    if (authenticated.via === "session" && operation.method !== "GET") assertSameOrigin(request);
    loadContext.log.orgId = authenticated.orgId;
    loadContext.log.actor = `${authenticated.actor.type}:${authenticated.actor.id}`;
    if (operation.access !== "authenticated" && !roleAllows(authenticated.actor.role, operation.access)) {
      throw new Forbidden(`This needs the '${operation.access}' permission, which the ${authenticated.actor.role} role does not have`);
    }
    ctx = { orgId: authenticated.orgId, actor: authenticated.actor, requestId };
  }

  const params = parseParams(operation, input.routeParams);
  const query = parseQuery(operation, url.searchParams);
  let rawBody = "";
  let body: unknown = undefined;
  if (operation.body) {
    // A POST with no body at all is `{}` when every field is optional (e.g. a snapshot of an http source).
    const read =
      carriesNoBody(request) && operation.body.safeParse({}).success
        ? { raw: "", value: {} }
        : await readJsonBody(request, getEnv().MAX_JSON_BODY_BYTES);
    rawBody = read.raw;
    const parsed = operation.body.safeParse(read.value);
    if (!parsed.success) {
      const errors = bodyIssues(parsed.error);
      throw new ValidationFailed(`${errors.length} problem${errors.length === 1 ? "" : "s"} in the request body`, { errors });
    }
    body = parsed.data;
  }

  const run = () => binding.handler({ ctx: ctx as OrgContext, params, query, body, request, requestId });
  const idempotencyHeader = request.headers.get("idempotency-key");
  if (operation.method !== "POST" || operation.idempotent === false || idempotencyHeader === null || !ctx) return run();

  const key = validateIdempotencyKey(idempotencyHeader);
  const claim = await claimIdempotencyKey(ctx, key, {
    method: operation.method,
    path: url.pathname,
    fingerprint: fingerprintRequest(operation.method, url.pathname + url.search, rawBody),
  });
  if (claim.kind === "replay") {
    return new Response(claim.response.body, {
      status: claim.response.status,
      headers: { ...claim.response.headers, "Idempotent-Replayed": "true" },
    });
  }
  let response: Response;
  try {
    response = await run();
  } catch (error) {
    response = problemResponse(error, { requestId, instance: url.pathname });
  }
  if (response.status >= 500) {
    await releaseIdempotencyKey(ctx, key);
    return response;
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const stored = { status: response.status, headers, body: await response.clone().text() };
  await completeIdempotencyKey(ctx, key, stored);
  return response;
}

function carriesNoBody(request: Request): boolean {
  if (request.body === null) return true;
  const length = request.headers.get("content-length");
  return length === "0" || (length === null && request.headers.get("transfer-encoding") === null);
}

function parseParams(operation: Operation, routeParams: Record<string, string | undefined>): unknown {
  if (!operation.params) return undefined;
  const parsed = operation.params.safeParse(routeParams);
  // A malformed id can name nothing that exists: same answer as a missing one.
  if (!parsed.success) throw new NotFound("resource");
  return parsed.data;
}

function parseQuery(operation: Operation, searchParams: URLSearchParams): unknown {
  const raw: Record<string, string> = {};
  for (const [name, value] of searchParams) {
    if (name in raw) {
      throw new BadRequest(`Query parameter '${name}' is given more than once`, { errors: [{ parameter: name, message: "repeated" }] });
    }
    raw[name] = value;
  }
  if (!operation.query) {
    const unknown = Object.keys(raw);
    if (unknown.length > 0) {
      throw new BadRequest(`Unknown query parameter(s): ${unknown.join(", ")}`, {
        errors: unknown.map((parameter) => ({ parameter, message: "unknown parameter" })),
      });
    }
    return undefined;
  }
  const schema = operation.query instanceof z.ZodObject ? operation.query.strict() : operation.query;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const errors = parameterIssues(parsed.error);
    throw new BadRequest(errors.map((error) => error.message).join("; "), { errors });
  }
  return parsed.data;
}
