export { PERMISSIONS, ROLES, canGrantRole, isRole, roleAllows } from "./auth/permissions";
export type { Permission, Role } from "./auth/permissions";
