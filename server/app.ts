import path from "node:path";
import { createRequire } from "node:module";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { getEnv, ingestLimitsFromEnv } from "~/platform/env.server";
import { setIngestLimits } from "~/core/ingest/limits";
import type { RequestLogFields } from "~/http/load-context";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "~/http/database-unavailable.server";
import { getLogger } from "~/platform/observability/logger.server";
import { getMetrics } from "~/platform/observability/metrics.server";
import { accessLog } from "./access-log";
import { rejectForeignOriginPosts } from "./foreign-origin";
import { rejectNulBytesInPages } from "./page-nul-bytes";
import { requestId } from "./request-context";
import { securityHeaders } from "./security-headers";

const require = createRequire(import.meta.url);
const SWAGGER_UI_DIR = path.dirname(require.resolve("swagger-ui-dist/package.json"));

/**
 * The web process: Express around the Remix request handler. Cross-cutting
 * concerns live here once (request ids, security headers, access log,
 * metrics); everything else is Remix routes.
 */
export function createWebApp(options: { build: ServerBuild; publicDir?: string }) {
  const env = getEnv();
  // Previews and suggestions read files in this process too.
  setIngestLimits(ingestLimitsFromEnv(env));
  const logger = getLogger().child({ process: "web" });
  const metrics = getMetrics();
  const publicDir = options.publicDir ?? path.resolve("public");
  const app = express();

  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY_HOPS);
  app.use(requestId());
  app.use(securityHeaders({ hsts: env.SECURE_COOKIES === "1" }));
  app.use(accessLog(logger, metrics));

  app.get("/metrics", async (request, response) => {
    if (env.METRICS_TOKEN && request.get("authorization") !== `Bearer ${env.METRICS_TOKEN}`) {
      response.status(401).type("text/plain").send("metrics need the METRICS_TOKEN bearer token\n");
      return;
    }
    response.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  // The API reference viewer is bundled from node_modules, never a CDN.
  app.use("/vendor/swagger-ui", express.static(SWAGGER_UI_DIR, { maxAge: "1d", index: false }));
  app.get("/docs/api", (_request, response) => {
    response.sendFile(path.join(publicDir, "api-reference.html"));
  });

  // Browsers ask for /favicon.ico whatever the page says; an SVG answers them.
  app.get("/favicon.ico", (_request, response) => {
    response.type("image/svg+xml").sendFile(path.join(publicDir, "favicon.svg"));
  });

  // Remix's fingerprinted assets can be cached forever.
  app.use("/build", express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(publicDir, { maxAge: "1h", index: false }));

  app.use(rejectForeignOriginPosts());
  app.use(rejectNulBytesInPages());
  app.all(
    "*",
    createRequestHandler({
      build: options.build,
      mode: env.NODE_ENV,
      getLoadContext: (request, response) => ({
        requestId: response.locals.requestId as string,
        cspNonce: response.locals.cspNonce as string,
        clientIp: request.ip ?? request.socket.remoteAddress ?? "unknown",
        log: response.locals.log as RequestLogFields,
      }),
    }),
  );

  // Last resort: errors thrown outside Remix (static files, metrics).
  app.use((error: unknown, request: express.Request, response: express.Response, _next: express.NextFunction) => {
    const id = response.locals.requestId as string;
    if (!response.headersSent && isDatabaseUnavailable(error)) {
      logger.warn({ err: error, requestId: id }, "database unavailable");
      response
        .status(503)
        .set("Retry-After", String(DATABASE_RETRY_AFTER_SECONDS))
        .type("application/problem+json")
        .send(JSON.stringify({ type: "/problems/service-unavailable", title: "Service unavailable", status: 503, instance: request.path, requestId: id }));
      return;
    }
    logger.error({ err: error, requestId: id }, "unhandled error outside Remix");
    if (response.headersSent) return;
    response
      .status(500)
      .type("application/problem+json")
      .send(
        JSON.stringify({
          type: "/problems/internal-error",
          title: "Internal server error",
          status: 500,
          detail: `Quote request id ${id} when reporting this.`,
          instance: request.path,
          requestId: id,
        }),
      );
  });

  return app;
}
