import { defineOperation } from "../operation";
import { IdParamsSchema, IsoDateTime, ListQuerySchema, ProblemSchema, RoleSchema, listOf } from "../common-schemas";
import { z } from "../zod";

const problems = {
  401: { description: "No or bad credentials", schema: ProblemSchema },
  403: { description: "Role too low", schema: ProblemSchema },
};
const notFound = { 404: { description: "No such resource in your organization", schema: ProblemSchema } };

export const OrganizationSchema = z
  .object({ id: z.string(), object: z.literal("organization"), name: z.string(), createdAt: IsoDateTime })
  .openapi("Organization");

export const getOrganizationOp = defineOperation({
  operationId: "getOrganization",
  method: "GET",
  path: "/api/v1/organization",
  tag: "Organization",
  summary: "The caller's organization",
  access: "org:read",
  responses: { 200: { description: "The organization", schema: OrganizationSchema }, ...problems },
});

export const updateOrganizationOp = defineOperation({
  operationId: "updateOrganization",
  method: "PATCH",
  path: "/api/v1/organization",
  tag: "Organization",
  summary: "Rename the organization",
  access: "org:settings",
  body: z.object({ name: z.string().trim().min(1).max(200) }).strict(),
  responses: { 200: { description: "The organization", schema: OrganizationSchema }, ...problems },
});

// ---- API keys

export const ApiKeySchema = z
  .object({
    id: z.string(),
    object: z.literal("api_key"),
    name: z.string(),
    prefix: z.string().openapi({ description: "First characters of the key, for recognising it in lists" }),
    role: RoleSchema,
    createdAt: IsoDateTime,
    lastUsedAt: IsoDateTime.nullable(),
    revokedAt: IsoDateTime.nullable(),
  })
  .openapi("ApiKey");

export const CreatedApiKeySchema = ApiKeySchema.extend({
  secret: z.string().openapi({ description: "The key itself (rsk_…). Shown once; only its hash is stored." }),
}).openapi("CreatedApiKey");

export const listApiKeysOp = defineOperation({
  operationId: "listApiKeys",
  method: "GET",
  path: "/api/v1/api-keys",
  tag: "API keys",
  summary: "List API keys (newest first)",
  access: "apiKeys:manage",
  query: ListQuerySchema.extend({
    includeRevoked: z.enum(["true", "false"]).optional().openapi({ description: "Include revoked keys (default false)" }),
  }),
  responses: { 200: { description: "A page of keys", schema: listOf(ApiKeySchema, "ApiKeyList") }, ...problems },
});

export const createApiKeyOp = defineOperation({
  operationId: "createApiKey",
  method: "POST",
  path: "/api/v1/api-keys",
  tag: "API keys",
  summary: "Create an API key; the secret is in this response only",
  access: "apiKeys:manage",
  body: z.object({ name: z.string().trim().min(1).max(100), role: RoleSchema }).strict(),
  responses: {
    201: { description: "Created", schema: CreatedApiKeySchema },
    ...problems,
    422: { description: "Invalid body", schema: ProblemSchema },
  },
});

export const getApiKeyOp = defineOperation({
  operationId: "getApiKey",
  method: "GET",
  path: "/api/v1/api-keys/{id}",
  tag: "API keys",
  summary: "Get an API key (never its secret)",
  access: "apiKeys:manage",
  params: IdParamsSchema,
  responses: { 200: { description: "The key", schema: ApiKeySchema }, ...problems, ...notFound },
});

export const revokeApiKeyOp = defineOperation({
  operationId: "revokeApiKey",
  method: "DELETE",
  path: "/api/v1/api-keys/{id}",
  tag: "API keys",
  summary: "Revoke an API key; it stops working at once",
  access: "apiKeys:manage",
  params: IdParamsSchema,
  responses: { 200: { description: "The revoked key", schema: ApiKeySchema }, ...problems, ...notFound },
});

// ---- Members

export const MemberSchema = z
  .object({
    id: z.string(),
    object: z.literal("member"),
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    createdAt: IsoDateTime,
  })
  .openapi("Member");

export const listMembersOp = defineOperation({
  operationId: "listMembers",
  method: "GET",
  path: "/api/v1/members",
  tag: "Members",
  summary: "List the organization's members",
  access: "org:read",
  query: ListQuerySchema,
  responses: { 200: { description: "A page of members", schema: listOf(MemberSchema, "MemberList") }, ...problems },
});

