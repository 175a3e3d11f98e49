import type { NextFunction, Request, Response } from "express";
import type pino from "pino";
import { routeLabel, type Metrics } from "~/platform/observability/metrics.server";

/** One structured line per request, plus the latency histogram. */
export function accessLog(logger: pino.Logger, metrics: Metrics) {
  return (request: Request, response: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    response.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const path = request.path;
      metrics.httpRequestDuration.observe(
        { method: request.method, route: routeLabel(path), status: String(response.statusCode) },
        seconds,
      );
      if (path.startsWith("/build/") || path === "/favicon.ico") return;
      const log = response.locals.log as { orgId?: string; actor?: string } | undefined;
      logger.info(
        {
          requestId: response.locals.requestId,
          method: request.method,
          path,
          status: response.statusCode,
          durationMs: Math.round(seconds * 1000),
          orgId: log?.orgId,
          actor: log?.actor,
        },
        "request",
      );
    });
    next();
  };
}
