import { beforeAll, describe, expect, it } from "vitest";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";
import { createTestOrg, problemOf, TEST_PASSWORD, type TestOrg } from "../../support/factories";

/**
 * A NUL byte (%00) in any path or query parameter of any API operation is a
 * 400 naming the parameter (PostgreSQL text cannot hold one, so it used to
 * surface as a 500). The operations come from the OpenAPI document, which a
 * contract test keeps equal to the route files, so a new route is covered
 * without editing this file.
 */
interface DocumentedOperation {
  method: string;
  path: string;
  pathParameters: string[];
  queryParameters: string[];
}

let baseUrl: string;
let org: TestOrg;
let client: ApiClient;
let operations: DocumentedOperation[];

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg("Nul Co");
  client = apiClient(baseUrl, org.keys.owner);
  const document = (await (await client.get("/api/v1/openapi.json")).json()) as {
    paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;
  };
  operations = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = operation.parameters ?? [];
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParameters: [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!),
        queryParameters: parameters.filter((parameter) => parameter.in === "query").map((parameter) => parameter.name),
      });
    }
  }
});

async function send(method: string, target: string): Promise<Response> {
  // A JSON body where one is expected, so a body check can never answer before the URL check.
  return method === "GET" || method === "DELETE" ? client[method === "GET" ? "get" : "delete"](target) : fetch(baseUrl + target, {
    method,
    headers: { Authorization: `Bearer ${org.keys.owner}`, "Content-Type": "application/json" },
    body: "{}",
  });
}

async function outcome(method: string, target: string) {
  const response = await send(method, target);
  const contentType = response.headers.get("content-type") ?? "";
  const problem = contentType.startsWith("application/problem+json") ? await problemOf(response) : {};
  return {
    status: response.status,
    type: problem.type,
    parameters: ((problem.errors as Array<{ parameter?: string }> | undefined) ?? []).map((error) => error.parameter),
  };
}

describe("a NUL byte in the URL", () => {
  it("covers a real list of operations", () => {
    // Guards the enumeration itself: an empty document would make the tests below pass vacuously.
    expect(operations.length).toBeGreaterThan(80);
    expect(operations.filter((operation) => operation.pathParameters.length > 0).length).toBeGreaterThan(50);
  });

  it("in a path parameter gets 400 naming the parameter, on every operation that has one", async () => {
    const failures: string[] = [];
    for (const operation of operations.filter((candidate) => candidate.pathParameters.length > 0)) {
      const target = operation.path.replace(/\{(\w+)\}/g, "ab%00cd");
      const seen = await outcome(operation.method, target);
      const expected = { status: 400, type: "/problems/bad-request", parameters: operation.pathParameters };
      if (JSON.stringify(seen) !== JSON.stringify(expected)) failures.push(`${operation.method} ${target} → ${JSON.stringify(seen)}`);
    }
    expect(failures).toEqual([]);
  });

  it("in a query parameter's value gets 400 naming the parameter, on every operation", async () => {
    const failures: string[] = [];
    for (const operation of operations) {
      const path = operation.path.replace(/\{(\w+)\}/g, "does_not_exist");
      const parameter = operation.queryParameters[0] ?? "q";
      const seen = await outcome(operation.method, `${path}?${parameter}=ab%00cd`);
      const expected = { status: 400, type: "/problems/bad-request", parameters: [parameter] };
      if (JSON.stringify(seen) !== JSON.stringify(expected)) failures.push(`${operation.method} ${path}?${parameter} → ${JSON.stringify(seen)}`);
    }
    expect(failures).toEqual([]);
  });

  it("in a query parameter's name gets 400 too", async () => {
    expect(await outcome("GET", "/api/v1/files?li%00mit=5")).toEqual({ status: 400, type: "/problems/bad-request", parameters: ["li\\0mit"] });
  });

  it("leaves ordinary ids alone: an unknown one is still a 404", async () => {
    expect((await client.get("/api/v1/files/file_does_not_exist")).status).toBe(404);
  });
});

describe("a NUL byte in a page's URL", () => {
  it("gets 400 on pages with an id or a query, not a 500", async () => {
    const login = await fetch(`${baseUrl}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: org.ownerEmail, password: TEST_PASSWORD }),
    });
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const pages = ["/files/ab%00cd", "/runs/ab%00cd", "/streams/ab%00cd", "/streams/ab%00cd/edit", "/templates/ab%00cd", "/quick-run/ab%00cd", "/files?q=a%00b", "/exceptions?status=%00"];
    const seen: Record<string, number> = {};
    for (const page of pages) seen[page] = (await fetch(baseUrl + page, { headers: { Cookie: cookie }, redirect: "manual" })).status;
    expect(seen).toEqual(Object.fromEntries(pages.map((page) => [page, 400])));
    expect((await fetch(`${baseUrl}/files/file_does_not_exist`, { headers: { Cookie: cookie }, redirect: "manual" })).status).toBe(404);
  });
});
