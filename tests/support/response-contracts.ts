import { ALL_OPERATIONS } from "~/api/contracts";
import { ProblemSchema } from "~/api/common-schemas";
import type { Operation } from "~/api/operation";
import type { ApiClient } from "./web";

/**
 * Checks every response an integration test receives against the operation
 * the OpenAPI document generates from (the same contract objects): the status
 * is documented, the content type is the documented one, and the body parses
 * with the documented schema. Also notes which operations were called, so a
 * test can require that every documented operation was.
 */
export interface ResponseContracts {
  /** One line per response that broke its contract. */
  readonly violations: string[];
  /** "GET /api/v1/…" of every operation a request reached. */
  readonly seen: Set<string>;
  /** Every documented operation no request reached. */
  uncovered(): string[];
  /** Validates one response (a clone: the caller still reads the body). */
  check(method: string, target: string, response: Response): Promise<void>;
  /** The client with every response checked. */
  wrap(client: ApiClient): ApiClient;
}

export function operationKey(operation: Pick<Operation, "method" | "path">): string {
  return `${operation.method} ${operation.path}`;
}

interface Matcher {
  operation: Operation;
  pattern: RegExp;
  params: number;
}

// Literal segments win over parameters: /exceptions/stats is not /exceptions/{id}.
const MATCHERS: Matcher[] = ALL_OPERATIONS.map((operation) => ({
  operation,
  pattern: new RegExp(`^${operation.path.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+")}$`),
  params: (operation.path.match(/\{/g) ?? []).length,
})).sort((a, b) => a.params - b.params);

export function findOperation(method: string, pathname: string): Operation | undefined {
  return MATCHERS.find((matcher) => matcher.operation.method === method && matcher.pattern.test(pathname))?.operation;
}

export function responseContracts(): ResponseContracts {
  const violations: string[] = [];
  const seen = new Set<string>();

  async function check(method: string, target: string, response: Response): Promise<void> {
    const pathname = new URL(target, "http://localhost").pathname;
    const where = `${method} ${pathname} → ${response.status}`;
    const operation = findOperation(method, pathname);
    if (!operation) {
      violations.push(`${where}: no documented operation`);
      return;
    }
    seen.add(operationKey(operation));
    const documented = operation.responses[response.status];
    if (!documented) {
      violations.push(`${where}: status not documented for ${operation.operationId} (documented: ${Object.keys(operation.responses).join(", ")})`);
      return;
    }
    if (!documented.schema) return;
    const expectedType = documented.schema === ProblemSchema ? "application/problem+json" : "application/json";
    const contentType = response.headers.get("content-type") ?? "";
    if (!contentType.startsWith(expectedType)) {
      violations.push(`${where}: content type '${contentType}', documented '${expectedType}'`);
      return;
    }
    const text = await response.clone().text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      violations.push(`${where}: body is not JSON`);
      return;
    }
    const parsed = documented.schema.safeParse(body);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 5).map((issue) => `/${issue.path.join("/")}: ${issue.message}`);
      violations.push(`${where}: body does not match ${operation.operationId}'s ${response.status} schema: ${issues.join("; ")}`);
      return;
    }
    const undocumented = undocumentedFields(body, parsed.data, "");
    if (undocumented.length > 0) violations.push(`${where}: fields ${operation.operationId}'s ${response.status} schema does not document: ${undocumented.slice(0, 10).join(", ")}`);
  }

  function wrap(client: ApiClient): ApiClient {
    const checked =
      (method: string, send: (target: string, ...rest: never[]) => Promise<Response>) =>
      async (target: string, ...rest: never[]) => {
        const response = await send(target, ...rest);
        await check(method, target, response);
        return response;
      };
    return {
      get: checked("GET", client.get as never),
      post: checked("POST", client.post as never),
      patch: checked("PATCH", client.patch as never),
      put: checked("PUT", client.put as never),
      delete: checked("DELETE", client.delete as never),
    } as ApiClient;
  }

  return {
    violations,
    seen,
    uncovered: () => ALL_OPERATIONS.map(operationKey).filter((key) => !seen.has(key)).sort(),
    check,
    wrap,
  };
}

/**
 * zod drops the keys an object schema does not name, so a field the body has
 * and the parsed value lacks is one the document does not mention: a client
 * reading the document would not know it exists.
 */
function undocumentedFields(sent: unknown, documented: unknown, path: string): string[] {
  if (Array.isArray(sent) && Array.isArray(documented)) {
    return sent.flatMap((item, index) => undocumentedFields(item, documented[index], `${path}/${index}`));
  }
  if (!isPlainObject(sent) || !isPlainObject(documented)) return [];
  return Object.keys(sent).flatMap((key) =>
    key in documented ? undocumentedFields(sent[key], documented[key], `${path}/${key}`) : [`${path}/${key}`],
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
