import type { z } from "zod";
import type { ProblemLocation } from "./domain-errors";

/**
 * Zod issues as the located problems a 422 lists. Pure, so modules that
 * validate input (uploads, webhooks) use it without reaching into app/http.
 */

/** JSON pointer (RFC 6901) for a zod issue path. */
export function toJsonPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((part) => "/" + String(part).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

export function bodyIssues(error: z.ZodError): ProblemLocation[] {
  return error.issues.map((issue) => {
    const location: ProblemLocation = { pointer: toJsonPointer(issue.path), message: issue.message };
    // Schema checks of expressions and patterns say where inside the string the problem is.
    const position = issue.code === "custom" ? (issue.params as { position?: unknown } | undefined)?.position : undefined;
    if (typeof position === "number") location.position = position;
    return location;
  });
}
