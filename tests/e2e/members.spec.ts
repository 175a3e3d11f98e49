import { expect, test, type Browser, type Page } from "@playwright/test";

/**
 * Team onboarding in the browser: an owner invites a colleague (the link is
 * shown once, there is no mail server), the colleague joins through it, and a
 * person in two orgs switches between them.
 */
const baseUrl = () => process.env.E2E_BASE_URL!;
const owner = { email: "olivia@members.test", password: "owner passphrase", org: "Members Ltd" };
const colleague = { name: "Casey Analyst", email: "casey@members.test", password: "colleague passphrase" };

test.describe.configure({ mode: "serial" });

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

/** The CLI against the app's own database (embedded: it attaches to the running cluster). */
async function runCli(args: string[]): Promise<Record<string, string>> {
  const { execFileSync } = await import("node:child_process");
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR, LOG_LEVEL: "silent" };
  if (process.env.E2E_DATABASE_URL) env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  else delete env.DATABASE_URL;
  return JSON.parse(execFileSync(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { env }).toString());
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${baseUrl()}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${baseUrl()}/`);
}

test.beforeAll(async ({ request }) => {
  // foundation.spec.ts creates the first org through /setup; this one comes from the CLI.
  await runCli(["org:create", "--name", owner.org, "--admin-email", owner.email, "--password", owner.password]);
  expect((await request.get(`${baseUrl()}/api/v1/health`)).status()).toBe(200);
});

test("an owner invites a colleague, who joins through the link with the invited role", async ({ browser }) => {
  const ownerPage = await freshPage(browser);
  await signIn(ownerPage, owner.email, owner.password);
  await ownerPage.goto(`${baseUrl()}/settings/members`);
  await ownerPage.getByLabel("Email").fill(colleague.email);
  await ownerPage.getByRole("combobox", { name: "Role", exact: true }).selectOption("operator");
  await ownerPage.getByRole("button", { name: "Invite member" }).click();
  const link = await ownerPage.getByRole("textbox", { name: "Invitation link" }).inputValue();
  expect(link).toMatch(new RegExp(`^${baseUrl()}/invite/[A-Za-z0-9_-]{43}$`));
  await expect(ownerPage.getByRole("button", { name: `Revoke invitation for ${colleague.email}` })).toBeVisible();

  const colleaguePage = await freshPage(browser);
  await colleaguePage.goto(link);
  await colleaguePage.getByLabel("Your name").fill(colleague.name);
  await colleaguePage.getByLabel("Password").fill(colleague.password);
  await colleaguePage.getByRole("button", { name: `Join ${owner.org}` }).click();
  await expect(colleaguePage).toHaveURL(`${baseUrl()}/`);
  await expect(colleaguePage.getByRole("button", { name: "Switch organization" })).toContainText(owner.org);

  // Used links stop working.
  const reuse = await freshPage(browser);
  await reuse.goto(link);
  await expect(reuse.getByText("This invitation link is invalid, used, revoked or expired.")).toBeVisible();

  await ownerPage.reload();
  await expect(ownerPage.getByRole("combobox", { name: `Role for ${colleague.name}` })).toHaveValue("operator");
});

test("an operator cannot open the API key settings", async ({ browser }) => {
  const page = await freshPage(browser);
  await signIn(page, colleague.email, colleague.password);
  await page.goto(`${baseUrl()}/settings`);
  await expect(page.getByRole("link", { name: "API keys" })).toHaveCount(0);
  const response = await page.goto(`${baseUrl()}/settings/api-keys`);
  expect(response?.status()).toBe(403);
});

test("a person in two orgs switches between them", async ({ browser }) => {
  // The owner becomes owner of a second org too (org:create reuses an existing account by email).
  const page = await freshPage(browser);
  await signIn(page, owner.email, owner.password);
  const secondOrg = "Second Books";
  const created = await runCli(["org:create", "--name", secondOrg, "--admin-email", owner.email]);
  expect(created.orgId).toMatch(/^org_/);

  await page.reload();
  const switcher = page.getByRole("button", { name: "Switch organization" });
  await expect(switcher).toContainText(owner.org);
  await switcher.click();
  await page.getByRole("menuitemradio", { name: new RegExp(secondOrg) }).click();
  await expect(page.getByRole("button", { name: "Switch organization" })).toContainText(secondOrg);

  // The API, called with the session, follows the switch.
  const me = await page.request.get(`${baseUrl()}/api/v1/me`);
  expect((await me.json()).organization.id).toBe(created.orgId);
});
