import { eq } from "drizzle-orm";
import { burnPasswordCheck, verifyPassword } from "~/modules/tenancy/auth/password.server";
import { TooManyRequests, Unauthenticated } from "~/core/errors/domain-errors";
import { getDb } from "~/platform/db/client";
import { users } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { getLogger } from "~/platform/observability/logger.server";
import { recordAudit } from "~/modules/audit/index.server";
import { clearRateLimit, consumeRateLimit, refundRateLimit, type RateLimitRule } from "./rate-limit.server";
import { createSession } from "./sessions.server";
import { adoptBrowserTimeZone, findUserByEmail, listUserOrganizations, normalizeEmail } from "./users.server";

/**
 * Login throttling: per account (stops guessing one password) and per IP
 * (stops spraying many accounts). Every attempt is counted before its
 * password is checked (atomically, see rate-limit.server.ts), so N concurrent
 * guesses get at most `limit` checks; a success gives its count back, so in
 * effect only failures use up the limit.
 */
const WINDOW_SECONDS = 15 * 60;
export const LOGIN_LIMIT_PER_ACCOUNT = 5;
export const LOGIN_LIMIT_PER_IP = 30;

function loginRules(email: string, ip: string): RateLimitRule[] {
  return [
    { key: `login:account:${email}`, limit: LOGIN_LIMIT_PER_ACCOUNT, windowSeconds: WINDOW_SECONDS },
    { key: `login:ip:${ip}`, limit: LOGIN_LIMIT_PER_IP, windowSeconds: WINDOW_SECONDS },
  ];
}

export async function logIn(input: {
  email: string;
  password: string;
  ip: string;
  userAgent?: string | null;
  requestId?: string;
  /** The browser's zone: becomes the user's display zone the first time, and never overrides one they chose. */
  browserTimeZone?: string | null;
}) {
  const email = normalizeEmail(input.email);
  const rules = loginRules(email, input.ip);
  for (const rule of rules) {
    const state = await consumeRateLimit(rule);
    if (state.limited) {
      throw new TooManyRequests(
        `Too many failed sign-in attempts. Try again in ${Math.ceil(state.retryAfterSeconds / 60)} minute(s).`,
        state.retryAfterSeconds,
      );
    }
  }
  const user = await findUserByEmail(email);
  const valid = user?.passwordHash ? await verifyPassword(input.password, user.passwordHash) : (await burnPasswordCheck(input.password), false);
  if (!user || !valid) {
    getLogger().warn({ ip: input.ip, knownAccount: Boolean(user) }, "failed sign-in");
    throw new Unauthenticated("Email or password is incorrect");
  }
  await clearRateLimit(rules[0]!.key);
  await refundRateLimit(rules[1]!);
  const orgs = await listUserOrganizations(user.id);
  await getDb().update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
  await adoptBrowserTimeZone(user.id, input.browserTimeZone);
  const org = orgs[0];
  const { token } = await createSession({ userId: user.id, orgId: org?.id ?? null, ip: input.ip, userAgent: input.userAgent });
  if (org) {
    // Sign-ins are security events an auditor asks about, so they join the org's chain.
    await inOrgTransaction(org.id, (tx) =>
      recordAudit(
        tx,
        { orgId: org.id, actor: { type: "user", id: user.id, label: user.email, role: org.role }, requestId: input.requestId },
        { action: "session.created", resourceType: "user", resourceId: user.id, changes: { ip: input.ip } },
      ),
    );
  }
  return { token, user };
}
