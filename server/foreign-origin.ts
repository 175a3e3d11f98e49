import type { NextFunction, Request, Response } from "express";

/**
 * Remix refuses a document POST/PUT/PATCH/DELETE whose Origin is not the
 * Host (or X-Forwarded-Host) by *throwing*, before any of our code runs, so a
 * cross-site form post used to be a 500. This answers the same requests first,
 * with the 403 they deserve: problem+json to a script (`?_data`, or one that
 * asks for JSON), a small page to a browser. The test mirrors Remix's
 * (`throwIfPotentialCSRFAttack`) so nothing it would throw on gets through.
 *
 * /api paths are resource routes, which Remix does not check; the API checks
 * the Origin itself for cookie-authenticated writes (app/http/same-origin.server.ts),
 * and API keys are not ambient credentials a foreign page could borrow.
 */
const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const DETAIL = "Cross-origin form posts are not accepted";

export function rejectForeignOriginPosts() {
  return (request: Request, response: Response, next: NextFunction) => {
    if (!UNSAFE_METHODS.has(request.method) || request.path.startsWith("/api/")) return next();
    if (!isForeignOrigin(request)) return next();
    const requestId = response.locals.requestId as string;
    response.status(403).setHeader("Cache-Control", "no-store");
    if ("_data" in request.query || request.accepts(["html", "json"]) === "json") {
      response.type("application/problem+json").send(
        JSON.stringify({ type: "/problems/forbidden", title: "Forbidden", status: 403, detail: DETAIL, instance: request.path, requestId }),
      );
      return;
    }
    response.type("text/html").send(forbiddenPage(requestId));
  };
}

function isForeignOrigin(request: Request): boolean {
  const origin = request.get("origin");
  if (origin === undefined) return false;
  const host = (request.get("x-forwarded-host")?.split(",")[0]?.trim() || request.get("host")) ?? "";
  if (origin === "null") return true;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

function forbiddenPage(requestId: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Not allowed · Reconstream</title></head>
<body><main><p>403</p><h1>Not allowed</h1><p>${DETAIL}: this form was sent from another site.</p>
<p>Request id ${requestId}</p><p><a href="/">Back to the dashboard</a></p></main></body></html>
`;
}
