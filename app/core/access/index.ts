export { systemActor } from "./actor";
export type { Actor, OrgContext } from "./actor";
export { PERMISSIONS, ROLES, canGrantRole, isRole, roleAllows } from "./permissions";
export type { Permission, Role } from "./permissions";
