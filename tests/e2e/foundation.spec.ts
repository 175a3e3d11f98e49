import { expect, test, type Page } from "@playwright/test";

/**
 * The first-run journey of a new finance-ops team, in a real browser against
 * the real app: set up the org, sign out and in, create an API key that is
 * shown once and works against the API, and sign out.
 */
const owner = { org: "Northwind Finance", name: "Dana Owner", email: "dana@northwind.test", password: "a strong passphrase" };
const baseUrl = () => process.env.E2E_BASE_URL!;

test.describe.configure({ mode: "serial" });

async function signIn(page: Page, password = owner.password) {
  await page.goto(`${baseUrl()}/login`);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a fresh install sends the first visitor to setup, which creates the org and signs them in", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) violations.push(message.text());
  });

  await page.goto(`${baseUrl()}/`);
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: /Set up Reconstream/ })).toBeVisible();
  await page.getByLabel("Organization name").fill(owner.org);
  await page.getByLabel("Your name").fill(owner.name);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Create organization" }).click();

  await expect(page).toHaveURL(`${baseUrl()}/`);
  await expect(page.getByRole("navigation").getByRole("link", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Switch organization" })).toContainText(owner.org);
  expect(violations).toEqual([]);
});

test("setup is not offered again once a user exists", async ({ page }) => {
  await page.goto(`${baseUrl()}/setup`);
  await expect(page).toHaveURL(/\/login/);
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await signIn(page, "not the password");
  await expect(page.getByText("Email or password is incorrect")).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test("an owner signs in, creates an API key that is shown once and works, then signs out", async ({ page, request }) => {
  await signIn(page);
  await expect(page).toHaveURL(`${baseUrl()}/`);

  await page.goto(`${baseUrl()}/settings/api-keys`);
  await page.getByLabel("Key name").fill("Nightly import");
  await page.getByLabel("Role").selectOption("operator");
  await page.getByRole("button", { name: "Create API key" }).click();

  await expect(page.getByText("You will not be able to see it again")).toBeVisible();
  const secret = await page.getByRole("textbox", { name: "Your new API key" }).inputValue();
  expect(secret).toMatch(/^rsk_[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole("cell", { name: "Nightly import", exact: true })).toBeVisible();

  const me = await request.get(`${baseUrl()}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ role: "operator", organization: { name: owner.org } });

  // Shown once: a reload shows the key in the list, but never its secret again.
  await page.reload();
  await expect(page.getByRole("cell", { name: "Nightly import", exact: true })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Your new API key" })).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login/);

  // The session is gone server-side too: the app sends us back to sign in.
  await page.goto(`${baseUrl()}/settings/api-keys`);
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fsettings%2Fapi-keys/);
});

test("the API reference renders the OpenAPI document from this origin", async ({ page }) => {
  const external: string[] = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(baseUrl()) && !request.url().startsWith("data:")) external.push(request.url());
  });
  await page.goto(`${baseUrl()}/docs/api`);
  await expect(page.getByText("Reconstream API").first()).toBeVisible();
  await expect(page.getByText("/api/v1/api-keys").first()).toBeVisible();
  expect(external).toEqual([]);
});
