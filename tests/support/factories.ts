import { randomBytes } from "node:crypto";
import { systemActor, type OrgContext } from "~/core/access/actor";
import type { Role } from "~/core/access/permissions";
import { createApiKey } from "~/modules/tenancy/api-keys.server";
import { createOrganizationWithOwner } from "~/modules/tenancy/organizations.server";

export const TEST_PASSWORD = "correct horse battery";

export interface TestOrg {
  orgId: string;
  ownerUserId: string;
  ownerEmail: string;
  /** Acting as the owner, for calling services directly. */
  ownerCtx: OrgContext;
  /** One key per role, so tests can act as any of them over HTTP. */
  keys: Record<Role, string>;
  keyIds: Record<Role, string>;
}

export async function createTestOrg(name = `Org ${randomBytes(3).toString("hex")}`): Promise<TestOrg> {
  const ownerEmail = `owner-${randomBytes(4).toString("hex")}@example.test`;
  const { organization, user } = await createOrganizationWithOwner({
    name,
    owner: { email: ownerEmail, name: "Owner", password: TEST_PASSWORD },
    actorLabel: "test",
  });
  const ownerCtx: OrgContext = {
    orgId: organization.id,
    actor: { type: "user", id: user.id, label: ownerEmail, role: "owner" },
  };
  const keys = {} as Record<Role, string>;
  const keyIds = {} as Record<Role, string>;
  for (const role of ["owner", "admin", "operator", "viewer"] as const) {
    const { apiKey, secret } = await createApiKey(
      { orgId: organization.id, actor: systemActor("test") },
      { name: `${role} key`, role },
    );
    keys[role] = secret;
    keyIds[role] = apiKey.id;
  }
  return { orgId: organization.id, ownerUserId: user.id, ownerEmail, ownerCtx, keys, keyIds };
}

export async function problemOf(response: Response): Promise<Record<string, unknown>> {
  if (!response.headers.get("content-type")?.startsWith("application/problem+json")) {
    throw new Error(`expected problem+json, got ${response.status} ${response.headers.get("content-type")}: ${await response.text()}`);
  }
  return (await response.json()) as Record<string, unknown>;
}
