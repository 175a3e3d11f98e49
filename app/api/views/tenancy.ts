import type { z } from "~/api/zod";
import type { ApiKeySchema, InvitationSchema, MemberSchema, OrganizationSchema } from "~/api/contracts/organization";
import type { ApiKey, Invitation, Member, Organization } from "~/modules/tenancy/index.server";

/** The organization, its members, invitations and API keys as /api/v1 shows them. */
export function serializeOrganization(organization: Organization): z.input<typeof OrganizationSchema> {
  return {
    id: organization.id,
    object: "organization" as const,
    name: organization.name,
    createdAt: organization.createdAt.toISOString(),
  };
}

/** Carries the prefix only: the secret is never stored, so it can never be here. */
export function serializeApiKey(key: ApiKey): z.input<typeof ApiKeySchema> {
  return {
    id: key.id,
    object: "api_key" as const,
    name: key.name,
    prefix: key.prefix,
    role: key.role,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

export function serializeMember(member: Member): z.input<typeof MemberSchema> {
  return {
    id: member.id,
    object: "member" as const,
    userId: member.userId,
    email: member.email,
    name: member.name,
    role: member.role,
    createdAt: member.createdAt.toISOString(),
  };
}

export function serializeInvitation(invitation: Invitation): z.input<typeof InvitationSchema> {
  return {
    id: invitation.id,
    object: "invitation" as const,
    email: invitation.email,
    role: invitation.role,
    createdAt: invitation.createdAt.toISOString(),
    expiresAt: invitation.expiresAt.toISOString(),
    acceptedAt: invitation.acceptedAt?.toISOString() ?? null,
    revokedAt: invitation.revokedAt?.toISOString() ?? null,
  };
}
