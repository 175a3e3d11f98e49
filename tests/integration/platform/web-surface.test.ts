import { beforeAll, describe, expect, it } from "vitest";
import { apiClient, startWebApp } from "../../support/web";
import { createTestOrg, type TestOrg } from "../../support/factories";

let baseUrl: string;
let org: TestOrg;

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg();
});

describe("security headers", () => {
  for (const target of ["/login", "/api/v1/health", "/api/v1/me", "/docs/api"]) {
    it(`are on ${target}`, async () => {
      const response = await fetch(baseUrl + target, { redirect: "manual" });
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
      expect(csp).not.toContain("unsafe-eval");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("x-request-id")).toMatch(/^req_[0-9A-Z]{26}$/);
    });
  }

  it("gives every page its own script nonce and uses it on Remix's inline scripts", async () => {
    const first = await fetch(`${baseUrl}/login`);
    const second = await fetch(`${baseUrl}/login`);
    const nonceOf = (response: Response) => /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy")!)![1];
    const nonce = nonceOf(first);
    expect(nonce).not.toBe(nonceOf(second));
    const html = await first.text();
    const inlineScripts = [...html.matchAll(/<script(?![^>]*\ssrc=)([^>]*)>/g)];
    expect(inlineScripts.length).toBeGreaterThan(0);
    for (const [, attributes] of inlineScripts) expect(attributes).toContain(`nonce="${nonce}"`);
  });

  it("keeps a sane client-supplied X-Request-Id and replaces a hostile one", async () => {
    const kept = await fetch(`${baseUrl}/api/v1/health`, { headers: { "X-Request-Id": "trace-12345678" } });
    expect(kept.headers.get("x-request-id")).toBe("trace-12345678");
    const replaced = await fetch(`${baseUrl}/api/v1/health`, { headers: { "X-Request-Id": "<script>" } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^req_/);
  });
});

describe("GET /metrics", () => {
  it("serves Prometheus text with HTTP latency, job counts and process metrics", async () => {
    await apiClient(baseUrl, org.keys.viewer).get("/api/v1/me");
    const response = await fetch(`${baseUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toContain("# TYPE reconstream_http_request_duration_seconds histogram");
    expect(text).toMatch(/reconstream_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/me",status="200"\} \d+/);
    expect(text).toContain("# TYPE reconstream_jobs gauge");
    expect(text).toContain("reconstream_process_resident_memory_bytes");
  });

  it("collapses ids in the route label so cardinality stays bounded", async () => {
    await apiClient(baseUrl, org.keys.owner).get(`/api/v1/api-keys/${org.keyIds.viewer}`);
    const text = await (await fetch(`${baseUrl}/metrics`)).text();
    expect(text).toContain('route="/api/v1/api-keys/:id"');
    expect(text).not.toContain(org.keyIds.viewer);
  });
});

describe("problem type pages", () => {
  it("explains each problem type at its URI", async () => {
    const response = await fetch(`${baseUrl}/problems/idempotency-conflict`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Idempotency-Key");
    expect((await fetch(`${baseUrl}/problems/no-such-problem`)).status).toBe(404);
  });
});
