import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { and, count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import { listAuditEvents } from "~/modules/audit/audit.server";
import { getDb } from "~/platform/db/client";
import { ruleSets, ruleSetVersions } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";
import { createTestOrg, problemOf, type TestOrg } from "../../support/factories";

let baseUrl: string;
let org: TestOrg;
let admin: ApiClient;

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg("Rule Sets Inc");
  admin = apiClient(baseUrl, org.keys.admin);
});

type Json = Record<string, unknown>;

/** Orders matched on their id, amounts within one minor unit. */
function ordersDefinition(): Json {
  return {
    source: {
      mappings: [
        { field: "id", column: "Order" },
        { field: "amount", column: "Total", transforms: [{ op: "parseAmount" }] },
      ],
    },
    target: {
      mappings: [
        { field: "id", column: "order_id" },
        { field: "amount", column: "gross", transforms: [{ op: "parseAmount" }] },
      ],
    },
    passes: [{ name: "by order id", keys: ["id"], amount: { toleranceMinor: 1 } }],
  };
}

/** The same rules with a wider tolerance: a different definition. */
function widerToleranceDefinition(toleranceMinor = 100): Json {
  const definition = ordersDefinition();
  definition.passes = [{ name: "by order id", keys: ["id"], amount: { toleranceMinor } }];
  return definition;
}

function sha256OfCanonical(value: unknown): string {
  return createHash("sha256").update(canonicalize(value)!).digest("hex");
}

async function createRuleSetOverHttp(body: Json, client: ApiClient = admin): Promise<Json> {
  const response = await client.post("/api/v1/rule-sets", body);
  expect(response.status).toBe(201);
  return (await response.json()) as Json;
}

async function ruleSetRowCount(orgId: string): Promise<number> {
  const [row] = await getDb().select({ n: count() }).from(ruleSets).where(eq(ruleSets.orgId, orgId));
  return row!.n;
}

async function versionNumbersOf(ruleSetId: string): Promise<number[]> {
  const rows = await getDb()
    .select({ version: ruleSetVersions.version })
    .from(ruleSetVersions)
    .where(eq(ruleSetVersions.ruleSetId, ruleSetId))
    .orderBy(ruleSetVersions.version);
  return rows.map((row) => row.version);
}

function pointersAndMessages(problem: Json): Array<{ pointer?: string; message: string }> {
  return (problem.errors as Array<{ pointer?: string; message: string }>).map(({ pointer, message }) => ({ pointer, message }));
}

