import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { and, asc, desc, eq, gt, like, lt, sql } from "drizzle-orm";
import type { OrgContext } from "~/auth/actor";
import { NotFound } from "~/domain/errors";
import { getDb, type DbOrTx, type Tx } from "../../db/client";
import { newId } from "../../db/ids";
import { auditEvents } from "../../db/schema";
import { inOrgTransaction } from "../../db/tenancy";

/**
 * The audit trail: append-only (enforced by a trigger) and hash-chained per
 * org, so removing or editing any event breaks every hash after it and
 * `audit:verify` names the first broken one.
 */
export const GENESIS_HASH = "0".repeat(64);

export interface AuditEntry {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  /** Before/after summary. Never put secrets here. */
  changes?: Record<string, unknown>;
}

type AuditRow = typeof auditEvents.$inferSelect;

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

type HashedFields = Omit<AuditRow, "hash">;

export function hashAuditEvent(event: HashedFields): string {
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
  return createHash("sha256").update(event.prevHash).update(canonical ?? "").digest("hex");
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
}

/**
 * Re-walks an org's chain from the first event. Runs as the connecting role
 * (not the tenant role) because it is an operator tool that may cover every org.
 */
export async function verifyAuditChain(orgId: string, db: DbOrTx = getDb()): Promise<ChainVerification> {
  const PAGE = 5000;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, orgId), gt(auditEvents.seq, expectedSeq - 1)))
      .orderBy(asc(auditEvents.seq))
      .limit(PAGE);
    for (const event of page) {
      const brokenBecause = checkLink(event, expectedSeq, prevHash);
      if (brokenBecause) {
        return { orgId, events: count, ok: false, firstBreak: { orgId, eventId: event.id, seq: event.seq, reason: brokenBecause } };
      }
      prevHash = event.hash;
      expectedSeq += 1;
      count += 1;
    }
    if (page.length < PAGE) return { orgId, events: count, ok: true };
  }
}

function checkLink(event: AuditRow, expectedSeq: number, prevHash: string): string | undefined {
  if (event.seq !== expectedSeq) return `sequence gap: expected seq ${expectedSeq}, found ${event.seq} (an event was removed)`;
  if (event.prevHash !== prevHash) return "prevHash does not match the previous event's hash";
  if (hashAuditEvent(event) !== event.hash) return "content does not match its hash (the event was altered)";
  return undefined;
}

export async function listOrgIdsWithAudit(db: DbOrTx = getDb()): Promise<string[]> {
  const rows = await db.selectDistinct({ orgId: auditEvents.orgId }).from(auditEvents).orderBy(auditEvents.orgId);
  return rows.map((row) => row.orgId);
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

export function serializeAuditEvent(event: AuditRow) {
  return {
    id: event.id,
    object: "audit_event" as const,
    seq: event.seq,
    actor: { type: event.actorType, id: event.actorId, label: event.actorLabel },
    action: event.action,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    requestId: event.requestId,
    changes: event.changes,
    createdAt: event.createdAt.toISOString(),
    prevHash: event.prevHash,
    hash: event.hash,
  };
}
