import { createHash, createHmac } from "node:crypto";
import canonicalize from "canonicalize";
import { and, asc, desc, eq, gt, like, lt, sql } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { NotFound } from "~/core/errors/domain-errors";
import { getEnv } from "~/platform/env.server";
import { getDb, type DbOrTx, type Tx } from "~/platform/db/client";
import { newId } from "~/platform/db/ids";
import { auditEvents } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { checkpointSignatureValid, listCheckpointedOrgIds, readAuditCheckpoint, writeAuditCheckpoint, type AuditCheckpoint } from "./checkpoints.server";

/**
 * The audit trail: append-only (enforced by a trigger) and hash-chained per
 * org, so removing or editing any event breaks every hash after it and
 * `audit:verify` names the first broken one.
 *
 * The chain is keyed: hash = "hmac-sha256:" + HMAC-SHA256(AUDIT_HMAC_KEY,
 * prevHash ‖ canonical JSON), the key kept outside the database, so a
 * database writer cannot recompute a history that verifies. Chains started
 * before the key have plain sha256 hashes (64 hex, no prefix); those stay
 * valid under the old scheme up to a marked switch — the first keyed event,
 * an `audit.chain_keyed` event recordAudit appends before the org's next
 * event — and after it an unkeyed hash is a break. The head is anchored
 * outside the table by signed checkpoints (audit-checkpoints.server.ts), which
 * verify compares with, so deleting the newest events or re-chaining the
 * whole history is seen too.
 */
export const GENESIS_HASH = "0".repeat(64);
export const KEYED_HASH_PREFIX = "hmac-sha256:";

export interface AuditEntry {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  /** Before/after summary. Never put secrets here. */
  changes?: Record<string, unknown>;
}

export type AuditRow = typeof auditEvents.$inferSelect;

/**
 * Must run inside the transaction that makes the change, so the change and
 * its audit event commit or roll back together.
 */
export async function recordAudit(tx: Tx, ctx: OrgContext, entry: AuditEntry): Promise<AuditRow> {
  // Serialise appends per org: the chain needs exactly one successor per event.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`audit:${ctx.orgId}`}, 0))`);
  const [last] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(eq(auditEvents.orgId, ctx.orgId))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  let previous = last;
  if (previous && !isKeyedHash(previous.hash)) {
    // The switch from the unkeyed scheme, marked in the chain itself: verify reads events before it as legacy.
    previous = await appendEvent(tx, ctx, previous, {
      action: "audit.chain_keyed",
      resourceType: "organization",
      resourceId: ctx.orgId,
      changes: { legacyEvents: previous.seq, scheme: "hmac-sha256" },
    });
  }
  return appendEvent(tx, ctx, previous, entry);
}

