import { toProblem, type ProblemView } from "~/components/problem";

/**
 * The exceptions page talks to /api/v1 with the session cookie (the same
 * services as API clients), so a refused change arrives as the API's own
 * problem+json and is shown as it is.
 */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; problem: ProblemView };

export async function apiRequest<T>(method: "GET" | "POST" | "PATCH" | "DELETE", url: string, body?: unknown): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { Accept: "application/json", ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, problem: toProblem(0, null) };
  }
  const parsed: unknown = await response.json().catch(() => null);
  if (!response.ok) return { ok: false, problem: toProblem(response.status, parsed) };
  return { ok: true, data: parsed as T };
}
