import type { OrgContext } from "~/core/access";
import { isRole } from "~/core/access";
import { Unauthenticated } from "~/core/errors/domain-errors";
import { authenticateApiKey } from "~/modules/tenancy/index.server";
import { resolveSession } from "~/modules/tenancy/index.server";
import { listUserOrganizations } from "~/modules/tenancy/index.server";
import { readSessionToken } from "./session-cookie.server";

/**
 * Who is calling /api/v1: a Bearer API key, or else the browser session.
 * A present-but-bad Authorization header is a 401 even if a cookie is also
 * sent, so a client never silently runs as someone else.
 */
export async function authenticateApiRequest(
  request: Request,
  requestId: string,
): Promise<OrgContext & { via: "api_key" | "session" }> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const found = match ? await authenticateApiKey(match[1]!) : undefined;
    if (!found) throw new Unauthenticated("The API key is missing, malformed, unknown or revoked");
    return { ...found, requestId, via: "api_key" };
  }
  const token = await readSessionToken(request);
  const resolved = token ? await resolveSession(token) : undefined;
  if (!resolved || !resolved.session.orgId) throw new Unauthenticated();
  const orgs = await listUserOrganizations(resolved.user.id);
  const membership = orgs.find((org) => org.id === resolved.session.orgId);
  if (!membership || !isRole(membership.role)) throw new Unauthenticated("Your session has no organization; sign in again");
  return {
    orgId: membership.id,
    actor: { type: "user", id: resolved.user.id, label: resolved.user.email, role: membership.role },
    requestId,
    via: "session",
  };
}
