import { describe, expect, it } from "vitest";
import { canGrantRole, PERMISSIONS, roleAllows, ROLES, type Permission } from "~/core/access/permissions";

describe("the role matrix", () => {
  const expected: Record<Permission, string[]> = {
    "org:read": ["viewer", "operator", "admin", "owner"],
    "runs:execute": ["operator", "admin", "owner"],
    "exceptions:triage": ["operator", "admin", "owner"],
    "config:write": ["admin", "owner"],
    "apiKeys:manage": ["admin", "owner"],
    "audit:read": ["admin", "owner"],
    "members:manage": ["owner"],
    "org:settings": ["owner"],
  };

  for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
    it(`grants ${permission} to exactly ${expected[permission].join(", ")}`, () => {
      expect(ROLES.filter((role) => roleAllows(role, permission))).toEqual(expected[permission]);
    });
  }

  it("lets a role grant only roles up to its own", () => {
    expect(canGrantRole("admin", "owner")).toBe(false);
    expect(canGrantRole("admin", "admin")).toBe(true);
    expect(canGrantRole("owner", "owner")).toBe(true);
    expect(canGrantRole("viewer", "operator")).toBe(false);
  });
});