async function appendEvent(tx: Tx, ctx: OrgContext, last: { seq: number; hash: string } | undefined, entry: AuditEntry): Promise<AuditRow> {
  const event = {
    id: newId("auditEvent"),
    orgId: ctx.orgId,
    seq: (last?.seq ?? 0) + 1,
    actorType: ctx.actor.type,
    actorId: ctx.actor.id,
    actorLabel: ctx.actor.label,
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId ?? null,
    requestId: ctx.requestId ?? null,
    changes: entry.changes ?? {},
    createdAt: new Date(),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const hash = hashAuditEvent(event);
  const [row] = await tx.insert(auditEvents).values({ ...event, hash }).returning();
  return row!;
}

export function isKeyedHash(hash: string): boolean {
  return hash.startsWith(KEYED_HASH_PREFIX);
}

type HashedFields = Omit<AuditRow, "hash">;

/** The keyed hash new events get; `legacy` is the unkeyed sha256 of chains started before the key. */
export function hashAuditEvent(event: HashedFields, scheme: "keyed" | "legacy" = "keyed"): string {
  const canonical = canonicalize({
    id: event.id,
    orgId: event.orgId,
    seq: event.seq,
    actorType: event.actorType,
    actorId: event.actorId,
    actorLabel: event.actorLabel,
    action: event.action,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    requestId: event.requestId,
    changes: event.changes,
    createdAt: event.createdAt.toISOString(),
  });
  if (scheme === "legacy") return createHash("sha256").update(event.prevHash).update(canonical ?? "").digest("hex");
  const mac = createHmac("sha256", Buffer.from(getEnv().AUDIT_HMAC_KEY, "hex")).update(event.prevHash).update(canonical ?? "").digest("hex");
  return KEYED_HASH_PREFIX + mac;
}

export interface ChainBreak {
  orgId: string;
  eventId: string;
  seq: number;
  reason: string;
}

export interface ChainVerification {
  orgId: string;
  events: number;
  ok: boolean;
  firstBreak?: ChainBreak;
  /** The checkpoint the chain was compared with (null: none written yet). */
  checkpoint: { seq: number; createdAt: string } | null;
}

interface ChainWalk {
  events: number;
  head?: { id: string; seq: number; hash: string };
  firstBreak?: ChainBreak;
  /** Hash and id of the event at the checkpoint's seq, if the walk reached it. */
  atCheckpoint?: { id: string; hash: string };
}

/**
 * Re-walks an org's chain from the first event, then holds its end against
 * the org's checkpoint. Runs as the connecting role (not the tenant role)
 * because it is an operator tool that may cover every org.
 */
export async function verifyAuditChain(orgId: string, db: DbOrTx = getDb()): Promise<ChainVerification> {
  return (await inspectChain(orgId, db)).verification;
}

async function inspectChain(orgId: string, db: DbOrTx): Promise<{ verification: ChainVerification; walk: ChainWalk; checkpoint: AuditCheckpoint | null }> {
  const checkpoint = await readAuditCheckpoint(orgId);
  const walk = await walkChain(orgId, db, checkpoint?.seq);
  const shown = checkpoint ? { seq: checkpoint.seq, createdAt: checkpoint.createdAt } : null;
  const firstBreak = walk.firstBreak ?? (checkpoint ? compareWithCheckpoint(orgId, walk, checkpoint) : undefined);
  const verification: ChainVerification = firstBreak
    ? { orgId, events: walk.events, ok: false, firstBreak, checkpoint: shown }
    : { orgId, events: walk.events, ok: true, checkpoint: shown };
  return { verification, walk, checkpoint };
}

async function walkChain(orgId: string, db: DbOrTx, checkpointSeq: number | undefined): Promise<ChainWalk> {
  const PAGE = 5000;
  const walk: ChainWalk = { events: 0 };
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let keyedSince: number | undefined;
  for (;;) {
    const page = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, orgId), gt(auditEvents.seq, expectedSeq - 1)))
      .orderBy(asc(auditEvents.seq))
      .limit(PAGE);
    for (const event of page) {
      const brokenBecause = checkLink(event, expectedSeq, prevHash, keyedSince);
      if (brokenBecause) {
        walk.firstBreak = { orgId, eventId: event.id, seq: event.seq, reason: brokenBecause };
        return walk;
      }
      if (keyedSince === undefined && isKeyedHash(event.hash)) keyedSince = event.seq;
      if (event.seq === checkpointSeq) walk.atCheckpoint = { id: event.id, hash: event.hash };
      walk.head = { id: event.id, seq: event.seq, hash: event.hash };
      prevHash = event.hash;
      expectedSeq += 1;
      walk.events += 1;
    }
    if (page.length < PAGE) return walk;
  }
}

function checkLink(event: AuditRow, expectedSeq: number, prevHash: string, keyedSince: number | undefined): string | undefined {
  if (event.seq !== expectedSeq) return `sequence gap: expected seq ${expectedSeq}, found ${event.seq} (an event was removed)`;
  if (event.prevHash !== prevHash) return "prevHash does not match the previous event's hash";
  if (isKeyedHash(event.hash)) {
    if (hashAuditEvent(event, "keyed") !== event.hash) return "content does not match its keyed hash (the event was altered, or the hash was not made with this key)";
    return undefined;
  }
  if (keyedSince !== undefined) {
    return `unkeyed hash after the chain was keyed at seq ${keyedSince}: the history was re-chained without the key`;
  }
  if (hashAuditEvent(event, "legacy") !== event.hash) return "content does not match its hash (the event was altered)";
  return undefined;
}

