import { describe, expect, it } from "vitest";
import { findUserById, setUserTimeZone, validTimeZone } from "~/modules/tenancy/users.server";
import { logIn } from "~/modules/tenancy/login.server";
import { requestLocale } from "~/http/display.server";
import { getOptionalSessionUser } from "~/http/session-user.server";
import { commitSessionToken } from "~/http/session-cookie.server";
import { createTestOrg, TEST_PASSWORD } from "../../support/factories";

/** The display zone: adopted from the browser at the first sign-in, never over one the user chose, and what the session hands the pages. */
describe("user time zone", () => {
  it("adopts the browser's zone at sign-in, then keeps it against another browser", async () => {
    const org = await createTestOrg();
    expect((await findUserById(org.ownerUserId))!.timeZone).toBeNull();
    await logIn({ email: org.ownerEmail, password: TEST_PASSWORD, ip: "10.1.0.1", browserTimeZone: "Pacific/Auckland" });
    expect((await findUserById(org.ownerUserId))!.timeZone).toBe("Pacific/Auckland");
    await logIn({ email: org.ownerEmail, password: TEST_PASSWORD, ip: "10.1.0.1", browserTimeZone: "America/New_York" });
    expect((await findUserById(org.ownerUserId))!.timeZone).toBe("Pacific/Auckland");
  });

  it("ignores a zone the runtime does not know", async () => {
    const org = await createTestOrg();
    await logIn({ email: org.ownerEmail, password: TEST_PASSWORD, ip: "10.1.0.2", browserTimeZone: "Mars/Olympus_Mons" });
    expect((await findUserById(org.ownerUserId))!.timeZone).toBeNull();
    expect(validTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(validTimeZone("Europe/Berlin; drop table users")).toBeNull();
    expect(validTimeZone("")).toBeNull();
  });

  it("gives the pages the chosen zone through the session, UTC before there is one", async () => {
    const org = await createTestOrg();
    const { token } = await logIn({ email: org.ownerEmail, password: TEST_PASSWORD, ip: "10.1.0.3" });
    const request = async () => new Request("http://localhost/", { headers: { cookie: (await commitSessionToken(token)).split(";")[0]! } });
    expect((await getOptionalSessionUser(await request()))!.user.timeZone).toBe("UTC");
    await setUserTimeZone(org.ownerUserId, "Asia/Kolkata");
    expect((await getOptionalSessionUser(await request()))!.user.timeZone).toBe("Asia/Kolkata");
  });
});

describe("requestLocale", () => {
  const localeOf = (header?: string) => requestLocale(new Request("http://localhost/", { headers: header ? { "accept-language": header } : {} }));
  it("takes the first language the runtime formats, else British English", () => {
    expect(localeOf("de-DE,de;q=0.9,en;q=0.8")).toBe("de-DE");
    expect(localeOf("xx-YY, en-US;q=0.5")).toBe("en-US");
    expect(localeOf()).toBe("en-GB");
    expect(localeOf("*")).toBe("en-GB");
    expect(localeOf("<script>")).toBe("en-GB");
  });
});
