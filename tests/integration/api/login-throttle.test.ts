import { beforeAll, describe, expect, it } from "vitest";
import { LOGIN_LIMIT_PER_ACCOUNT } from "~/modules/tenancy/login.server";
import { startWebApp } from "../../support/web";
import { createTestOrg, TEST_PASSWORD } from "../../support/factories";

/**
 * Login throttling under concurrency. A 401 from /login means a password was
 * checked (a 429 means it was not), so counting 401s counts password checks.
 */
let baseUrl: string;

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
});

function attemptLogin(email: string, password: string): Promise<Response> {
  return fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password }),
  });
}

describe("login throttling", () => {
  it("checks at most the account's limit of passwords when 40 wrong ones arrive at once", async () => {
    const target = await createTestOrg("Concurrent Guess Co");
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, attempt) => attemptLogin(target.ownerEmail, `wrong-password-${attempt}`)),
    );
    const statuses = responses.map((response) => response.status);
    const checked = statuses.filter((status) => status === 401).length;
    const throttled = statuses.filter((status) => status === 429).length;
    expect({ checked, throttled }).toEqual({ checked: LOGIN_LIMIT_PER_ACCOUNT, throttled: 40 - LOGIN_LIMIT_PER_ACCOUNT });
  });

  it("lets the right password in after failures below the limit, and forgets them", async () => {
    const target = await createTestOrg("Typo Co");
    for (let attempt = 0; attempt < LOGIN_LIMIT_PER_ACCOUNT - 1; attempt++) {
      expect((await attemptLogin(target.ownerEmail, `typo-${attempt}-password`)).status).toBe(401);
    }
    expect((await attemptLogin(target.ownerEmail, TEST_PASSWORD)).status).toBe(302);
    const afterSuccess = [];
    for (let attempt = 0; attempt < LOGIN_LIMIT_PER_ACCOUNT; attempt++) {
      afterSuccess.push((await attemptLogin(target.ownerEmail, `again-${attempt}-password`)).status);
    }
    expect(afterSuccess).toEqual(Array(LOGIN_LIMIT_PER_ACCOUNT).fill(401));
  });
});
