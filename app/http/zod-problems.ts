import type { z } from "zod";
import type { ProblemLocation } from "~/core/errors/domain-errors";

// Body issues are pure and shared with modules; re-exported so HTTP callers keep one import.
export { bodyIssues, toJsonPointer } from "~/core/errors/zod-issues";

export function parameterIssues(error: z.ZodError): ProblemLocation[] {
  return error.issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      return { parameter: issue.keys.join(", "), message: `unknown parameter(s): ${issue.keys.join(", ")}` };
    }
    return { parameter: issue.path.map(String).join("."), message: issue.message };
  });
}