export const getMemberOp = defineOperation({
  operationId: "getMember",
  method: "GET",
  path: "/api/v1/members/{id}",
  tag: "Members",
  summary: "Get a member",
  access: "org:read",
  params: IdParamsSchema,
  responses: { 200: { description: "The member", schema: MemberSchema }, ...problems, ...notFound },
});

export const updateMemberOp = defineOperation({
  operationId: "updateMember",
  method: "PATCH",
  path: "/api/v1/members/{id}",
  tag: "Members",
  summary: "Change a member's role (the last owner cannot be demoted)",
  access: "members:manage",
  params: IdParamsSchema,
  body: z.object({ role: RoleSchema }).strict(),
  responses: {
    200: { description: "The member", schema: MemberSchema },
    ...problems,
    ...notFound,
    409: { description: "Would leave the organization without an owner", schema: ProblemSchema },
  },
});

export const removeMemberOp = defineOperation({
  operationId: "removeMember",
  method: "DELETE",
  path: "/api/v1/members/{id}",
  tag: "Members",
  summary: "Remove a member from the organization",
  access: "members:manage",
  params: IdParamsSchema,
  responses: {
    200: { description: "The removed member", schema: MemberSchema },
    ...problems,
    ...notFound,
    409: { description: "Would leave the organization without an owner", schema: ProblemSchema },
  },
});

// ---- Invitations

export const InvitationSchema = z
  .object({
    id: z.string(),
    object: z.literal("invitation"),
    email: z.string(),
    role: RoleSchema,
    createdAt: IsoDateTime,
    expiresAt: IsoDateTime,
    acceptedAt: IsoDateTime.nullable(),
    revokedAt: IsoDateTime.nullable(),
  })
  .openapi("Invitation");

export const listInvitationsOp = defineOperation({
  operationId: "listInvitations",
  method: "GET",
  path: "/api/v1/invitations",
  tag: "Members",
  summary: "List pending invitations",
  access: "members:manage",
  query: ListQuerySchema,
  responses: { 200: { description: "A page of invitations", schema: listOf(InvitationSchema, "InvitationList") }, ...problems },
});

export const createInvitationOp = defineOperation({
  operationId: "createInvitation",
  method: "POST",
  path: "/api/v1/invitations",
  tag: "Members",
  summary: "Invite someone by email; the response carries the link to pass on (there is no mail server)",
  access: "members:manage",
  body: z.object({ email: z.email().max(320), role: RoleSchema }).strict(),
  responses: {
    201: {
      description: "Created",
      schema: InvitationSchema.extend({ acceptUrl: z.string().openapi({ description: "Shown once" }) }).openapi("CreatedInvitation"),
    },
    ...problems,
    409: { description: "Already a member", schema: ProblemSchema },
  },
});

export const getInvitationOp = defineOperation({
  operationId: "getInvitation",
  method: "GET",
  path: "/api/v1/invitations/{id}",
  tag: "Members",
  summary: "Get an invitation",
  access: "members:manage",
  params: IdParamsSchema,
  responses: { 200: { description: "The invitation", schema: InvitationSchema }, ...problems, ...notFound },
});

export const revokeInvitationOp = defineOperation({
  operationId: "revokeInvitation",
  method: "DELETE",
  path: "/api/v1/invitations/{id}",
  tag: "Members",
  summary: "Revoke a pending invitation",
  access: "members:manage",
  params: IdParamsSchema,
  responses: { 200: { description: "The invitation", schema: InvitationSchema }, ...problems, ...notFound },
});

// ---- Feature flags

export const FeatureFlagSchema = z
  .object({ object: z.literal("feature_flag"), flag: z.string(), enabled: z.boolean(), description: z.string() })
  .openapi("FeatureFlag");

export const listFeatureFlagsOp = defineOperation({
  operationId: "listFeatureFlags",
  method: "GET",
  path: "/api/v1/feature-flags",
  tag: "Organization",
  summary: "Feature flags for this organization",
  access: "org:read",
  responses: { 200: { description: "All flags", schema: listOf(FeatureFlagSchema, "FeatureFlagList") }, ...problems },
});

export const setFeatureFlagOp = defineOperation({
  operationId: "setFeatureFlag",
  method: "PUT",
  path: "/api/v1/feature-flags/{flag}",
  tag: "Organization",
  summary: "Turn a feature on or off for this organization",
  access: "org:settings",
  params: z.object({ flag: z.enum(["streams", "templates", "dataSources"]) }),
  body: z.object({ enabled: z.boolean() }).strict(),
  responses: { 200: { description: "The flag", schema: FeatureFlagSchema }, ...problems, ...notFound },
});