function compareWithCheckpoint(orgId: string, walk: ChainWalk, checkpoint: AuditCheckpoint): ChainBreak | undefined {
  const at = (reason: string): ChainBreak => ({ orgId, eventId: checkpoint.lastEventId, seq: checkpoint.seq, reason });
  if (checkpoint.orgId !== orgId || !checkpointSignatureValid(checkpoint)) {
    return at("the checkpoint's signature does not verify (a forged checkpoint, or a different audit key)");
  }
  const lastSeq = walk.head?.seq ?? 0;
  if (lastSeq < checkpoint.seq) {
    return at(
      `tail truncated: the checkpoint of ${checkpoint.createdAt} recorded ${checkpoint.count} events up to seq ${checkpoint.seq}, ` +
        `the chain ends at seq ${lastSeq} (events after it were deleted)`,
    );
  }
  if (walk.atCheckpoint?.id !== checkpoint.lastEventId || walk.atCheckpoint.hash !== checkpoint.hash) {
    return at(`re-chained: the event at seq ${checkpoint.seq} is not the one the checkpoint of ${checkpoint.createdAt} recorded (its hash differs)`);
  }
  return undefined;
}

/**
 * Anchors the org's current head in a new checkpoint — only if the chain
 * verifies, so a tampered chain is never blessed — and only when it has grown.
 */
export async function checkpointAuditChain(orgId: string, db: DbOrTx = getDb()): Promise<{ written: boolean; verification: ChainVerification }> {
  const { verification, walk, checkpoint } = await inspectChain(orgId, db);
  if (!verification.ok || !walk.head || (checkpoint && checkpoint.seq >= walk.head.seq)) return { written: false, verification };
  await writeAuditCheckpoint({ orgId, lastEventId: walk.head.id, seq: walk.head.seq, hash: walk.head.hash, count: walk.events });
  return { written: true, verification };
}

/** Every org with an audit chain, or with a checkpoint of one (whose events may all have been deleted). */
export async function listOrgIdsWithAudit(db: DbOrTx = getDb()): Promise<string[]> {
  const rows = await db.selectDistinct({ orgId: auditEvents.orgId }).from(auditEvents).orderBy(auditEvents.orgId);
  const orgIds = new Set([...rows.map((row) => row.orgId), ...(await listCheckpointedOrgIds())]);
  return [...orgIds].sort();
}

export interface AuditPage {
  events: AuditRow[];
  nextCursor: string | null;
}

/** Newest first, keyset on seq. */
export async function listAuditEvents(
  ctx: OrgContext,
  options: { limit: number; cursor?: number; resourceType?: string; resourceId?: string; actionPrefix?: string },
): Promise<AuditPage> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const conditions = [eq(auditEvents.orgId, ctx.orgId)];
    if (options.cursor !== undefined) conditions.push(lt(auditEvents.seq, options.cursor));
    if (options.resourceType) conditions.push(eq(auditEvents.resourceType, options.resourceType));
    if (options.resourceId) conditions.push(eq(auditEvents.resourceId, options.resourceId));
    // "file." finds every file event; LIKE wildcards typed by the user are taken literally.
    if (options.actionPrefix) conditions.push(like(auditEvents.action, `${options.actionPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
    const rows = await tx
      .select()
      .from(auditEvents)
      .where(and(...conditions))
      .orderBy(desc(auditEvents.seq))
      .limit(options.limit + 1);
    const hasMore = rows.length > options.limit;
    const events = rows.slice(0, options.limit);
    return { events, nextCursor: hasMore ? String(events.at(-1)!.seq) : null };
  });
}

export async function getAuditEvent(ctx: OrgContext, id: string): Promise<AuditRow> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [row] = await tx
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, ctx.orgId), eq(auditEvents.id, id)));
    if (!row) throw new NotFound("audit event", id);
    return row;
  });
}

