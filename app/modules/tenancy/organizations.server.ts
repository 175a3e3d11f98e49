import { count, eq, sql } from "drizzle-orm";
import { systemActor, type Actor, type OrgContext } from "~/core/access/actor";
import { hashPassword, MIN_PASSWORD_LENGTH } from "~/modules/tenancy/auth/password.server";
import { Conflict, NotFound, ValidationFailed } from "~/core/errors/domain-errors";
import { getDb, type DbOrTx } from "~/platform/db/client";
import { newId } from "~/platform/db/ids";
import { memberships, organizations, users } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { recordAudit } from "~/modules/audit/index.server";
import { findUserByEmail, normalizeEmail } from "./users.server";

export type Organization = typeof organizations.$inferSelect;

export interface NewOrganization {
  name: string;
  owner: { email: string; name: string; password?: string };
  /** Who is doing this, for the audit trail (the CLI, the setup page, a user). */
  actorLabel: string;
  requestId?: string;
}

/**
 * Creates an org with its first owner. An existing user (same email) becomes
 * owner of the new org; a new user gets the given password, or none (they
 * cannot log in until one is set) when created by the CLI.
 */
export async function createOrganizationWithOwner(input: NewOrganization, db: DbOrTx = getDb()) {
  const name = input.name.trim();
  if (!name) throw new ValidationFailed("organization name is required", { errors: [{ pointer: "/name", message: "must not be empty" }] });
  if (input.owner.password !== undefined && input.owner.password.length < MIN_PASSWORD_LENGTH) {
    throw new ValidationFailed("password too short", {
      errors: [{ pointer: "/password", message: `must be at least ${MIN_PASSWORD_LENGTH} characters` }],
    });
  }
  const email = normalizeEmail(input.owner.email);
  const passwordHash = input.owner.password ? await hashPassword(input.owner.password) : null;
  return db.transaction(async (tx) => {
    const orgId = newId("organization");
    const [organization] = await tx.insert(organizations).values({ id: orgId, name }).returning();
    let user = await findUserByEmail(email, tx);
    if (!user) {
      [user] = await tx
        .insert(users)
        .values({ id: newId("user"), email, name: input.owner.name.trim() || email, passwordHash })
        .returning();
    }
    await tx.insert(memberships).values({ id: newId("membership"), orgId, userId: user!.id, role: "owner" });
    const actor: Actor = { ...systemActor(input.actorLabel) };
    await recordAudit(tx, { orgId, actor, requestId: input.requestId }, {
      action: "organization.created",
      resourceType: "organization",
      resourceId: orgId,
      changes: { after: { name, ownerEmail: email } },
    });
    return { organization: organization!, user: user! };
  });
}

export async function getOrganization(ctx: OrgContext): Promise<Organization> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [organization] = await tx.select().from(organizations).where(eq(organizations.id, ctx.orgId));
    if (!organization) throw new NotFound("organization", ctx.orgId);
    return organization;
  });
}

export async function renameOrganization(ctx: OrgContext, name: string): Promise<Organization> {
  const trimmed = name.trim();
  if (!trimmed) throw new ValidationFailed("organization name is required", { errors: [{ pointer: "/name", message: "must not be empty" }] });
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [before] = await tx.select().from(organizations).where(eq(organizations.id, ctx.orgId)).for("update");
    if (!before) throw new NotFound("organization", ctx.orgId);
    const [after] = await tx
      .update(organizations)
      .set({ name: trimmed, updatedAt: new Date() })
      .where(eq(organizations.id, ctx.orgId))
      .returning();
    await recordAudit(tx, ctx, {
      action: "organization.renamed",
      resourceType: "organization",
      resourceId: ctx.orgId,
      changes: { before: { name: before.name }, after: { name: trimmed } },
    });
    return after!;
  });
}

/** The first-run setup page is offered only while nobody can log in yet. */
export async function isSetupRequired(): Promise<boolean> {
  const [row] = await getDb().select({ users: count() }).from(users);
  return (row?.users ?? 0) === 0;
}

/** Creates the very first org and owner; refuses once any user exists. */
export async function completeFirstRunSetup(input: Omit<NewOrganization, "actorLabel"> & { password: string }) {
  return getDb().transaction(async (tx) => {
    // Two browsers submitting setup at once must not both become "first".
    await tx.execute(sql`select pg_advisory_xact_lock(727002)`);
    const [row] = await tx.select({ users: count() }).from(users);
    if ((row?.users ?? 0) > 0) throw new Conflict("Setup is already complete; sign in instead");
    return createOrganizationWithOwner({ ...input, actorLabel: "setup" }, tx);
  });
}
