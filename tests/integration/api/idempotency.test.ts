import { beforeAll, describe, expect, it } from "vitest";
import { listApiKeys } from "~/modules/tenancy/api-keys.server";
import { apiClient, startWebApp } from "../../support/web";
import { createTestOrg, problemOf, type TestOrg } from "../../support/factories";

let baseUrl: string;
let org: TestOrg;

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg();
});

async function keysNamed(name: string) {
  const page = await listApiKeys(org.ownerCtx, { limit: 500 });
  return page.data.filter((key) => key.name === name);
}

describe("Idempotency-Key on POST", () => {
  it("returns the first response again for the same key and body, creating one resource", async () => {
    const client = apiClient(baseUrl, org.keys.owner);
    const headers = { "Idempotency-Key": "create-ci-key-1" };
    const first = await client.post("/api/v1/api-keys", { name: "idem-1", role: "viewer" }, { headers });
    const second = await client.post("/api/v1/api-keys", { name: "idem-1", role: "viewer" }, { headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await second.json()).toEqual(await first.json());
    expect(await keysNamed("idem-1")).toHaveLength(1);
  });

  it("answers 409 when the same key comes with a different body", async () => {
    const client = apiClient(baseUrl, org.keys.owner);
    const headers = { "Idempotency-Key": "create-ci-key-2" };
    await client.post("/api/v1/api-keys", { name: "idem-2", role: "viewer" }, { headers });
    const conflicting = await client.post("/api/v1/api-keys", { name: "idem-2b", role: "viewer" }, { headers });
    expect(conflicting.status).toBe(409);
    expect((await problemOf(conflicting)).type).toBe("/problems/idempotency-conflict");
    expect(await keysNamed("idem-2b")).toHaveLength(0);
  });

  it("creates exactly one resource when identical requests arrive at the same time", async () => {
    const client = apiClient(baseUrl, org.keys.owner);
    const headers = { "Idempotency-Key": "concurrent-1" };
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => client.post("/api/v1/api-keys", { name: "idem-concurrent", role: "viewer" }, { headers })),
    );
    const bodies = await Promise.all(responses.map((response) => response.json()));
    expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(bodies.map((body) => body.id)).size).toBe(1);
    expect(await keysNamed("idem-concurrent")).toHaveLength(1);
  });

  it("scopes keys to the organization", async () => {
    const other = await createTestOrg();
    const headers = { "Idempotency-Key": "shared-key" };
    const mine = await (await apiClient(baseUrl, org.keys.owner).post("/api/v1/api-keys", { name: "scoped", role: "viewer" }, { headers })).json();
    const theirs = await (await apiClient(baseUrl, other.keys.owner).post("/api/v1/api-keys", { name: "scoped", role: "viewer" }, { headers })).json();
    expect(theirs.id).not.toBe(mine.id);
  });

  it("remembers client errors too, so a retried bad request gets the same answer", async () => {
    const client = apiClient(baseUrl, org.keys.admin);
    const headers = { "Idempotency-Key": "bad-role" };
    const first = await client.post("/api/v1/api-keys", { name: "nope", role: "owner" }, { headers });
    const second = await client.post("/api/v1/api-keys", { name: "nope", role: "owner" }, { headers });
    expect(first.status).toBe(403);
    expect(second.status).toBe(403);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
  });

  it("rejects a malformed key with 400", async () => {
    const response = await apiClient(baseUrl, org.keys.owner).post(
      "/api/v1/api-keys",
      { name: "x", role: "viewer" },
      { headers: { "Idempotency-Key": "x".repeat(300) } },
    );
    expect(response.status).toBe(400);
    expect(await keysNamed("x")).toHaveLength(0);
  });
});
