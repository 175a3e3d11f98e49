import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loadTemplateCatalog } from "~/modules/templates/templates.server";
import { getDb } from "~/platform/db/client";
import { reconciliationTemplates } from "~/platform/db/schema";

/**
 * The loader at start: packs from plugins/ and from installed
 * reconstream-pack-* packages are registered by (id, version); an invalid
 * pack is skipped with its located problems and never stops the others;
 * a pack changed without a new version is refused.
 */
const FIXTURES = path.resolve("tests/fixtures/packs");

function rootWith(packs: string[]): string {
  const root = mkdtempSync(path.join(tmpdir(), "reconstream-packs-"));
  for (const pack of packs) cpSync(path.join(FIXTURES, pack), path.join(root, "plugins", pack), { recursive: true });
  return root;
}

async function registered(templateId: string) {
  return getDb().select().from(reconciliationTemplates).where(and(isNull(reconciliationTemplates.orgId), eq(reconciliationTemplates.templateId, templateId)));
}

describe("the template loader", () => {
  it("registers the valid pack and lists each invalid one with its located problems, without throwing", async () => {
    const root = rootWith(["private-invoices", "broken-pack", "with-code"]);
    const catalog = await loadTemplateCatalog(root);
    expect(catalog.registered).toBe(1);
    expect(catalog.rejected.map((pack) => [pack.name, pack.origin, pack.problems.length])).toEqual([
      ["broken-pack", "plugins", 6],
      ["with-code", "plugins", 2],
    ]);
    expect(catalog.rejected[0]!.problems[0]).toEqual({
      pack: "broken-pack",
      file: "reconstream-pack.json",
      pointer: "/ruleSets/0/definition/passes/0/amount/toleranceMinor",
      message: "{{params.tolerence}} names no parameter of the pack",
    });
    expect((await registered("private-invoices")).map((row) => [row.version, row.origin])).toEqual([["0.1.0", "plugins"]]);
    expect(await registered("broken-pack")).toEqual([]);
  });

  it("refuses a changed pack that keeps its version, and keeps the first registration", async () => {
    const root = rootWith(["private-invoices"]);
    await loadTemplateCatalog(root);
    const [before] = await registered("private-invoices");
    writeFileSync(path.join(root, "plugins/private-invoices/runbook.md"), "# Edited without a new version\n");
    const catalog = await loadTemplateCatalog(root);
    expect(catalog.registered).toBe(0);
    expect(catalog.rejected).toEqual([
      {
        name: "private-invoices",
        origin: "plugins",
        problems: [
          {
            pack: "private-invoices",
            file: "reconstream-pack.json",
            pointer: "/version",
            message: `version 0.1.0 of private-invoices is already registered with other content (sha256 ${before!.sha256.slice(0, 12)}…); a changed pack needs a new version`,
          },
        ],
      },
    ]);
    expect((await registered("private-invoices")).map((row) => row.sha256)).toEqual([before!.sha256]);
  });

  it("finds installed npm packs named reconstream-pack-* and @scope/reconstream-pack-*, reading a package.json 'reconstream' key", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "reconstream-npm-"));
    const scoped = path.join(root, "node_modules/@acme/reconstream-pack-invoices");
    mkdirSync(path.dirname(scoped), { recursive: true });
    cpSync(path.join(FIXTURES, "private-invoices"), scoped, { recursive: true });
    const manifest = JSON.parse(readFileSync(path.join(scoped, "reconstream-pack.json"), "utf8")) as Record<string, unknown>;
    rmSync(path.join(scoped, "reconstream-pack.json"));
    writeFileSync(path.join(scoped, "package.json"), JSON.stringify({ name: "@acme/reconstream-pack-invoices", version: "0.1.0", reconstream: { ...manifest, id: "acme-invoices" } }));
    mkdirSync(path.join(root, "node_modules/left-pad"), { recursive: true });
    writeFileSync(path.join(root, "node_modules/left-pad/package.json"), JSON.stringify({ name: "left-pad", version: "1.0.0" }));
    const catalog = await loadTemplateCatalog(root);
    expect(catalog).toEqual({ registered: 1, rejected: [] });
    expect((await registered("acme-invoices")).map((row) => [row.version, row.origin])).toEqual([["0.1.0", "npm"]]);
  });
});
