import { redirect } from "@remix-run/node";
import type { ActionFunctionArgs } from "@remix-run/node";
import { safeRedirectPath } from "~/http/session-user.server";
import { assertSameOrigin } from "~/http/same-origin.server";
import { clearSessionCookie, readSessionToken } from "~/http/session-cookie.server";
import { destroySession } from "~/modules/tenancy/index.server";

/** Signing out is a POST only; a stray GET (link, prefetch) just goes home. */
export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  try {
    assertSameOrigin(request);
  } catch {
    throw new Response("Forbidden", { status: 403 });
  }
  const token = await readSessionToken(request);
  if (token) await destroySession(token);

  // Optional way back, e.g. the invitation page asking to sign in as someone else.
  const formData = await request.formData().catch(() => undefined);
  const redirectTo = safeRedirectPath(formData?.get("redirectTo"));
  const target = redirectTo === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(redirectTo)}`;
  return redirect(target, { headers: { "Set-Cookie": await clearSessionCookie() } });
}
