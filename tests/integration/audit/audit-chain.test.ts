import { spawnSync } from "node:child_process";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "../../../app/env.server";
import { createApiKey, revokeApiKey } from "../../../app/services/api-keys.server";
import { GENESIS_HASH, hashAuditEvent, listAuditEvents, verifyAuditChain } from "../../../app/services/audit.server";
import { renameOrganization } from "../../../app/services/organizations.server";
import { getDb } from "../../../db/client";
import { inOrgTransaction } from "../../../db/tenancy";
import { createTestOrg, type TestOrg } from "../../support/factories";

let org: TestOrg;

beforeAll(async () => {
  org = await createTestOrg();
  const { apiKey } = await createApiKey({ ...org.ownerCtx, requestId: "req_test_1" }, { name: "audited", role: "viewer" });
  await revokeApiKey(org.ownerCtx, apiKey.id);
  await renameOrganization(org.ownerCtx, "Renamed Org");
});

/** Runs as the superuser a DBA would use to tamper, bypassing the append-only trigger. */
async function asSuperuser<T>(fn: (db: postgres.Sql) => Promise<T>): Promise<T> {
  const db = postgres(getEnv().DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

function runCli(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], {
    env: { ...process.env, LOG_LEVEL: "silent" },
    encoding: "utf8",
  });
}

describe("the audit trail", () => {
  it("records who did what to which resource, with the request id, in order", async () => {
    const { events } = await listAuditEvents(org.ownerCtx, { limit: 50 });
    const actions = events.map((event) => event.action).reverse();
    expect(actions).toEqual([
      "organization.created",
      "api_key.created",
      "api_key.created",
      "api_key.created",
      "api_key.created",
      "api_key.created",
      "api_key.revoked",
      "organization.renamed",
    ]);
    const created = events.find((event) => event.requestId === "req_test_1")!;
    expect(created).toMatchObject({ actorType: "user", actorId: org.ownerUserId, resourceType: "api_key" });
    const renamed = events[0]!;
    expect(renamed.changes).toEqual({ before: { name: expect.any(String) }, after: { name: "Renamed Org" } });
  });

  it("chains each event to the previous one by hash", async () => {
    const { events } = await listAuditEvents(org.ownerCtx, { limit: 50 });
    const ordered = [...events].reverse();
    expect(ordered[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < ordered.length; i++) expect(ordered[i]!.prevHash).toBe(ordered[i - 1]!.hash);
    for (const event of ordered) expect(hashAuditEvent(event)).toBe(event.hash);
    expect(await verifyAuditChain(org.orgId)).toEqual({ orgId: org.orgId, events: ordered.length, ok: true });
  });

  it("keeps one unbroken chain when many events are written at once", async () => {
    const other = await createTestOrg();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => createApiKey(other.ownerCtx, { name: `parallel-${i}`, role: "viewer" })),
    );
    const verification = await verifyAuditChain(other.orgId);
    expect(verification).toMatchObject({ ok: true, events: 1 + 4 + 20 });
  });

  it("refuses UPDATE and DELETE, even from the tenant role and the table owner", async () => {
    await expect(
      inOrgTransaction(org.orgId, (tx) => tx.execute(sql`update audit_events set action = 'x' where org_id = ${org.orgId}`)),
    ).rejects.toThrow();
    for (const statement of [sql`update audit_events set action = 'x'`, sql`delete from audit_events`, sql`truncate audit_events`]) {
      const error = await getDb().execute(statement).then(() => undefined, (caught: Error) => caught);
      expect((error?.cause as Error | undefined)?.message).toMatch(/audit_events is append-only/);
    }
    expect((await verifyAuditChain(org.orgId)).ok).toBe(true);
  });
});

describe("npm run cli -- audit:verify", () => {
  it("exits 0 on an intact chain", () => {
    const result = runCli(["audit:verify", "--org", org.orgId]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({ orgId: org.orgId, ok: true });
  });

  it("exits non-zero naming the first event a superuser tampered with", async () => {
    const tampered = await createTestOrg();
    await renameOrganization(tampered.ownerCtx, "Before tampering");
    const { events } = await listAuditEvents(tampered.ownerCtx, { limit: 50 });
    const victim = [...events].reverse()[2]!;
    await asSuperuser(async (db) => {
      await db.begin(async (tx) => {
        await tx`set local session_replication_role = replica`; // skips the append-only trigger
        await tx`update audit_events set changes = '{"after":{"name":"forged"}}' where id = ${victim.id}`;
      });
    });

    const result = runCli(["audit:verify", "--org", tampered.orgId]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`event ${victim.id} (seq ${victim.seq})`);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({
      ok: false,
      firstBreak: { eventId: victim.id, seq: victim.seq, reason: expect.stringContaining("altered") },
    });
    // Other orgs' chains are unaffected.
    expect((await verifyAuditChain(org.orgId)).ok).toBe(true);
  });

  it("detects a deleted event as a gap in the sequence", async () => {
    const tampered = await createTestOrg();
    const { events } = await listAuditEvents(tampered.ownerCtx, { limit: 50 });
    const victim = [...events].reverse()[1]!;
    await asSuperuser(async (db) => {
      await db.begin(async (tx) => {
        await tx`set local session_replication_role = replica`;
        await tx`delete from audit_events where id = ${victim.id}`;
      });
    });
    const verification = await verifyAuditChain(tampered.orgId);
    expect(verification.ok).toBe(false);
    expect(verification.firstBreak!.reason).toContain("sequence gap");
    expect(verification.firstBreak!.seq).toBe(victim.seq + 1);
  });
});
