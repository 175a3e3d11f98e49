import { beforeAll, describe, expect, it } from "vitest";
import { startWebApp } from "../../support/web";
import { createTestOrg, problemOf, TEST_PASSWORD, type TestOrg } from "../../support/factories";

/** The web app's own pages call /api/v1 with the session cookie; writes must be same-origin. */
let baseUrl: string;
let org: TestOrg;
let cookie: string;

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg("Cookie Co");
  const login = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: org.ownerEmail, password: TEST_PASSWORD }),
  });
  expect(login.status).toBe(302);
  const setCookie = login.headers.get("set-cookie")!;
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Lax/i);
  cookie = setCookie.split(";")[0]!;
});

describe("API calls with a browser session", () => {
  it("identify the signed-in user in their current org", async () => {
    const response = await fetch(`${baseUrl}/api/v1/me`, { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      actor: { type: "user", id: org.ownerUserId },
      user: { email: org.ownerEmail },
      organization: { id: org.orgId },
      role: "owner",
    });
  });

  it("begin with a sign-in that is on the org's audit trail", async () => {
    const { listAuditEvents } = await import("~/modules/audit/audit.server");
    const { events } = await listAuditEvents(org.ownerCtx, { limit: 5 });
    expect(events[0]).toMatchObject({ action: "session.created", actorId: org.ownerUserId, requestId: expect.stringMatching(/^req_/) });
  });

  it("accept writes from our own origin", async () => {
    const response = await fetch(`${baseUrl}/api/v1/api-keys`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: baseUrl, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "from the browser", role: "viewer" }),
    });
    expect(response.status).toBe(201);
  });

  it("refuse writes from another origin with 403", async () => {
    const response = await fetch(`${baseUrl}/api/v1/api-keys`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: "https://evil.example", "Content-Type": "application/json" },
      body: JSON.stringify({ name: "csrf", role: "owner" }),
    });
    expect(response.status).toBe(403);
    expect((await problemOf(response)).type).toBe("/problems/forbidden");
  });

  it("refuse a tampered session cookie", async () => {
    const [name, value] = cookie.split("=");
    const tampered = `${name}=${value!.slice(0, -3)}abc`;
    expect((await fetch(`${baseUrl}/api/v1/me`, { headers: { Cookie: tampered } })).status).toBe(401);
  });

  it("end with logout: the same cookie no longer works", async () => {
    const logout = await fetch(`${baseUrl}/logout`, { method: "POST", redirect: "manual", headers: { Cookie: cookie, Origin: baseUrl } });
    expect(logout.status).toBe(302);
    expect((await fetch(`${baseUrl}/api/v1/me`, { headers: { Cookie: cookie } })).status).toBe(401);
  });
});

describe("the login page", () => {
  it("answers 429 with Retry-After once an account is locked", async () => {
    const target = await createTestOrg("Locked Co");
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last = await fetch(`${baseUrl}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: target.ownerEmail, password: `wrong-${i}-password` }),
      });
    }
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
