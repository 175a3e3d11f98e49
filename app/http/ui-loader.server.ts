import type { Permission, Role } from "~/core/access";
import { roleAllows } from "~/core/access";
import { NotFound } from "~/core/errors/domain-errors";

/**
 * For UI loaders and actions: an object missing from the org (or another
 * org's id) renders the app's 404 page, exactly as an unknown URL does, so a
 * page never confirms that someone else's id exists.
 */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof NotFound) throw new Response("Not found", { status: 404 });
    throw error;
  }
}

export function requireRole(role: Role, permission: Permission): void {
  if (!roleAllows(role, permission)) throw new Response("Forbidden", { status: 403 });
}
