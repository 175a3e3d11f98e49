import { redirect } from "@remix-run/node";
import type { OrgContext } from "~/core/access/actor";
import { isRole, type Role } from "~/core/access/permissions";
import { isSetupRequired, listUserOrganizations, publicUser, resolveSession, validTimeZone } from "~/modules/tenancy/index.server";
import { readSessionToken } from "./session-cookie.server";

/**
 * For UI loaders and actions: the signed-in user in their current org, or a
 * redirect to /setup (no users yet) or /login (with a way back).
 */
export interface SessionUser {
  token: string;
  /** timeZone: the zone pages render times in (UTC until the user has one). */
  user: { id: string; email: string; name: string; timeZone: string };
  org: { id: string; name: string };
  role: Role;
  orgs: Array<{ id: string; name: string; role: Role }>;
  ctx: OrgContext;
}

export async function getOptionalSessionUser(request: Request, requestId?: string): Promise<SessionUser | undefined> {
  const token = await readSessionToken(request);
  if (!token) return undefined;
  const resolved = await resolveSession(token);
  if (!resolved) return undefined;
  const orgs = (await listUserOrganizations(resolved.user.id)).filter((org) => isRole(org.role)) as SessionUser["orgs"];
  // A session whose org was left (or removed) falls back to the user's first org.
  const current = orgs.find((org) => org.id === resolved.session.orgId) ?? orgs[0];
  if (!current) return undefined;
  return {
    token,
    user: { ...publicUser(resolved.user), timeZone: validTimeZone(resolved.user.timeZone) ?? "UTC" },
    org: { id: current.id, name: current.name },
    role: current.role,
    orgs,
    ctx: {
      orgId: current.id,
      actor: { type: "user", id: resolved.user.id, label: resolved.user.email, role: current.role },
      requestId,
    },
  };
}

export async function requireSessionUser(request: Request, requestId?: string): Promise<SessionUser> {
  const sessionUser = await getOptionalSessionUser(request, requestId);
  if (sessionUser) return sessionUser;
  if (await isSetupRequired()) throw redirect("/setup");
  const url = new URL(request.url);
  const redirectTo = url.pathname + url.search;
  throw redirect(redirectTo === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(redirectTo)}`);
}

/** Only same-site relative paths, so a login link cannot bounce users elsewhere. */
export function safeRedirectPath(value: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}
