import { and, eq, gt, lt } from "drizzle-orm";
import { NotFound } from "~/core/errors/domain-errors";
import { generateToken, sha256Hex } from "~/modules/tenancy/auth/secret-tokens.server";
import { getDb } from "~/platform/db/client";
import { memberships, sessions, users } from "~/platform/db/schema";

/** Sliding expiry: an active user stays signed in; two idle weeks end it. */
const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
/** Refresh lastSeen/expiry at most this often, to keep reads read-only. */
const TOUCH_INTERVAL_MS = 60 * 60 * 1000;

export type Session = typeof sessions.$inferSelect;
type User = typeof users.$inferSelect;

export async function createSession(input: {
  userId: string;
  orgId: string | null;
  ip?: string | null;
  userAgent?: string | null;
}): Promise<{ token: string; session: Session }> {
  const { token, hash } = generateToken();
  const [session] = await getDb()
    .insert(sessions)
    .values({
      id: hash,
      userId: input.userId,
      orgId: input.orgId,
      expiresAt: new Date(Date.now() + SESSION_TTL_MS),
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 400) ?? null,
    })
    .returning();
  return { token, session: session! };
}

export async function resolveSession(token: string): Promise<{ session: Session; user: User } | undefined> {
  const db = getDb();
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sha256Hex(token)), gt(sessions.expiresAt, new Date())));
  if (!row) return undefined;
  if (Date.now() - row.session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(), expiresAt: new Date(Date.now() + SESSION_TTL_MS) })
      .where(eq(sessions.id, row.session.id));
  }
  return row;
}

export async function destroySession(token: string): Promise<void> {
  await getDb().delete(sessions).where(eq(sessions.id, sha256Hex(token)));
}

export async function destroyExpiredSessions(): Promise<number> {
  const deleted = await getDb().delete(sessions).where(lt(sessions.expiresAt, new Date())).returning({ id: sessions.id });
  return deleted.length;
}

/** Switching to an org the user does not belong to looks like a missing org. */
export async function switchSessionOrganization(token: string, userId: string, orgId: string): Promise<void> {
  const db = getDb();
  const [membership] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.orgId, orgId)));
  if (!membership) throw new NotFound("organization", orgId);
  await db.update(sessions).set({ orgId }).where(eq(sessions.id, sha256Hex(token)));
}
