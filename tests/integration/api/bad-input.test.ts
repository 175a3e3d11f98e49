import http from "node:http";
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/platform/db/client";
import { apiKeys, auditEvents } from "~/platform/db/schema";
import { apiClient, startWebApp } from "../../support/web";
import { createTestOrg, problemOf, type TestOrg } from "../../support/factories";

let baseUrl: string;
let org: TestOrg;

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg();
});

async function rowCounts() {
  const db = getDb();
  const [keys] = await db.select({ n: count() }).from(apiKeys).where(eq(apiKeys.orgId, org.orgId));
  const [events] = await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.orgId, org.orgId));
  return { keys: keys!.n, events: events!.n };
}

function rawPost(body: string, headers: Record<string, string>) {
  return fetch(`${baseUrl}/api/v1/api-keys`, {
    method: "POST",
    headers: { Authorization: `Bearer ${org.keys.owner}`, ...headers },
    body,
  });
}

describe("bad input gets a located problem+json and writes nothing", () => {
  it("answers malformed JSON with 400 naming the line and column", async () => {
    const before = await rowCounts();
    const response = await rawPost('{\n  "name": "ok",\n  "role": viewer\n}', { "Content-Type": "application/json" });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.type).toBe("/problems/bad-request");
    expect(problem.errors).toEqual([expect.objectContaining({ line: 3, column: 11 })]);
    expect(await rowCounts()).toEqual(before);
  });

  it("answers a wrong content type with 415", async () => {
    const before = await rowCounts();
    const response = await rawPost("name=x&role=viewer", { "Content-Type": "application/x-www-form-urlencoded" });
    expect(response.status).toBe(415);
    expect((await problemOf(response)).type).toBe("/problems/unsupported-media-type");
    expect(await rowCounts()).toEqual(before);
  });

  it("answers an oversized body with 413", async () => {
    const before = await rowCounts();
    const huge = JSON.stringify({ name: "x".repeat(2 * 1024 * 1024), role: "viewer" });
    const response = await rawPost(huge, { "Content-Type": "application/json" });
    expect(response.status).toBe(413);
    expect((await problemOf(response)).type).toBe("/problems/payload-too-large");
    expect(await rowCounts()).toEqual(before);
  });

  it("answers an oversized body sent without Content-Length (chunked) with 413", async () => {
    const before = await rowCounts();
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(`${baseUrl}/api/v1/api-keys`, {
        method: "POST",
        headers: { Authorization: `Bearer ${org.keys.owner}`, "Content-Type": "application/json" },
      });
      request.on("response", (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on("error", reject);
      request.write('{"name":"');
      for (let i = 0; i < 8; i++) request.write("x".repeat(256 * 1024));
      request.end('","role":"viewer"}');
    });
    expect(status).toBe(413);
    expect(await rowCounts()).toEqual(before);
  });

  it("answers a schema violation with 422 and a JSON pointer per problem", async () => {
    const before = await rowCounts();
    const response = await apiClient(baseUrl, org.keys.owner).post("/api/v1/api-keys", { name: "", role: "superuser", extra: 1 });
    expect(response.status).toBe(422);
    const problem = await problemOf(response);
    expect(problem.type).toBe("/problems/validation-failed");
    const pointers = (problem.errors as Array<{ pointer: string }>).map((error) => error.pointer).sort();
    expect(pointers).toEqual(["", "/name", "/role"]);
    expect(await rowCounts()).toEqual(before);
  });

  it("answers an empty body with 400", async () => {
    const response = await rawPost("", { "Content-Type": "application/json" });
    expect(response.status).toBe(400);
  });

  it("answers an unknown query filter with 400 naming the parameter", async () => {
    const response = await apiClient(baseUrl, org.keys.owner).get("/api/v1/api-keys?colour=blue");
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([expect.objectContaining({ parameter: "colour" })]);
  });

  it("answers an out-of-range limit and a forged cursor with 400", async () => {
    const client = apiClient(baseUrl, org.keys.owner);
    expect((await client.get("/api/v1/api-keys?limit=501")).status).toBe(400);
    expect((await client.get("/api/v1/api-keys?cursor=not-a-cursor")).status).toBe(400);
  });

  it("answers an unknown API path with a problem+json 404", async () => {
    const response = await apiClient(baseUrl, org.keys.owner).get("/api/v1/nothing-here");
    expect(response.status).toBe(404);
    expect((await problemOf(response)).type).toBe("/problems/not-found");
  });

  it("answers a method the route does not support with 405 and Allow", async () => {
    const response = await apiClient(baseUrl, org.keys.owner).delete("/api/v1/api-keys");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST");
  });
});

describe("pagination", () => {
  it("pages with an opaque cursor until hasMore is false, without repeats", async () => {
    const client = apiClient(baseUrl, org.keys.owner);
    for (let i = 0; i < 5; i++) await client.post("/api/v1/api-keys", { name: `page-${i}`, role: "viewer" });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { data: Array<{ id: string }>; hasMore: boolean; nextCursor: string | null } = await (
        await client.get(`/api/v1/api-keys?limit=2${cursor ? `&cursor=${cursor}` : ""}`)
      ).json();
      seen.push(...page.data.map((key) => key.id));
      cursor = page.nextCursor;
      expect(page.hasMore).toBe(cursor !== null);
      pages += 1;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(4 + 5);
    expect(pages).toBe(5);
  });
});
