import { createCookie } from "@remix-run/node";
import { getEnv } from "~/platform/env.server";
import { singleton } from "~/platform/db/singleton";

/**
 * The session cookie holds a random token, signed with SESSION_SECRET so a
 * tampered cookie is rejected before any database lookup. httpOnly keeps it
 * from scripts; SameSite=Lax plus the Origin check stops cross-site posts.
 */
function sessionCookie() {
  return singleton("sessionCookie", () => {
    const env = getEnv();
    return createCookie("rs_session", {
      httpOnly: true,
      sameSite: "lax",
      secure: env.SECURE_COOKIES === "1",
      path: "/",
      secrets: [env.SESSION_SECRET],
      maxAge: 14 * 24 * 60 * 60,
    });
  });
}

export async function readSessionToken(request: Request): Promise<string | undefined> {
  const value: unknown = await sessionCookie().parse(request.headers.get("cookie"));
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

export function commitSessionToken(token: string): Promise<string> {
  return sessionCookie().serialize(token);
}

export function clearSessionCookie(): Promise<string> {
  return sessionCookie().serialize("", { maxAge: 0, expires: new Date(0) });
}
