import { beforeAll, describe, expect, it } from "vitest";
import { apiClient, startWebApp } from "../../support/web";
import { createTestOrg, problemOf, type TestOrg } from "../../support/factories";

let baseUrl: string;
let acme: TestOrg;

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  acme = await createTestOrg("Acme");
});

describe("API authentication", () => {
  it("answers a request without credentials with 401 problem+json", async () => {
    const response = await apiClient(baseUrl).get("/api/v1/me");
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ type: "/problems/unauthenticated", status: 401, instance: "/api/v1/me" });
    expect(problem.requestId).toBe(response.headers.get("x-request-id"));
  });

  it("answers an unknown key with 401", async () => {
    const response = await apiClient(baseUrl, "rsk_" + "A".repeat(43)).get("/api/v1/me");
    expect(response.status).toBe(401);
  });

  it("answers a malformed Authorization header with 401 even when it is not a key", async () => {
    const response = await apiClient(baseUrl).get("/api/v1/me", { headers: { Authorization: "Basic Zm9vOmJhcg==" } });
    expect(response.status).toBe(401);
  });

  it("identifies the caller behind a valid key", async () => {
    const response = await apiClient(baseUrl, acme.keys.operator).get("/api/v1/me");
    expect(response.status).toBe(200);
    const me = await response.json();
    expect(me).toMatchObject({
      object: "me",
      actor: { type: "api_key", id: acme.keyIds.operator },
      user: null,
      organization: { id: acme.orgId, object: "organization", name: "Acme" },
      role: "operator",
    });
  });

  it("rejects a key with 401 from the moment it is revoked", async () => {
    const owner = apiClient(baseUrl, acme.keys.owner);
    const created = await (await owner.post("/api/v1/api-keys", { name: "short-lived", role: "viewer" })).json();
    expect((await apiClient(baseUrl, created.secret).get("/api/v1/me")).status).toBe(200);

    const revoked = await owner.delete(`/api/v1/api-keys/${created.id}`);
    expect(revoked.status).toBe(200);
    expect((await revoked.json()).revokedAt).not.toBeNull();

    const after = await apiClient(baseUrl, created.secret).get("/api/v1/me");
    expect(after.status).toBe(401);
    expect((await problemOf(after)).type).toBe("/problems/unauthenticated");
  });

  it("records when a key was last used", async () => {
    const before = await (await apiClient(baseUrl, acme.keys.owner).get(`/api/v1/api-keys/${acme.keyIds.viewer}`)).json();
    expect(before.lastUsedAt).toBeNull();
    await apiClient(baseUrl, acme.keys.viewer).get("/api/v1/me");
    const after = await (await apiClient(baseUrl, acme.keys.owner).get(`/api/v1/api-keys/${acme.keyIds.viewer}`)).json();
    expect(after.lastUsedAt).not.toBeNull();
  });

  it("shows the secret only in the creation response", async () => {
    const owner = apiClient(baseUrl, acme.keys.owner);
    const created = await (await owner.post("/api/v1/api-keys", { name: "ci", role: "operator" })).json();
    expect(created.secret).toMatch(/^rsk_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.secret.slice(0, 12));
    const fetched = await (await owner.get(`/api/v1/api-keys/${created.id}`)).json();
    expect(fetched).not.toHaveProperty("secret");
    const listed = await (await owner.get("/api/v1/api-keys")).json();
    expect(JSON.stringify(listed)).not.toContain(created.secret);
  });
});

describe("role matrix on routes", () => {
  it("lets a viewer read but not manage API keys or members", async () => {
    const viewer = apiClient(baseUrl, acme.keys.viewer);
    expect((await viewer.get("/api/v1/members")).status).toBe(200);
    expect((await viewer.get("/api/v1/api-keys")).status).toBe(403);
    expect((await viewer.post("/api/v1/invitations", { email: "x@example.test", role: "viewer" })).status).toBe(403);
  });

  it("lets an admin manage API keys but not members", async () => {
    const admin = apiClient(baseUrl, acme.keys.admin);
    expect((await admin.get("/api/v1/api-keys")).status).toBe(200);
    expect((await admin.get("/api/v1/audit-events")).status).toBe(200);
    const invite = await admin.post("/api/v1/invitations", { email: "x@example.test", role: "viewer" });
    expect(invite.status).toBe(403);
    expect((await problemOf(invite)).type).toBe("/problems/forbidden");
  });

  it("refuses to let an admin mint an owner key", async () => {
    const response = await apiClient(baseUrl, acme.keys.admin).post("/api/v1/api-keys", { name: "escalate", role: "owner" });
    expect(response.status).toBe(403);
  });

  it("keeps operators out of configuration and audit reading", async () => {
    const operator = apiClient(baseUrl, acme.keys.operator);
    expect((await operator.get("/api/v1/audit-events")).status).toBe(403);
    expect((await operator.put("/api/v1/feature-flags/streams", { enabled: false })).status).toBe(403);
    expect((await operator.patch("/api/v1/organization", { name: "Renamed" })).status).toBe(403);
  });
});
