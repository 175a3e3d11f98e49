import { beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "~/modules/tenancy/api-keys.server";
import {
  acceptInvitation,
  createInvitation,
  findOpenInvitationByToken,
  listPendingInvitations,
  revokeInvitation,
} from "~/modules/tenancy/invitations.server";
import { changeMemberRole, listMembers, removeMember } from "~/modules/tenancy/memberships.server";
import { listUserOrganizations } from "~/modules/tenancy/users.server";
import { logIn } from "~/modules/tenancy/login.server";
import { Conflict, Forbidden, NotFound, ValidationFailed } from "~/core/errors/domain-errors";
import { createTestOrg, TEST_PASSWORD, type TestOrg } from "../../support/factories";

let org: TestOrg;

beforeAll(async () => {
  org = await createTestOrg("Members Inc");
});

describe("invitations", () => {
  it("lets a new person join with the role they were invited as", async () => {
    const { invitation, token } = await createInvitation(org.ownerCtx, { email: "New.Person@Example.test", role: "operator" });
    expect(invitation.email).toBe("new.person@example.test");
    const { userId, orgId } = await acceptInvitation({ token, name: "New Person", password: "a long enough password" });
    expect(orgId).toBe(org.orgId);
    const members = await listMembers(org.ownerCtx, { limit: 50 });
    expect(members.data.find((member) => member.userId === userId)).toMatchObject({ role: "operator", name: "New Person" });
    const { user } = await logIn({ email: "new.person@example.test", password: "a long enough password", ip: "10.0.0.1" });
    expect(user.id).toBe(userId);
  });

  it("works only once", async () => {
    const { token } = await createInvitation(org.ownerCtx, { email: "once@example.test", role: "viewer" });
    await acceptInvitation({ token, name: "Once", password: "a long enough password" });
    await expect(acceptInvitation({ token, name: "Twice", password: "a long enough password" })).rejects.toBeInstanceOf(NotFound);
  });

  it("cannot be used after it is revoked", async () => {
    const { invitation, token } = await createInvitation(org.ownerCtx, { email: "revoked@example.test", role: "viewer" });
    await revokeInvitation(org.ownerCtx, invitation.id);
    await expect(findOpenInvitationByToken(token)).rejects.toBeInstanceOf(NotFound);
    expect((await listPendingInvitations(org.ownerCtx, { limit: 50 })).data.map((row) => row.id)).not.toContain(invitation.id);
  });

  it("adds an existing account to a second org only when that person is signed in", async () => {
    const other = await createTestOrg("Second Org");
    const { token } = await createInvitation(other.ownerCtx, { email: org.ownerEmail, role: "admin" });
    await expect(acceptInvitation({ token })).rejects.toBeInstanceOf(Forbidden);
    await acceptInvitation({ token, signedInUserId: org.ownerUserId });
    const orgs = await listUserOrganizations(org.ownerUserId);
    expect(orgs.map((entry) => [entry.id, entry.role]).sort()).toEqual(
      [
        [org.orgId, "owner"],
        [other.orgId, "admin"],
      ].sort(),
    );
  });

  it("requires a password of at least 10 characters for a new account", async () => {
    const { token } = await createInvitation(org.ownerCtx, { email: "short@example.test", role: "viewer" });
    await expect(acceptInvitation({ token, name: "Short", password: "short" })).rejects.toBeInstanceOf(ValidationFailed);
  });

  it("refuses to invite someone who is already a member", async () => {
    await expect(createInvitation(org.ownerCtx, { email: org.ownerEmail, role: "viewer" })).rejects.toBeInstanceOf(Conflict);
  });

  it("refuses to let an admin hand out the owner role", async () => {
    const adminCtx = { ...org.ownerCtx, actor: { ...org.ownerCtx.actor, role: "admin" as const } };
    await expect(createInvitation(adminCtx, { email: "boss@example.test", role: "owner" })).rejects.toBeInstanceOf(Forbidden);
    await expect(createApiKey(adminCtx, { name: "boss", role: "owner" })).rejects.toBeInstanceOf(Forbidden);
  });
});

describe("members", () => {
  it("never leaves an org without an owner", async () => {
    const solo = await createTestOrg("Solo");
    const [owner] = (await listMembers(solo.ownerCtx, { limit: 10 })).data;
    await expect(changeMemberRole(solo.ownerCtx, owner!.id, "admin")).rejects.toBeInstanceOf(Conflict);
    await expect(removeMember(solo.ownerCtx, owner!.id)).rejects.toBeInstanceOf(Conflict);
  });

  it("changes roles and removes members, recording both", async () => {
    const { token } = await createInvitation(org.ownerCtx, { email: "temp@example.test", role: "viewer" });
    const { userId } = await acceptInvitation({ token, name: "Temp", password: "a long enough password" });
    const member = (await listMembers(org.ownerCtx, { limit: 50 })).data.find((row) => row.userId === userId)!;
    expect((await changeMemberRole(org.ownerCtx, member.id, "admin")).role).toBe("admin");
    await removeMember(org.ownerCtx, member.id);
    expect((await listMembers(org.ownerCtx, { limit: 50 })).data.map((row) => row.userId)).not.toContain(userId);
  });
});

describe("login", () => {
  it("accepts the right password and rejects a wrong one", async () => {
    await expect(logIn({ email: org.ownerEmail, password: TEST_PASSWORD, ip: "10.0.0.2" })).resolves.toMatchObject({
      user: { id: org.ownerUserId },
    });
    await expect(logIn({ email: org.ownerEmail, password: "wrong password!", ip: "10.0.0.2" })).rejects.toMatchObject({
      status: 401,
    });
  });

  it("locks an account after 5 failures and says when to retry", async () => {
    const target = await createTestOrg("Locked");
    for (let i = 0; i < 5; i++) {
      await expect(logIn({ email: target.ownerEmail, password: "guess " + i, ip: `10.1.0.${i}` })).rejects.toMatchObject({ status: 401 });
    }
    const locked = await logIn({ email: target.ownerEmail, password: TEST_PASSWORD, ip: "10.1.1.1" }).catch((error: unknown) => error);
    expect(locked).toMatchObject({ status: 429 });
    expect((locked as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(800);
    expect((locked as { headers: Record<string, string> }).headers["Retry-After"]).toMatch(/^\d+$/);
  });

  it("limits one IP spraying many accounts", async () => {
    for (let i = 0; i < 30; i++) {
      await logIn({ email: `nobody-${i}@example.test`, password: "x".repeat(12), ip: "10.9.9.9" }).catch(() => undefined);
    }
    await expect(logIn({ email: org.ownerEmail, password: TEST_PASSWORD, ip: "10.9.9.9" })).rejects.toMatchObject({ status: 429 });
    await expect(logIn({ email: org.ownerEmail, password: TEST_PASSWORD, ip: "10.9.9.10" })).resolves.toBeDefined();
  });
});
