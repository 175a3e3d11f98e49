import { BadRequest, type ProblemLocation } from "~/core/errors/domain-errors";

/**
 * PostgreSQL text cannot hold U+0000: a NUL that reaches a query fails there
 * as "invalid byte sequence", a 500. No id, cursor or filter of ours can
 * contain one, so a NUL (`%00` in the URL) anywhere in a path or query
 * parameter is refused here, before authentication and parsing, as a 400
 * naming the parameter.
 */
export function assertNoNulBytes(routeParams: Record<string, string | undefined>, searchParams: URLSearchParams): void {
  const errors: ProblemLocation[] = [];
  for (const [name, value] of Object.entries(routeParams)) {
    if (value?.includes("\0")) errors.push({ parameter: name === "*" ? "path" : name, message: "contains a NUL byte (%00)" });
  }
  for (const [name, value] of searchParams) {
    if (name.includes("\0") || value.includes("\0")) {
      errors.push({ parameter: name.replaceAll("\0", "\\0"), message: "contains a NUL byte (%00)" });
    }
  }
  if (errors.length === 0) return;
  throw new BadRequest(`NUL bytes are not allowed in ${errors.map((error) => `'${error.parameter}'`).join(", ")}`, { errors });
}
