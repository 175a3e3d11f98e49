import { DomainError, type ProblemLocation } from "~/domain/errors";
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

export async function runFormAction<T extends object>(request: Request, fn: () => Promise<T>): Promise<FormResult<T>> {
  try {
    assertSameOrigin(request);
  } catch {
    throw new Response("Cross-origin form posts are not accepted", { status: 403 });
  }
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
