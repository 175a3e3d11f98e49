import { and, asc, count, eq, gt } from "drizzle-orm";
import type { OrgContext } from "~/core/access/actor";
import type { Role } from "~/core/access/permissions";
import { Conflict, NotFound } from "~/core/errors/domain-errors";
import type { Tx } from "~/platform/db/client";
import { memberships, users } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { recordAudit } from "~/modules/audit/index.server";

export interface Member {
  id: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
}

export async function listMembers(ctx: OrgContext, options: { limit: number; cursor?: string }) {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const conditions = [eq(memberships.orgId, ctx.orgId)];
    if (options.cursor) conditions.push(gt(memberships.id, options.cursor));
    const rows = await tx
      .select({
        id: memberships.id,
        userId: memberships.userId,
        email: users.email,
        name: users.name,
        role: memberships.role,
        createdAt: memberships.createdAt,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(...conditions))
      .orderBy(asc(memberships.id))
      .limit(options.limit + 1);
    const hasMore = rows.length > options.limit;
    const data = rows.slice(0, options.limit);
    return { data, nextCursor: hasMore ? data.at(-1)!.id : null };
  });
}

async function lockMember(tx: Tx, ctx: OrgContext, membershipId: string): Promise<Member> {
  const [member] = await tx
    .select({
      id: memberships.id,
      userId: memberships.userId,
      email: users.email,
      name: users.name,
      role: memberships.role,
      createdAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, ctx.orgId), eq(memberships.id, membershipId)))
    .for("update", { of: memberships });
  if (!member) throw new NotFound("member", membershipId);
  return member;
}

export async function getMember(ctx: OrgContext, membershipId: string): Promise<Member> {
  return inOrgTransaction(ctx.orgId, (tx) => lockMember(tx, ctx, membershipId));
}

/** An org must always keep an owner, or nobody could manage its members. */
async function assertAnotherOwnerRemains(tx: Tx, ctx: OrgContext): Promise<void> {
  const [row] = await tx
    .select({ owners: count() })
    .from(memberships)
    .where(and(eq(memberships.orgId, ctx.orgId), eq(memberships.role, "owner")));
  if ((row?.owners ?? 0) <= 1) throw new Conflict("The organization must keep at least one owner");
}

export async function changeMemberRole(ctx: OrgContext, membershipId: string, role: Role): Promise<Member> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    // Lock all owner rows first so two concurrent demotions cannot both pass the check.
    await tx.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.orgId, ctx.orgId), eq(memberships.role, "owner"))).for("update");
    const before = await lockMember(tx, ctx, membershipId);
    if (before.role === role) return before;
    if (before.role === "owner") await assertAnotherOwnerRemains(tx, ctx);
    await tx.update(memberships).set({ role }).where(and(eq(memberships.orgId, ctx.orgId), eq(memberships.id, membershipId)));
    await recordAudit(tx, ctx, {
      action: "member.role_changed",
      resourceType: "membership",
      resourceId: membershipId,
      changes: { before: { role: before.role }, after: { role }, email: before.email },
    });
    return { ...before, role };
  });
}

export async function removeMember(ctx: OrgContext, membershipId: string): Promise<Member> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    await tx.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.orgId, ctx.orgId), eq(memberships.role, "owner"))).for("update");
    const before = await lockMember(tx, ctx, membershipId);
    if (before.role === "owner") await assertAnotherOwnerRemains(tx, ctx);
    await tx.delete(memberships).where(and(eq(memberships.orgId, ctx.orgId), eq(memberships.id, membershipId)));
    await recordAudit(tx, ctx, {
      action: "member.removed",
      resourceType: "membership",
      resourceId: membershipId,
      changes: { before: { email: before.email, role: before.role } },
    });
    return before;
  });
}

