import { eq, sql } from "drizzle-orm";
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
