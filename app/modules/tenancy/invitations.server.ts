import { and, desc, eq, gt, isNull, lt } from "drizzle-orm";
import type { OrgContext } from "~/core/access/actor";
import { hashPassword, MIN_PASSWORD_LENGTH } from "~/modules/tenancy/auth/password.server";
import { canGrantRole, type Role } from "~/core/access/permissions";
import { generateToken, sha256Hex } from "~/modules/tenancy/auth/secret-tokens.server";
import { Conflict, Forbidden, NotFound, ValidationFailed } from "~/core/errors/domain-errors";
import { getDb } from "~/platform/db/client";
import { newId } from "~/platform/db/ids";
import { invitations, memberships, organizations, users } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { recordAudit } from "~/modules/audit/index.server";
import { findUserByEmail, normalizeEmail } from "./users.server";

/**
 * There is no mail server: the admin is shown the link once and passes it on.
 * Only the token's hash is stored, like API keys.
 */
const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type Invitation = typeof invitations.$inferSelect;

export async function createInvitation(
  ctx: OrgContext,
  input: { email: string; role: Role },
): Promise<{ invitation: Invitation; token: string }> {
  if (!canGrantRole(ctx.actor.role, input.role)) {
    throw new Forbidden(`Your role (${ctx.actor.role}) cannot invite someone as ${input.role}`);
  }
  const email = normalizeEmail(input.email);
  const { token, hash } = generateToken();
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const existing = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, ctx.orgId), eq(users.email, email)));
    if (existing.length > 0) throw new Conflict(`${email} is already a member of this organization`);
    const [invitation] = await tx
      .insert(invitations)
      .values({
        id: newId("invitation"),
        orgId: ctx.orgId,
        email,
        role: input.role,
        tokenHash: hash,
        invitedByUserId: ctx.actor.type === "user" ? ctx.actor.id : null,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      })
      .returning();
    await recordAudit(tx, ctx, {
      action: "invitation.created",
      resourceType: "invitation",
      resourceId: invitation!.id,
      changes: { after: { email, role: input.role } },
    });
    return { invitation: invitation!, token };
  });
}

export async function listPendingInvitations(ctx: OrgContext, options: { limit: number; cursor?: string }) {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const conditions = [
      eq(invitations.orgId, ctx.orgId),
      isNull(invitations.acceptedAt),
      isNull(invitations.revokedAt),
      gt(invitations.expiresAt, new Date()),
    ];
    if (options.cursor) conditions.push(lt(invitations.id, options.cursor));
    const rows = await tx
      .select()
      .from(invitations)
      .where(and(...conditions))
      .orderBy(desc(invitations.id))
      .limit(options.limit + 1);
    const hasMore = rows.length > options.limit;
    const data = rows.slice(0, options.limit);
    return { data, nextCursor: hasMore ? data.at(-1)!.id : null };
  });
}

export async function getInvitation(ctx: OrgContext, id: string): Promise<Invitation> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [row] = await tx.select().from(invitations).where(and(eq(invitations.orgId, ctx.orgId), eq(invitations.id, id)));
    if (!row) throw new NotFound("invitation", id);
    return row;
  });
}

export async function revokeInvitation(ctx: OrgContext, id: string): Promise<Invitation> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [before] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.orgId, ctx.orgId), eq(invitations.id, id)))
      .for("update");
    if (!before) throw new NotFound("invitation", id);
    if (before.acceptedAt) throw new Conflict("This invitation has already been accepted");
    if (before.revokedAt) return before;
    const [after] = await tx.update(invitations).set({ revokedAt: new Date() }).where(eq(invitations.id, id)).returning();
    await recordAudit(tx, ctx, {
      action: "invitation.revoked",
      resourceType: "invitation",
      resourceId: id,
      changes: { before: { email: before.email } },
    });
    return after!;
  });
}

/** What the accept page shows; a used, revoked or expired link is "not found". */
export async function findOpenInvitationByToken(token: string) {
  const [row] = await getDb()
    .select({ invitation: invitations, orgName: organizations.name })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where(
      and(
        eq(invitations.tokenHash, sha256Hex(token)),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    );
  if (!row) throw new NotFound("invitation");
  return row;
}

/**
 * Accepting creates the account when the email is new. For an existing
 * account the person must already be signed in as that user, so a leaked
 * link cannot attach someone else's account to an org.
 */
export async function acceptInvitation(input: {
  token: string;
  signedInUserId?: string;
  name?: string;
  password?: string;
}): Promise<{ userId: string; orgId: string }> {
  const { invitation } = await findOpenInvitationByToken(input.token);
  const existing = await findUserByEmail(invitation.email);
  if (existing && existing.id !== input.signedInUserId) {
    throw new Forbidden(`Sign in as ${invitation.email} to accept this invitation`);
  }
  if (!existing && (!input.password || input.password.length < MIN_PASSWORD_LENGTH)) {
    throw new ValidationFailed("Choose a password", {
      errors: [{ pointer: "/password", message: `must be at least ${MIN_PASSWORD_LENGTH} characters` }],
    });
  }
  const passwordHash = existing ? null : await hashPassword(input.password!);
  return getDb().transaction(async (tx) => {
    const [claimed] = await tx
      .update(invitations)
      .set({ acceptedAt: new Date() })
      .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning();
    if (!claimed) throw new NotFound("invitation");
    const userId = existing?.id ?? newId("user");
    if (!existing) {
      await tx.insert(users).values({ id: userId, email: invitation.email, name: input.name?.trim() || invitation.email, passwordHash });
    }
    await tx
      .insert(memberships)
      .values({ id: newId("membership"), orgId: invitation.orgId, userId, role: invitation.role })
      .onConflictDoNothing();
    await recordAudit(
      tx,
      { orgId: invitation.orgId, actor: { type: "user", id: userId, label: invitation.email, role: invitation.role } },
      {
        action: "invitation.accepted",
        resourceType: "invitation",
        resourceId: invitation.id,
        changes: { after: { email: invitation.email, role: invitation.role } },
      },
    );
    return { userId, orgId: invitation.orgId };
  });
}

