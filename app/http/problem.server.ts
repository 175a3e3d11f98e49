import { DomainError, type ProblemLocation } from "~/core/errors/domain-errors";
import { getLogger } from "~/platform/observability/logger.server";
import { redactServerPaths } from "~/platform/observability/redact-paths.server";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "./database-unavailable.server";

/**
 * The one mapper from errors to RFC 9457 problem+json. A 5xx never leaks its
 * message or stack: it carries the requestId, and the log has the rest. No
 * answer names a server directory (problemJson redacts them).
 */
export function problemResponse(error: unknown, options: { requestId: string; instance: string }): Response {
  if (error instanceof DomainError) {
    return problemJson({
      status: error.status,
      problemName: error.problemName,
      title: error.title,
      detail: error.message,
      errors: error.errors,
      headers: error.headers,
      ...options,
    });
  }
  if (isDatabaseUnavailable(error)) {
    getLogger().warn({ err: error, requestId: options.requestId, instance: options.instance }, "database unavailable");
    return problemJson({
      status: 503,
      problemName: "service-unavailable",
      title: "Service unavailable",
      detail: "The database is restarting; nothing was changed. Retry in a few seconds.",
      headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) },
      ...options,
    });
  }
  getLogger().error({ err: error, requestId: options.requestId, instance: options.instance }, "unhandled error");
  return problemJson({
    status: 500,
    problemName: "internal-error",
    title: "Internal server error",
    detail: `Something went wrong on our side. Quote request id ${options.requestId} when reporting it.`,
    ...options,
  });
}

export function problemJson(problem: {
  status: number;
  problemName: string;
  title: string;
  detail?: string;
  errors?: ProblemLocation[];
  headers?: Record<string, string>;
  requestId: string;
  instance: string;
}): Response {
  const body: Record<string, unknown> = {
    type: `/problems/${problem.problemName}`,
    title: problem.title,
    status: problem.status,
    detail: problem.detail === undefined ? undefined : redactServerPaths(problem.detail),
    instance: problem.instance,
    requestId: problem.requestId,
  };
  if (problem.errors && problem.errors.length > 0) {
    body.errors = problem.errors.map((location) => ({ ...location, message: redactServerPaths(location.message) }));
  }
  return new Response(JSON.stringify(body), {
    status: problem.status,
    headers: {
      ...problem.headers,
      "Content-Type": "application/problem+json; charset=utf-8",
      "Cache-Control": "no-store",
    },
  });
}
