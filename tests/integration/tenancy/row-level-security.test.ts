import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "~/platform/db/ids";
import { apiKeys, auditEvents, memberships, organizations, users } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { createTestOrg, type TestOrg } from "../../support/factories";

/**
 * The second line of defence: inside an org transaction, a query that
 * "forgets" its org filter still sees only that org's rows, and cannot write
 * rows for another org.
 */
let orgA: TestOrg;
let orgB: TestOrg;

beforeAll(async () => {
  orgA = await createTestOrg("RLS A");
  orgB = await createTestOrg("RLS B");
});

describe("row-level security", () => {
  it("hides other orgs' rows from a query with no org filter", async () => {
    const seen = await inOrgTransaction(orgA.orgId, async (tx) => ({
      organizations: await tx.select({ id: organizations.id }).from(organizations),
      apiKeys: await tx.select({ orgId: apiKeys.orgId }).from(apiKeys),
      memberships: await tx.select({ orgId: memberships.orgId }).from(memberships),
      auditEvents: await tx.select({ orgId: auditEvents.orgId }).from(auditEvents),
      users: await tx.select({ id: users.id }).from(users),
    }));
    expect(seen.organizations).toEqual([{ id: orgA.orgId }]);
    expect(seen.apiKeys).toHaveLength(4);
    expect(new Set(seen.apiKeys.map((row) => row.orgId))).toEqual(new Set([orgA.orgId]));
    expect(new Set(seen.memberships.map((row) => row.orgId))).toEqual(new Set([orgA.orgId]));
    expect(new Set(seen.auditEvents.map((row) => row.orgId))).toEqual(new Set([orgA.orgId]));
    expect(seen.users).toEqual([{ id: orgA.ownerUserId }]);
  });

  it("returns nothing for another org's id even when asked for it directly", async () => {
    const rows = await inOrgTransaction(orgA.orgId, (tx) =>
      tx.execute(sql`select id from api_keys where id = ${orgB.keyIds.owner}`),
    );
    expect([...rows]).toEqual([]);
  });

  it("refuses to insert a row for another org", async () => {
    const attempt = inOrgTransaction(orgA.orgId, (tx) =>
      tx.insert(apiKeys).values({
        id: newId("apiKey"),
        orgId: orgB.orgId,
        name: "smuggled",
        prefix: "rsk_smuggled",
        keyHash: "0".repeat(64),
        role: "owner",
      }),
    );
    const error = await attempt.then(() => undefined, (caught: Error) => caught);
    expect((error?.cause as Error | undefined)?.message).toMatch(/row-level security/);
  });

  it("cannot update or delete another org's rows", async () => {
    await inOrgTransaction(orgA.orgId, async (tx) => {
      await tx.execute(sql`update api_keys set name = 'hijacked'`);
      await tx.execute(sql`delete from memberships`);
    }).catch(() => undefined);
    const untouched = await inOrgTransaction(orgB.orgId, async (tx) => ({
      names: (await tx.select({ name: apiKeys.name }).from(apiKeys)).map((row) => row.name),
      members: await tx.select().from(memberships),
    }));
    expect(untouched.names).not.toContain("hijacked");
    expect(untouched.members).toHaveLength(1);
  });

  it("sees nothing at all when no org is set", async () => {
    const rows = await inOrgTransaction("", (tx) => tx.select().from(apiKeys));
    expect(rows).toEqual([]);
  });

  it("does not leak the org or role to the next user of a pooled connection", async () => {
    await inOrgTransaction(orgA.orgId, async () => undefined);
    const { getDb } = await import("~/platform/db/client");
    const [state] = (await getDb().execute(
      sql`select current_user as role, coalesce(current_setting('app.org_id', true), '') as org`,
    )) as unknown as Array<{ role: string; org: string }>;
    expect(state!.role).not.toBe("reconstream_app");
    expect(state!.org).toBe("");
  });
});
