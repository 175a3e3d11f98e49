import { beforeAll, describe, expect, it } from "vitest";
import { startWebApp } from "../../support/web";
import { createTestOrg, problemOf, TEST_PASSWORD, type TestOrg } from "../../support/factories";

/**
 * A form post from another site (a foreign Origin) is refused with 403 —
 * problem+json for the API, the 403 answer for pages — never a 500, and
 * before it changes anything.
 */
const FOREIGN = "https://evil.example";
let baseUrl: string;
let org: TestOrg;
let cookie: string;

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg("Origin Co");
  const login = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: org.ownerEmail, password: TEST_PASSWORD }),
  });
  expect(login.status).toBe(302);
  cookie = login.headers.get("set-cookie")!.split(";")[0]!;
});

function foreignFormPost(path: string, fields: Record<string, string>, contentType = "application/x-www-form-urlencoded") {
  return fetch(baseUrl + path, {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: cookie, Origin: FOREIGN, "Content-Type": contentType },
    body: contentType === "application/x-www-form-urlencoded" ? new URLSearchParams(fields) : JSON.stringify(fields),
  });
}

const PAGE_ACTIONS = [
  "/",
  "/exceptions",
  "/files/file_x",
  "/quick-run",
  "/runs/run_x",
  "/settings",
  "/settings/api-keys",
  "/settings/audit",
  "/settings/members",
  "/settings/sla",
  "/streams/str_x",
  "/streams/str_x/edit",
  "/streams/new",
  "/templates",
  "/templates/tpl_x",
  "/invite/tok_x",
  "/login",
  "/logout",
  "/orgs/switch",
  "/setup",
];

describe("a form post from a foreign Origin", () => {
  it("gets 403 on every page with an action", async () => {
    const seen: Record<string, number> = {};
    for (const path of PAGE_ACTIONS) {
      const response = await foreignFormPost(path, { intent: "create", name: "x" });
      seen[path] = response.status;
    }
    expect(seen).toEqual(Object.fromEntries(PAGE_ACTIONS.map((path) => [path, 403])));
  });

  it("shows a browser the 403 page and changes nothing", async () => {
    const keysBefore = await (await fetch(`${baseUrl}/api/v1/api-keys`, { headers: { Authorization: `Bearer ${org.keys.owner}` } })).json();
    const response = await foreignFormPost("/settings/api-keys", { intent: "create", name: "planted", role: "admin" });
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toContain("Not allowed");
    const keysAfter = await (await fetch(`${baseUrl}/api/v1/api-keys`, { headers: { Authorization: `Bearer ${org.keys.owner}` } })).json();
    expect(keysAfter).toEqual(keysBefore);
  });

  it("gets 403 on a page's data request (?_data, how Remix posts a form)", async () => {
    const response = await foreignFormPost("/settings/api-keys?_data=routes%2F_app.settings.api-keys", { intent: "create", name: "x" });
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toMatch(/^application\/(problem\+)?json/);
  });

  it("gets 403 problem+json from the API", async () => {
    const response = await foreignFormPost("/api/v1/api-keys", { name: "x", role: "viewer" }, "application/json");
    expect(response.status).toBe(403);
    expect((await problemOf(response)).type).toBe("/problems/forbidden");
  });

  it("gets 403 problem+json from the API as a urlencoded form too", async () => {
    const response = await foreignFormPost("/api/v1/api-keys", { name: "x", role: "viewer" });
    expect(response.status).toBe(403);
    expect((await problemOf(response)).type).toBe("/problems/forbidden");
  });

  it("still lets the same form through from our own Origin (last: it signs out)", async () => {
    const response = await fetch(`${baseUrl}/logout`, { method: "POST", redirect: "manual", headers: { Cookie: cookie, Origin: baseUrl } });
    expect(response.status).toBe(302);
  });
});
