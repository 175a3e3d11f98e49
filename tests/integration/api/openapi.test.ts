import { readdirSync } from "node:fs";
import { validate } from "@readme/openapi-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { ALL_OPERATIONS } from "~/api/contracts";
import { startWebApp } from "../../support/web";

let baseUrl: string;

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
});

/** "api.v1.api-keys.$id.ts" → "/api/v1/api-keys/{id}" */
function pathOfRouteFile(file: string): string {
  const stem = file.replace(/\.tsx?$/, "").replace("[.]", "\u0000");
  return (
    "/" +
    stem
      .split(".")
      .map((segment) => (segment.startsWith("$") ? `{${segment.slice(1)}}` : segment))
      .join("/")
      .replace("\u0000", ".")
  );
}

describe("GET /api/v1/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const response = await fetch(`${baseUrl}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document.openapi).toBe("3.1.0");
    const result = await validate(document);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("documents every /api/v1 route file and nothing that does not exist", async () => {
    const document = await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json();
    const routeFiles = readdirSync("app/routes").filter((file) => file.startsWith("api.v1.") && file !== "api.v1.$.ts");
    const routePaths = routeFiles.map(pathOfRouteFile).sort();
    expect(Object.keys(document.paths).sort()).toEqual(routePaths);
  });

  it("lists each contract operation with its problem responses", async () => {
    const document = await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json();
    for (const operation of ALL_OPERATIONS) {
      const documented = document.paths[operation.path][operation.method.toLowerCase()];
      expect(documented.operationId).toBe(operation.operationId);
      if (operation.access !== "public") {
        expect(documented.responses["401"].content["application/problem+json"]).toBeDefined();
      }
    }
  });
});

describe("GET /docs/api", () => {
  it("serves the reference page and its viewer from this origin, not a CDN", async () => {
    const page = await fetch(`${baseUrl}/docs/api`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(sources.length).toBeGreaterThan(2);
    for (const source of sources) expect(source.startsWith("/")).toBe(true);
    for (const source of sources) expect((await fetch(baseUrl + source)).status).toBe(200);
  });
});
