import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "~/platform/db/client";
import { memberships, organizations, users } from "~/platform/db/schema";

export type User = typeof users.$inferSelect;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** System-level lookup (login, invitations): runs as the connecting role. */
export async function findUserByEmail(email: string, db: DbOrTx = getDb()): Promise<User | undefined> {
  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, normalizeEmail(email)));
  return user;
}

export async function findUserById(id: string, db: DbOrTx = getDb()): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

/** The orgs a user can switch between, with their role in each. */
export async function listUserOrganizations(userId: string, db: DbOrTx = getDb()) {
  return db
    .select({ id: organizations.id, name: organizations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(organizations.name);
}

export function publicUser(user: User) {
  return { id: user.id, email: user.email, name: user.name };
}

/**
 * The zone a user's pages render times in. Only a zone the runtime knows is
 * stored (the login form posts whatever the browser says); anything else is
 * refused, so a page never renders in a zone it cannot format.
 */
export function validTimeZone(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(value)) return null;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return value;
  } catch {
    return null;
  }
}

export async function setUserTimeZone(userId: string, timeZone: string, db: DbOrTx = getDb()): Promise<void> {
  await db.update(users).set({ timeZone, updatedAt: new Date() }).where(eq(users.id, userId));
}

/** At sign-up and sign-in the browser's zone becomes the user's, unless they already have one (chosen or adopted earlier). */
export async function adoptBrowserTimeZone(userId: string, browserTimeZone: unknown, db: DbOrTx = getDb()): Promise<void> {
  const timeZone = validTimeZone(browserTimeZone);
  if (!timeZone) return;
  await db.update(users).set({ timeZone }).where(and(eq(users.id, userId), isNull(users.timeZone)));
}
