import type { Organization } from "~/modules/tenancy/index.server";
import { encodeCursor } from "~/http/cursor";

/** Resource shapes shared by several routes. Each has id, object and createdAt. */
export function serializeOrganization(organization: Organization) {
  return {
    id: organization.id,
    object: "organization" as const,
    name: organization.name,
    createdAt: organization.createdAt.toISOString(),
  };
}

export function listResponse<T, R>(page: { data: T[]; nextCursor: string | null }, serialize: (item: T) => R) {
  return {
    object: "list" as const,
    data: page.data.map(serialize),
    hasMore: page.nextCursor !== null,
    nextCursor: encodeCursor(page.nextCursor),
  };
}
