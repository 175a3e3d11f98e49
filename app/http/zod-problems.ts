import type { z } from "zod";
import type { ProblemLocation } from "~/domain/errors";

/** JSON pointer (RFC 6901) for a zod issue path. */
export function toJsonPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((part) => "/" + String(part).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

export function bodyIssues(error: z.ZodError): ProblemLocation[] {
  return error.issues.map((issue) => ({ pointer: toJsonPointer(issue.path), message: issue.message }));
}

export function parameterIssues(error: z.ZodError): ProblemLocation[] {
  return error.issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      return { parameter: issue.keys.join(", "), message: `unknown parameter(s): ${issue.keys.join(", ")}` };
    }
    return { parameter: issue.path.map(String).join("."), message: issue.message };
  });
}
