/**
 * The role matrix, in one place. Routes name the permission they need;
 * nothing else compares roles. Shared with the browser so the UI can hide
 * what a role cannot do (the server still enforces it).
 */
export const ROLES = ["viewer", "operator", "admin", "owner"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2, owner: 3 };

/** Each permission names the lowest role that holds it. */
export const PERMISSIONS = {
  /** Read anything in the org. */
  "org:read": "viewer",
  /** Start and cancel runs, upload files. */
  "runs:execute": "operator",
  /** Work exceptions: assign, comment, resolve. */
  "exceptions:triage": "operator",
  /** Rule sets, streams, triggers, data sources, templates. */
  "config:write": "admin",
  "apiKeys:manage": "admin",
  "audit:read": "admin",
  /** Invite, change roles, remove members; org-wide settings. */
  "members:manage": "owner",
  "org:settings": "owner",
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof PERMISSIONS;

export function roleAllows(role: Role, permission: Permission): boolean {
  return RANK[role] >= RANK[PERMISSIONS[permission]];
}

/** An actor may hand out at most its own role (an admin cannot mint owner keys). */
export function canGrantRole(granterRole: Role, grantedRole: Role): boolean {
  return RANK[granterRole] >= RANK[grantedRole];
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
