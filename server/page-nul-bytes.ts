import type { NextFunction, Request, Response } from "express";

/**
 * Pages get the API's rule (app/http/nul-bytes.server.ts): a NUL byte (%00)
 * in the path or a query parameter can name nothing of ours and would reach
 * PostgreSQL as "invalid byte sequence", a 500. Refused here, once for every
 * page, as a 400. /api paths are left to the API handler, which names the
 * parameter in problem+json.
 */
export function rejectNulBytesInPages() {
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.path.startsWith("/api/")) return next();
    const where = nulByteLocation(request.originalUrl);
    if (where === undefined) return next();
    const detail = `NUL bytes are not allowed in the URL (${where})`;
    response.status(400).setHeader("Cache-Control", "no-store");
    if ("_data" in request.query || request.accepts(["html", "json"]) === "json") {
      const requestId = response.locals.requestId as string;
      response.type("application/problem+json").send(
        JSON.stringify({ type: "/problems/bad-request", title: "Bad request", status: 400, detail, instance: request.path, requestId, errors: [{ parameter: where, message: "contains a NUL byte (%00)" }] }),
      );
      return;
    }
    response.type("text/plain").send(`${detail}\n`);
  };
}

function nulByteLocation(originalUrl: string): string | undefined {
  const url = new URL(originalUrl, "http://placeholder");
  let path = url.pathname;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    // A malformed escape is Remix's to answer; only NUL bytes are ours.
  }
  if (path.includes("\0")) return "path";
  for (const [name, value] of url.searchParams) {
    if (name.includes("\0") || value.includes("\0")) return name.replaceAll("\0", "\\0");
  }
  return undefined;
}
