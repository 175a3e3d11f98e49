import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { apiClient, startWebApp } from "../../support/web";

let baseUrl: string;

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
});

function runCli(args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], {
    env: { ...process.env, LOG_LEVEL: "silent" },
    encoding: "utf8",
  });
  return { ...result, json: () => JSON.parse(result.stdout.trim()) as Record<string, string> };
}

describe("npm run cli", () => {
  it("org:create prints one JSON line whose apiKey works on /api/v1/me", async () => {
    const result = runCli(["org:create", "--name", "Acme", "--admin-email", "a@acme.test"]);
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split("\n")).toHaveLength(1);
    const created = result.json();
    expect(Object.keys(created).sort()).toEqual(["apiKey", "orgId", "userId"]);
    const response = await apiClient(baseUrl, created.apiKey).get("/api/v1/me");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ organization: { id: created.orgId, name: "Acme" } });
  });

  it("org:create with a password lets the owner sign in later", async () => {
    const result = runCli(["org:create", "--name", "Beta", "--admin-email", "b@beta.test", "--password", "long enough pw"]);
    expect(result.status).toBe(0);
    const form = new URLSearchParams({ email: "b@beta.test", password: "long enough pw" });
    const login = await fetch(`${baseUrl}/login`, {
      method: "POST",
      body: form,
      redirect: "manual",
      headers: { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(login.status).toBe(302);
    expect(login.headers.get("set-cookie")).toContain("rs_session=");
  });

  it("apikey:create prints a key with the requested role", async () => {
    const { orgId } = runCli(["org:create", "--name", "Gamma", "--admin-email", "g@gamma.test"]).json();
    const result = runCli(["apikey:create", "--org", orgId!, "--role", "operator"]);
    expect(result.status).toBe(0);
    const created = result.json();
    expect(created).toMatchObject({ orgId, role: "operator" });
    const me = await (await apiClient(baseUrl, created.apiKey).get("/api/v1/me")).json();
    expect(me.role).toBe("operator");
  });

  it("explains bad arguments and exits 2", () => {
    const missing = runCli(["org:create", "--name", "NoEmail"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("--admin-email");
    const badRole = runCli(["apikey:create", "--org", "org_x", "--role", "god"]);
    expect(badRole.status).toBe(2);
    expect(badRole.stderr).toContain("--role must be one of");
    const unknownOrg = runCli(["apikey:create", "--org", "org_doesnotexist", "--role", "viewer"]);
    expect(unknownOrg.status).toBe(2);
    expect(unknownOrg.stderr).toContain("No organization with id 'org_doesnotexist'");
    expect(runCli(["nonsense"]).status).toBe(2);
  });

  it("flag:set turns the streams feature off and on for one org", async () => {
    const created = runCli(["org:create", "--name", "Flagged", "--admin-email", "f@flag.test"]).json();
    const client = apiClient(baseUrl, created.apiKey);
    expect((await client.get("/api/v1/streams")).status).toBe(200);
    const off = runCli(["flag:set", "--org", created.orgId!, "--flag", "streams", "--enabled", "false"]);
    expect(off.status).toBe(0);
    expect(off.json()).toEqual({ orgId: created.orgId!, flag: "streams", enabled: false });
    expect((await client.get("/api/v1/streams")).status).toBe(404);
    expect(runCli(["flag:set", "--org", created.orgId!, "--flag", "streams", "--enabled", "true"]).status).toBe(0);
    expect((await client.get("/api/v1/streams")).status).toBe(200);
    expect(runCli(["flag:set", "--org", created.orgId!, "--flag", "nope", "--enabled", "true"]).status).not.toBe(0);
  });
});
