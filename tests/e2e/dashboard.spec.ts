import { expect, test } from "@playwright/test";
import { baseUrl, createOrg, expectAccessible, freshPage, joinAs, screenshot, signIn, type E2eOrg } from "./support/app";

/**
 * The dashboard of a new org: the getting-started panel, "Load demo data"
 * (the e-commerce pack on its samples, run by the real worker), then the
 * charts, the amount at risk and the recent runs drawn from that run.
 */
let org: E2eOrg;

test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  org = createOrg("Dashboard Inc", "owner@dashboard.test");
});

test("an empty org sees getting started, loads the demo data and then sees its charts", async ({ browser }) => {
  const page = await freshPage(browser);
  await signIn(page, org.email, org.password);
  await expect(page.getByRole("heading", { name: "Getting started" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Getting started steps" }).getByRole("listitem")).toHaveCount(3);
  await screenshot(page, "dashboard-empty");
  await expectAccessible(page);

  await page.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByText("Demo data loaded")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("heading", { name: "Getting started" })).toHaveCount(0);

  for (const chart of ["Runs per day by outcome", "Auto-match rate over time", "Open exceptions by age and severity"]) {
    await expect(page.getByRole("figure", { name: chart }).locator("svg.recharts-surface").first()).toBeVisible();
  }
  const recent = page.getByRole("list", { name: "Recent runs" });
  await expect(recent.getByRole("link", { name: "Demo store payouts" })).toBeVisible();
  // The page follows the run until it ends; the worker runs all four steps.
  await expect(recent.getByText(/^(succeeded|partially succeeded|failed)$/)).toBeVisible({ timeout: 120_000 });
  await expect(recent.getByText("succeeded", { exact: true })).toBeVisible();

  await page.reload();
  await expect(page.getByRole("list", { name: "Amount at risk by currency" })).toContainText("$");
  await expect(page.getByRole("figure", { name: "Runs per day by outcome" }).locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByRole("figure", { name: "Auto-match rate over time" }).locator(".recharts-line-dot, .recharts-dot").first()).toBeVisible();
  await screenshot(page, "dashboard-with-demo");
  await expectAccessible(page);

  // The four sample files were uploaded as ordinary, tagged files.
  const files = (await (await fetch(`${baseUrl()}/api/v1/files?kind=upload&limit=10`, { headers: { Authorization: `Bearer ${org.apiKey}` } })).json()) as { data: Array<{ tags: string[] }> };
  expect(files.data.filter((file) => file.tags.includes("demo"))).toHaveLength(4);
});

test("a viewer sees the dashboard but cannot load demo data", async ({ browser }) => {
  const other = createOrg("Viewer Dash Co", "owner@viewerdash.test");
  const owner = await freshPage(browser);
  await signIn(owner, other.email, other.password);
  const viewer = await joinAs(browser, owner, "viewer", "viewer@viewerdash.test");
  await expect(viewer.getByRole("heading", { name: "Getting started" })).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Load demo data" })).toHaveCount(0);
  await expect(viewer.getByText("An admin of this organization can load the demo data.")).toBeVisible();
});

test("the audit log filters by action, shows the demo's events and verifies the chain", async ({ browser }) => {
  const page = await freshPage(browser);
  await signIn(page, org.email, org.password);
  await page.goto(`${baseUrl()}/settings/audit`);
  await page.getByLabel("Action starts with").fill("file.");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/actionPrefix=file\./);
  const table = page.getByRole("table", { name: "Audit events, newest first" });
  await expect(table.getByText("file.uploaded", { exact: true })).toHaveCount(4);
  await expect(table.getByText("template.instantiated")).toHaveCount(0);

  await page.getByRole("button", { name: "Verify the chain" }).click();
  await expect(page.getByText("Chain intact")).toBeVisible();
  await expect(page.getByText(/All \d+ events verified/)).toBeVisible();
  await screenshot(page, "audit-log");
  await expectAccessible(page);
});

test("an admin changes the exception SLA days and they stick", async ({ browser }) => {
  const page = await freshPage(browser);
  await signIn(page, org.email, org.password);
  await page.goto(`${baseUrl()}/settings`);
  await page.getByRole("link", { name: "Exception SLA" }).click();
  await expect(page.getByLabel("Critical (days)")).toHaveValue("2");
  await page.getByLabel("Critical (days)").fill("1");
  await page.getByRole("button", { name: "Save SLA" }).click();
  await expect(page.getByText("SLA saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Critical (days)")).toHaveValue("1");
  await expectAccessible(page);
});
