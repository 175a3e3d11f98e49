import type { ProblemView } from "~/components/problem";

/** The step's failure (app/modules/streams/runtime/runtime-types StepFailure) with its located errors, shown like any other problem. */
export function failureProblem(failure: unknown): ProblemView {
  const record = failure && typeof failure === "object" ? (failure as { message?: unknown; errors?: unknown }) : {};
  const errors = Array.isArray(record.errors)
    ? record.errors
        .filter((error): error is Record<string, unknown> => typeof error === "object" && error !== null && typeof (error as { message?: unknown }).message === "string")
        .map((error) => ({
          message: String(error.message),
          ...(typeof error.pointer === "string" ? { pointer: error.pointer } : {}),
          ...(typeof error.file === "string" ? { file: error.file } : {}),
          ...(typeof error.line === "number" ? { line: error.line } : {}),
          ...(typeof error.column === "number" ? { column: error.column } : {}),
          ...(typeof error.field === "string" ? { field: error.field } : {}),
        }))
    : [];
  return {
    title: "The reconciliation failed",
    detail: typeof record.message === "string" ? record.message : "The run ended without a result.",
    errors,
  };
}