describe("rule-set lifecycle", () => {
  it("creates a rule set whose definition, with defaults filled in, is version 1", async () => {
    const response = await admin.post("/api/v1/rule-sets", { name: "  Shopify orders ", description: "Orders vs. payouts", definition: ordersDefinition() });
    expect(response.status).toBe(201);
    const created = (await response.json()) as Json;
    const expectedDefinition = ruleSetDefinitionSchema.parse(ordersDefinition());
    expect(created).toEqual({
      id: expect.stringMatching(/^rs_[0-9A-Z]{26}$/),
      object: "rule_set",
      name: "Shopify orders",
      description: "Orders vs. payouts",
      status: "active",
      latestVersion: 1,
      createdAt: expect.any(String),
      updatedAt: created.createdAt,
      archivedAt: null,
      definition: expectedDefinition,
      definitionSha256: sha256OfCanonical(expectedDefinition),
    });
    expect(response.headers.get("location")).toBe(`/api/v1/rule-sets/${created.id}`);

    expect(await (await admin.get(`/api/v1/rule-sets/${created.id}`)).json()).toEqual(created);
    const version = await (await admin.get(`/api/v1/rule-sets/${created.id}/versions/1`)).json();
    expect(version).toEqual({
      id: expect.stringMatching(/^rsv_/),
      object: "rule_set_version",
      ruleSetId: created.id,
      version: 1,
      definition: expectedDefinition,
      definitionSha256: created.definitionSha256,
      createdAt: created.createdAt,
      createdBy: "admin key (" + org.keys.admin.slice(0, 12) + "…)",
    });
  });

  it("turns a changed definition into version 2 and leaves version 1 byte-identical", async () => {
    const created = await createRuleSetOverHttp({ name: "Versioned", definition: ordersDefinition() });
    const versionOneBefore = await (await admin.get(`/api/v1/rule-sets/${created.id}/versions/1`)).text();

    const patched = await admin.patch(`/api/v1/rule-sets/${created.id}`, { definition: widerToleranceDefinition() });
    expect(patched.status).toBe(200);
    const updated = (await patched.json()) as Json;
    const expectedDefinition = ruleSetDefinitionSchema.parse(widerToleranceDefinition());
    expect(updated).toMatchObject({
      id: created.id,
      latestVersion: 2,
      definition: expectedDefinition,
      definitionSha256: sha256OfCanonical(expectedDefinition),
    });
    expect(updated.definitionSha256).not.toBe(created.definitionSha256);

    const versionTwo = await (await admin.get(`/api/v1/rule-sets/${created.id}/versions/2`)).json();
    expect(versionTwo).toMatchObject({ version: 2, definition: expectedDefinition, definitionSha256: updated.definitionSha256 });
    const versionOneAfter = await (await admin.get(`/api/v1/rule-sets/${created.id}/versions/1`)).text();
    expect(versionOneAfter).toBe(versionOneBefore);
    expect(JSON.parse(versionOneAfter).definitionSha256).toBe(created.definitionSha256);
  });

  it("creates no version when PATCHed with the same definition, whatever its key order", async () => {
    const created = await createRuleSetOverHttp({ name: "Unchanged", definition: ordersDefinition() });
    const { passes, target, source } = ordersDefinition();
    const reordered = { passes, target, source, holidays: [], lookups: {} };

    const response = await admin.patch(`/api/v1/rule-sets/${created.id}`, { definition: reordered });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(created);
    expect(await versionNumbersOf(created.id as string)).toEqual([1]);
    expect((await admin.get(`/api/v1/rule-sets/${created.id}/versions/2`)).status).toBe(404);
  });

  it("renames and re-describes without creating a version", async () => {
    const created = await createRuleSetOverHttp({ name: "Old name", description: "old", definition: ordersDefinition() });
    const response = await admin.patch(`/api/v1/rule-sets/${created.id}`, { name: "New name", description: null });
    expect(response.status).toBe(200);
    const updated = (await response.json()) as Json;
    expect(updated).toMatchObject({ name: "New name", description: null, latestVersion: 1, definitionSha256: created.definitionSha256 });
    expect(Date.parse(updated.updatedAt as string)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt as string));
    expect(await versionNumbersOf(created.id as string)).toEqual([1]);
  });

  it("archives once, after which PATCH and a second archive are 409 and nothing changes", async () => {
    const created = await createRuleSetOverHttp({ name: "To archive", definition: ordersDefinition() });
    const archived = await admin.post(`/api/v1/rule-sets/${created.id}/archive`);
    expect(archived.status).toBe(200);
    const body = (await archived.json()) as Json;
    expect(body).toMatchObject({ status: "archived", archivedAt: expect.any(String), latestVersion: 1 });

    const patch = await admin.patch(`/api/v1/rule-sets/${created.id}`, { definition: widerToleranceDefinition() });
    expect(patch.status).toBe(409);
    expect(await problemOf(patch)).toMatchObject({ type: "/problems/conflict", detail: `Rule set '${created.id}' is archived and cannot be changed` });
    const rename = await admin.patch(`/api/v1/rule-sets/${created.id}`, { name: "Renamed" });
    expect(rename.status).toBe(409);

    const again = await admin.post(`/api/v1/rule-sets/${created.id}/archive`);
    expect(again.status).toBe(409);
    expect(await problemOf(again)).toMatchObject({ type: "/problems/conflict", detail: `Rule set '${created.id}' is already archived` });

    expect(await (await admin.get(`/api/v1/rule-sets/${created.id}`)).json()).toEqual(body);
    expect(await versionNumbersOf(created.id as string)).toEqual([1]);
  });

  it("numbers concurrent definition changes consecutively", async () => {
    const created = await createRuleSetOverHttp({ name: "Busy", definition: ordersDefinition() });
    const responses = await Promise.all(
      [10, 20, 30, 40, 50].map((tolerance) =>
        admin.patch(`/api/v1/rule-sets/${created.id}`, { definition: widerToleranceDefinition(tolerance) }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    const latestVersions = await Promise.all(responses.map(async (response) => ((await response.json()) as Json).latestVersion));
    expect([...latestVersions].sort()).toEqual([2, 3, 4, 5, 6]);
    expect(await versionNumbersOf(created.id as string)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("replays a create sent twice with the same Idempotency-Key, creating one rule set", async () => {
    const other = await createTestOrg();
    const client = apiClient(baseUrl, other.keys.owner);
    const headers = { "Idempotency-Key": "create-rule-set-1" };
    const body = { name: "Once", definition: ordersDefinition() };
    const first = await client.post("/api/v1/rule-sets", body, { headers });
    const second = await client.post("/api/v1/rule-sets", body, { headers });
    expect(first.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await second.json()).toEqual(await first.json());
    expect(await ruleSetRowCount(other.orgId)).toBe(1);
  });

  it("stores the definition as a JSON object, not a JSON string, so SQL can read into it", async () => {
    const created = await createRuleSetOverHttp({ name: "Stored", definition: ordersDefinition() });
    const rows = await getDb().execute<{ kind: string; firstPass: string }>(
      sql`select jsonb_typeof(definition) as kind, definition #>> '{passes,0,name}' as "firstPass"
          from rule_set_versions where rule_set_id = ${created.id}`,
    );
    expect([...rows]).toEqual([{ kind: "object", firstPass: "by order id" }]);
  });

  it("answers 404 for a version that does not exist or is not a version number", async () => {
    const created = await createRuleSetOverHttp({ name: "One version", definition: ordersDefinition() });
    for (const n of ["2", "0", "-1", "abc", "1.5"]) {
      const response = await admin.get(`/api/v1/rule-sets/${created.id}/versions/${n}`);
      expect(response.status, n).toBe(404);
      expect((await problemOf(response)).type).toBe("/problems/not-found");
    }
    expect((await admin.get("/api/v1/rule-sets/rs_missing/versions/1")).status).toBe(404);
    expect((await admin.get("/api/v1/rule-sets/rs_missing")).status).toBe(404);
    expect((await admin.patch("/api/v1/rule-sets/rs_missing", { name: "x" })).status).toBe(404);
    expect((await admin.post("/api/v1/rule-sets/rs_missing/archive")).status).toBe(404);
  });
});

describe("validation", () => {
  it("reports zod problems in the definition with pointers into the body, and writes nothing", async () => {
    const before = await ruleSetRowCount(org.orgId);
    const definition = ordersDefinition();
    definition.passes = [{ name: "by order id", cardinality: "2:2", keys: ["id"], amount: { toleranceMinor: -1 } }];
    const response = await admin.post("/api/v1/rule-sets", { name: "", definition });
    expect(response.status).toBe(422);
    const problem = await problemOf(response);
    expect(problem.type).toBe("/problems/validation-failed");
    expect((problem.errors as Array<{ pointer: string }>).map((error) => error.pointer).sort()).toEqual([
      "/definition/passes/0/amount/toleranceMinor",
      "/definition/passes/0/cardinality",
      "/name",
    ]);
    expect(await ruleSetRowCount(org.orgId)).toBe(before);
  });

  it("reports cross-field problems with pointers, all at once", async () => {
    const before = await ruleSetRowCount(org.orgId);
    const definition = ordersDefinition();
    definition.source = {
      mappings: [
        { field: "id", column: "Order", transforms: [{ op: "lookup", table: "orderPrefixes" }] },
        { field: "amount", column: "Total", transforms: [{ op: "parseAmount" }] },
        { field: "amount", column: "Net" },
        { field: "reference", transforms: [{ op: "trim" }] },
      ],
    };
    definition.passes = [
      { name: "by order id", keys: ["id"], amount: { toleranceMinor: 1 } },
      { name: "by reference", keys: ["reference", { source: "id", target: "invoice" }], date: { windowDays: 3 } },
      { name: "by order id", keys: [] },
      { name: "payouts", cardinality: "1:N", groupBy: { source: ["id"], target: ["payout"] }, fuzzy: { field: "counterparty", method: "tokenSet", threshold: 0.8 } },
      { name: "amount only", cardinality: "N:1", amountOnlySearch: { maxGroupSize: 3, windowDays: 2 } },
    ];
    const response = await admin.post("/api/v1/rule-sets", { name: "Inconsistent", definition });
    expect(response.status).toBe(422);
    const problem = await problemOf(response);
    expect(problem.detail).toBe("11 problems in the rule-set definition");
    expect(pointersAndMessages(problem)).toEqual([
      { pointer: "/definition/source/mappings/0/transforms/0/table", message: "no lookup table named 'orderPrefixes'; define it under /definition/lookups" },
      { pointer: "/definition/source/mappings/2/field", message: "field 'amount' is already mapped on the source side" },
      { pointer: "/definition/source/mappings/3/column", message: "is required unless the first transform is constant, concat, coalesce or expression" },
      { pointer: "/definition/passes/1/keys/0", message: "key field 'reference' is not mapped on the target side" },
      { pointer: "/definition/passes/1/keys/1/target", message: "key field 'invoice' is not mapped on the target side" },
      { pointer: "/definition/passes/1/date/field", message: "date field 'date' is not mapped on the source or target side" },
      { pointer: "/definition/passes/2/name", message: "pass name 'by order id' is already used by pass 0; names must be unique" },
      { pointer: "/definition/passes/2/keys", message: "a 1:1 pass needs at least one key, or an amountOnlySearch" },
      { pointer: "/definition/passes/3/groupBy/target/0", message: "groupBy field 'payout' is not mapped on the target side" },
      { pointer: "/definition/passes/3/fuzzy/field", message: "fuzzy field 'counterparty' is not mapped on the source or target side" },
      {
        pointer: "/definition/passes/4/amountOnlySearch",
        message: "field 'date' is not mapped on the source or target side (the amount-only search needs it)",
      },
    ]);
    expect(await ruleSetRowCount(org.orgId)).toBe(before);
  });

  it("checks a PATCHed definition the same way and keeps the latest version", async () => {
    const created = await createRuleSetOverHttp({ name: "Guarded", definition: ordersDefinition() });
    const definition = ordersDefinition();
    definition.passes = [
      { name: "by order id", keys: ["id"] },
      { name: "by reference", keys: ["reference"] },
    ];
    const response = await admin.patch(`/api/v1/rule-sets/${created.id}`, { name: "Renamed", definition });
    expect(response.status).toBe(422);
    expect(pointersAndMessages(await problemOf(response))).toEqual([
      { pointer: "/definition/passes/1/keys/0", message: "key field 'reference' is not mapped on the source or target side" },
    ]);
    expect(await (await admin.get(`/api/v1/rule-sets/${created.id}`)).json()).toEqual(created);
  });

  it("rejects unknown body members with 422", async () => {
    const response = await admin.post("/api/v1/rule-sets", { name: "x", definition: ordersDefinition(), version: 3 });
    expect(response.status).toBe(422);
    expect(pointersAndMessages(await problemOf(response)).map((error) => error.pointer)).toEqual([""]);
  });

  it("rejects the NUL character, which PostgreSQL cannot store, with 422 instead of failing", async () => {
    const definition = ordersDefinition();
    definition.lookups = { prefixes: { "A\u0000": "B" } };
    const response = await admin.post("/api/v1/rule-sets", { name: "N\u0000L", definition });
    expect(response.status).toBe(422);
    expect(pointersAndMessages(await problemOf(response))).toEqual([{ pointer: "/name", message: "must not contain the NUL character" }]);
    const definitionOnly = await admin.post("/api/v1/rule-sets", { name: "NUL", definition });
    expect(pointersAndMessages(await problemOf(definitionOnly))).toEqual([
      { pointer: "/definition/lookups/prefixes/A\u0000", message: "key must not contain the NUL character" },
    ]);
  });
});

describe("roles", () => {
  it("lets viewers and operators read but not create, change or archive", async () => {
    const created = await createRuleSetOverHttp({ name: "Read only for some", definition: ordersDefinition() });
    for (const role of ["viewer", "operator"] as const) {
      const client = apiClient(baseUrl, org.keys[role]);
      const attempts = [
        await client.post("/api/v1/rule-sets", { name: "nope", definition: ordersDefinition() }),
        await client.patch(`/api/v1/rule-sets/${created.id}`, { name: "nope" }),
        await client.post(`/api/v1/rule-sets/${created.id}/archive`),
      ];
      for (const attempt of attempts) {
        expect(attempt.status, role).toBe(403);
        expect((await problemOf(attempt)).type).toBe("/problems/forbidden");
      }
      expect((await client.get("/api/v1/rule-sets")).status).toBe(200);
      expect(await (await client.get(`/api/v1/rule-sets/${created.id}`)).json()).toEqual(created);
      expect((await client.get(`/api/v1/rule-sets/${created.id}/versions/1`)).status).toBe(200);
    }
    expect(await (await admin.get(`/api/v1/rule-sets/${created.id}`)).json()).toEqual(created);
  });
});

describe("listing", () => {
  let lister: TestOrg;
  let client: ApiClient;
  const names = ["Stripe payouts", "Bank 100% match", "Shopify orders", "stripe fees", "PayPal"];
  const idsByName: Record<string, string> = {};

  beforeAll(async () => {
    lister = await createTestOrg("Lister");
    client = apiClient(baseUrl, lister.keys.owner);
    for (const name of names) idsByName[name] = (await createRuleSetOverHttp({ name, definition: ordersDefinition() }, client)).id as string;
    await client.post(`/api/v1/rule-sets/${idsByName["PayPal"]}/archive`);
  });

  async function listIds(query: string): Promise<string[]> {
    const response = await client.get(`/api/v1/rule-sets${query}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { data: Array<{ id: string }> }).data.map((ruleSet) => ruleSet.id);
  }

  it("pages newest first with an opaque cursor until hasMore is false, without repeats", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { object: string; data: Array<{ id: string; object: string }>; hasMore: boolean; nextCursor: string | null } = await (
        await client.get(`/api/v1/rule-sets?limit=2${cursor ? `&cursor=${cursor}` : ""}`)
      ).json();
      expect(page.object).toBe("list");
      for (const ruleSet of page.data) expect(ruleSet.object).toBe("rule_set");
      seen.push(...page.data.map((ruleSet) => ruleSet.id));
      cursor = page.nextCursor;
      expect(page.hasMore).toBe(cursor !== null);
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(names.map((name) => idsByName[name]).reverse());
    expect(pages).toBe(3);
  });

  it("filters by status", async () => {
    expect(await listIds("?status=archived")).toEqual([idsByName["PayPal"]]);
    expect(await listIds("?status=active")).toEqual(
      ["stripe fees", "Shopify orders", "Bank 100% match", "Stripe payouts"].map((name) => idsByName[name]),
    );
  });

  it("filters by a case-insensitive name substring in which % and _ are literal", async () => {
    expect(await listIds("?q=STRIPE")).toEqual([idsByName["stripe fees"], idsByName["Stripe payouts"]]);
    expect(await listIds(`?q=${encodeURIComponent("100%")}`)).toEqual([idsByName["Bank 100% match"]]);
    expect(await listIds(`?q=${encodeURIComponent("%")}`)).toEqual([idsByName["Bank 100% match"]]);
    expect(await listIds("?q=_")).toEqual([]);
    expect(await listIds("?q=stripe&status=archived")).toEqual([]);
  });

  it("answers an unknown or invalid query parameter with 400 naming it", async () => {
    const unknown = await client.get("/api/v1/rule-sets?name=Stripe");
    expect(unknown.status).toBe(400);
    expect((await problemOf(unknown)).errors).toEqual([expect.objectContaining({ parameter: "name" })]);
    const badStatus = await client.get("/api/v1/rule-sets?status=deleted");
    expect(badStatus.status).toBe(400);
    expect((await problemOf(badStatus)).errors).toEqual([expect.objectContaining({ parameter: "status" })]);
    expect((await client.get("/api/v1/rule-sets?limit=501")).status).toBe(400);
    expect((await client.get("/api/v1/rule-sets?cursor=forged")).status).toBe(400);
  });
});

describe("version immutability", () => {
  it("refuses UPDATE and DELETE of a version, even from the table owner", async () => {
    const created = await createRuleSetOverHttp({ name: "Frozen", definition: ordersDefinition() });
    const versionBefore = await (await admin.get(`/api/v1/rule-sets/${created.id}/versions/1`)).text();
    for (const statement of [
      sql`update rule_set_versions set definition_sha256 = 'forged' where rule_set_id = ${created.id}`,
      sql`delete from rule_set_versions where rule_set_id = ${created.id}`,
    ]) {
      const error = await getDb().execute(statement).then(() => undefined, (caught: Error) => caught);
      expect((error?.cause as Error | undefined)?.message).toMatch(/rule_set_versions is append-only/);
    }
    await expect(
      inOrgTransaction(org.orgId, (tx) =>
        tx.update(ruleSetVersions).set({ definitionSha256: "forged" }).where(and(eq(ruleSetVersions.orgId, org.orgId), eq(ruleSetVersions.ruleSetId, created.id as string))),
      ),
    ).rejects.toThrow();
    expect(await (await admin.get(`/api/v1/rule-sets/${created.id}/versions/1`)).text()).toBe(versionBefore);
  });
});

describe("row-level security", () => {
  it("hides other orgs' rule sets and versions from a query with no org filter", async () => {
    const other = await createTestOrg();
    await createRuleSetOverHttp({ name: "Theirs", definition: ordersDefinition() }, apiClient(baseUrl, other.keys.admin));
    await createRuleSetOverHttp({ name: "Ours", definition: ordersDefinition() });
    const seen = await inOrgTransaction(other.orgId, async (tx) => ({
      ruleSets: await tx.select({ orgId: ruleSets.orgId, name: ruleSets.name }).from(ruleSets),
      versions: await tx.select({ orgId: ruleSetVersions.orgId }).from(ruleSetVersions),
    }));
    expect(seen).toEqual({ ruleSets: [{ orgId: other.orgId, name: "Theirs" }], versions: [{ orgId: other.orgId }] });
  });
});

describe("audit trail", () => {
  it("records every write with a before/after summary of versions and shas, never the definition", async () => {
    const created = await createRuleSetOverHttp({ name: "Audited", definition: ordersDefinition() });
    const id = created.id as string;
    const updated = (await (
      await admin.patch(`/api/v1/rule-sets/${id}`, { name: "Audited (v2)", definition: widerToleranceDefinition() })
    ).json()) as Json;
    await admin.patch(`/api/v1/rule-sets/${id}`, { definition: widerToleranceDefinition() });
    await admin.post(`/api/v1/rule-sets/${id}/archive`);
    const v1 = (await (await admin.get(`/api/v1/rule-sets/${id}/versions/1`)).json()) as Json;
    const v2 = (await (await admin.get(`/api/v1/rule-sets/${id}/versions/2`)).json()) as Json;

    const { events } = await listAuditEvents(org.ownerCtx, { limit: 50, resourceType: "rule_set", resourceId: id });
    const trail = [...events].reverse().map((event) => ({
      action: event.action,
      actor: [event.actorType, event.actorId],
      changes: event.changes,
    }));
    const actor = ["api_key", org.keyIds.admin];
    expect(trail).toEqual([
      {
        action: "rule_set.created",
        actor,
        changes: {
          after: {
            name: "Audited",
            description: null,
            status: "active",
            latestVersion: 1,
            versionId: v1.id,
            definitionSha256: created.definitionSha256,
          },
        },
      },
      { action: "rule_set.updated", actor, changes: { before: { name: "Audited" }, after: { name: "Audited (v2)" } } },
      {
        action: "rule_set.version_created",
        actor,
        changes: {
          before: { latestVersion: 1, versionId: v1.id, definitionSha256: created.definitionSha256 },
          after: { latestVersion: 2, versionId: v2.id, definitionSha256: updated.definitionSha256 },
        },
      },
      {
        action: "rule_set.archived",
        actor,
        changes: {
          before: { status: "active", latestVersion: 2 },
          after: { status: "archived", archivedAt: expect.any(String), latestVersion: 2 },
        },
      },
    ]);
  });

  it("records nothing for a rejected write", async () => {
    const before = (await listAuditEvents(org.ownerCtx, { limit: 500 })).events.length;
    await admin.post("/api/v1/rule-sets", { name: "", definition: ordersDefinition() });
    await apiClient(baseUrl, org.keys.viewer).post("/api/v1/rule-sets", { name: "nope", definition: ordersDefinition() });
    expect((await listAuditEvents(org.ownerCtx, { limit: 500 })).events.length).toBe(before);
  });
});
