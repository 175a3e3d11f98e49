import { spawnSync } from "node:child_process";
import { asc, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "~/platform/env.server";
import { createApiKey, revokeApiKey } from "~/modules/tenancy/api-keys.server";
import { GENESIS_HASH, hashAuditEvent, KEYED_HASH_PREFIX, listAuditEvents, verifyAuditChain } from "~/modules/audit/audit.server";
import { readAuditCheckpoint } from "~/modules/audit/checkpoints.server";
import { startTestWorker, waitFor } from "../../support/streams";
import { renameOrganization } from "~/modules/tenancy/organizations.server";
import { getDb } from "~/platform/db/client";
import { auditEvents } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
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
    expect(await verifyAuditChain(org.orgId)).toEqual({ orgId: org.orgId, events: ordered.length, ok: true, checkpoint: null });
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

/** Rewrites an org's chain from `fromSeq` on with unkeyed sha256 hashes: what a database writer without the key can do. */
async function rechainWithoutKey(orgId: string, fromSeq: number): Promise<void> {
  const rows = await getDb().select().from(auditEvents).where(eq(auditEvents.orgId, orgId)).orderBy(asc(auditEvents.seq));
  await asSuperuser(async (db) => {
    await db.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      let prevHash = fromSeq === 1 ? GENESIS_HASH : rows[fromSeq - 2]!.hash;
      for (const row of rows.filter((candidate) => candidate.seq >= fromSeq)) {
        const hash = hashAuditEvent({ ...row, prevHash }, "legacy");
        await tx`update audit_events set prev_hash = ${prevHash}, hash = ${hash} where id = ${row.id}`;
        prevHash = hash;
      }
    });
  });
}

async function deleteNewestEvents(orgId: string, howMany: number): Promise<void> {
  await asSuperuser(async (db) => {
    await db.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`delete from audit_events where id in (select id from audit_events where org_id = ${orgId} order by seq desc limit ${howMany})`;
    });
  });
}

/** The real worker runs the checkpoint task, as cron would; the checkpoint lands in the storage directory. */
async function checkpointByWorker(orgId: string, expectedSeq: number) {
  const runner = await startTestWorker(1);
  try {
    await runner.addJob("audit_checkpoint", { orgId });
    return await waitFor(async () => {
      const checkpoint = await readAuditCheckpoint(orgId);
      return checkpoint && checkpoint.seq === expectedSeq ? checkpoint : undefined;
    }, 30_000, "an audit checkpoint");
  } finally {
    await runner.stop();
  }
}

async function chainOf(orgId: string) {
  return getDb().select().from(auditEvents).where(eq(auditEvents.orgId, orgId)).orderBy(asc(auditEvents.seq));
}

describe("the keyed chain and its checkpoints", () => {
  it("hashes events with the audit key, so the plain sha256 of an event is not its hash", async () => {
    const events = await chainOf(org.orgId);
    for (const event of events) {
      expect(event.hash.startsWith(KEYED_HASH_PREFIX)).toBe(true);
      expect(hashAuditEvent(event, "legacy")).not.toBe(event.hash.slice(KEYED_HASH_PREFIX.length));
    }
  });

  it("writes a signed checkpoint of the head from the worker task", async () => {
    const checkpointed = await createTestOrg();
    const events = await chainOf(checkpointed.orgId);
    const head = events.at(-1)!;
    const checkpoint = await checkpointByWorker(checkpointed.orgId, head.seq);
    expect(checkpoint).toMatchObject({ orgId: checkpointed.orgId, lastEventId: head.id, seq: head.seq, hash: head.hash, count: events.length });
    expect(checkpoint.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyAuditChain(checkpointed.orgId)).toEqual({
      orgId: checkpointed.orgId,
      events: events.length,
      ok: true,
      checkpoint: { seq: head.seq, createdAt: checkpoint.createdAt },
    });
  });

  it("detects the newest events deleted (tail truncation), which the chain alone cannot see", async () => {
    const truncated = await createTestOrg();
    await renameOrganization(truncated.ownerCtx, "Truncated Co");
    const events = await chainOf(truncated.orgId);
    const head = events.at(-1)!;
    await checkpointByWorker(truncated.orgId, head.seq);
    await deleteNewestEvents(truncated.orgId, 2);

    const verification = await verifyAuditChain(truncated.orgId);
    expect(verification).toMatchObject({
      ok: false,
      events: events.length - 2,
      firstBreak: { eventId: head.id, seq: head.seq, reason: expect.stringContaining("tail truncated") },
    });
    const result = runCli(["audit:verify", "--org", truncated.orgId]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`tail truncated`);
    expect(result.stderr).toContain(`ends at seq ${head.seq - 2}`);
  });

  it("detects a history re-chained without the key from the middle on", async () => {
    const rechained = await createTestOrg();
    await renameOrganization(rechained.ownerCtx, "Rechained Co");
    const events = await chainOf(rechained.orgId);
    await rechainWithoutKey(rechained.orgId, 3);
    const verification = await verifyAuditChain(rechained.orgId);
    expect(verification).toMatchObject({ ok: false, firstBreak: { eventId: events[2]!.id, seq: 3, reason: expect.stringContaining("re-chained without the key") } });
  });

  it("detects a whole history re-chained without the key against the checkpoint", async () => {
    const rechained = await createTestOrg();
    const events = await chainOf(rechained.orgId);
    const head = events.at(-1)!;
    await checkpointByWorker(rechained.orgId, head.seq);
    await rechainWithoutKey(rechained.orgId, 1);

    const verification = await verifyAuditChain(rechained.orgId);
    expect(verification).toMatchObject({ ok: false, firstBreak: { eventId: head.id, seq: head.seq, reason: expect.stringContaining("re-chained") } });
    const result = runCli(["audit:verify", "--org", rechained.orgId]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`re-chained: the event at seq ${head.seq}`);
  });

  it("verifies an unkeyed chain from before the key up to the marked switch, and keyed events after it", async () => {
    const legacy = await createTestOrg();
    const keyedCount = (await chainOf(legacy.orgId)).length;
    await rechainWithoutKey(legacy.orgId, 1);
    expect((await verifyAuditChain(legacy.orgId)).ok).toBe(true);

    await renameOrganization(legacy.ownerCtx, "Keyed From Now On");
    const events = await chainOf(legacy.orgId);
    expect(events.slice(keyedCount).map((event) => [event.action, event.hash.startsWith(KEYED_HASH_PREFIX)])).toEqual([
      ["audit.chain_keyed", true],
      ["organization.renamed", true],
    ]);
    expect(events[keyedCount]!.changes).toEqual({ legacyEvents: keyedCount, scheme: "hmac-sha256" });
    expect(await verifyAuditChain(legacy.orgId)).toMatchObject({ ok: true, events: keyedCount + 2 });
  });
});
