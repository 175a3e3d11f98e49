import type { z } from "zod";
import { DomainError, ValidationFailed, type ProblemLocation } from "~/core/errors/domain-errors";
import { assertSameOrigin } from "./same-origin.server";

/**
 * UI actions return `{ ok: false, error }` for domain errors so the form can
 * show them next to the fields; anything unexpected still throws to the
 * error boundary.
 */
export interface FormError {
  message: string;
  status: number;
  fields: Record<string, string>;
}

export type FormResult<T> = ({ ok: true } & T) | { ok: false; error: FormError };

/** A cross-site form post gets a plain 403, not the generic error page. */
export function requireSameOriginForm(request: Request): void {
  try {
    assertSameOrigin(request);
  } catch {
    throw new Response("Cross-origin form posts are not accepted", { status: 403 });
  }
}

/** Parses form fields with zod; problems become a ValidationFailed with one pointer per field. */
export function parseForm<S extends z.ZodType>(schema: S, formData: FormData): z.output<S> {
  const parsed = schema.safeParse(Object.fromEntries(formData));
  if (parsed.success) return parsed.data;
  throw new ValidationFailed("Check the highlighted fields and try again.", {
    errors: parsed.error.issues.map((issue) => ({
      pointer: `/${issue.path.map(String).join("/")}`,
      message: issue.message,
    })),
  });
}

export async function runFormAction<T extends object>(request: Request, fn: () => Promise<T>): Promise<FormResult<T>> {
  requireSameOriginForm(request);
  try {
    return { ok: true, ...(await fn()) };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: toFormError(error) };
    throw error;
  }
}

export function toFormError(error: DomainError): FormError {
  const fields: Record<string, string> = {};
  for (const location of error.errors as ProblemLocation[]) {
    const name = (location.pointer ?? location.parameter ?? location.field ?? "").replace(/^\//, "");
    if (name) fields[name] = location.message;
  }
  return { message: error.message, status: error.status, fields };
}
