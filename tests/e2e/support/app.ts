import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Browser, type Page } from "@playwright/test";

/** Shared by the UI specs: the app under test, orgs from the CLI, sign-in, invitations, axe and screenshots. */
export const baseUrl = () => process.env.E2E_BASE_URL!;

/** The CLI against the app's own database (embedded: it attaches to the running cluster). */
export function runCli(args: string[]): Record<string, string> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR, LOG_LEVEL: "silent" };
  if (process.env.E2E_DATABASE_URL) env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  else delete env.DATABASE_URL;
  return JSON.parse(execFileSync(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { env }).toString()) as Record<string, string>;
}

export interface E2eOrg {
  orgId: string;
  apiKey: string;
  email: string;
  password: string;
}

export function createOrg(name: string, email: string, password = "a long e2e passphrase"): E2eOrg {
  const created = runCli(["org:create", "--name", name, "--admin-email", email, "--password", password]);
  return { orgId: created.orgId!, apiKey: created.apiKey!, email, password };
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl()}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${baseUrl()}/`);
}

export async function freshPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** A member with `role`, invited by the owner on the members page and joined through the link, signed in on a fresh page. */
export async function joinAs(browser: Browser, ownerPage: Page, role: "viewer" | "operator" | "admin", email: string): Promise<Page> {
  await ownerPage.goto(`${baseUrl()}/settings/members`);
  await ownerPage.getByLabel("Email").fill(email);
  await ownerPage.getByRole("combobox", { name: "Role", exact: true }).selectOption(role);
  await ownerPage.getByRole("button", { name: "Invite member" }).click();
  const link = await ownerPage.getByRole("textbox", { name: "Invitation link" }).inputValue();
  const page = await freshPage(browser);
  await page.goto(link);
  await page.getByLabel("Your name").fill(`${role} person`);
  await page.getByLabel("Password").fill("member passphrase 123");
  await page.getByRole("button", { name: /^Join / }).click();
  await expect(page).toHaveURL(`${baseUrl()}/`);
  return page;
}

/** No serious or critical axe violations; the list names them when there are. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

/** The serious and critical axe violations on the page, one line each naming the elements. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync("test-results/screenshots", { recursive: true });
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}
