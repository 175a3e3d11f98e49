import { expect, test, type Page } from "@playwright/test";
import { baseUrl, createOrg, expectAccessible, freshPage, screenshot, signIn, type E2eOrg } from "./support/app";

/**
 * The exceptions grid on the demo data: filters in the URL, multi-select and
 * a bulk change, the detail drawer with both sides, and the export.
 */
let org: E2eOrg;
let page: Page;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  org = createOrg("Exceptions Co", "owner@exceptions.test");
  page = await freshPage(browser);
  await signIn(page, org.email, org.password);
  await page.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByText("Demo data loaded")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("list", { name: "Recent runs" }).getByText("succeeded", { exact: true })).toBeVisible({ timeout: 120_000 });
});

test("the grid lists open exceptions and keeps its filters in the URL", async () => {
  await page.goto(`${baseUrl()}/exceptions`);
  const grid = page.getByRole("grid", { name: "Exceptions" });
  await expect(grid.getByRole("row").nth(1)).toBeVisible();
  await page.getByRole("combobox", { name: "Severity" }).selectOption("critical,high");
  await expect(page).toHaveURL(/severity=critical%2Chigh/);
  await expect(grid.getByRole("row").nth(1)).toBeVisible();
  const severities = await grid.getByRole("row").locator("[role=gridcell]:nth-child(2)").allTextContents();
  expect(severities.length).toBeGreaterThan(0);
  expect(severities.every((text) => text === "high" || text === "critical")).toBe(true);

  // The same link shows the same view.
  const url = page.url();
  const other = await freshPage(page.context().browser()!);
  await signIn(other, org.email, org.password);
  await other.goto(url);
  await expect(other.getByRole("combobox", { name: "Severity" })).toHaveValue("critical,high");
  await screenshot(page, "exceptions-grid");
  await expectAccessible(page);
});

test("selecting rows and assigning them to me changes all of them", async () => {
  const grid = page.getByRole("grid", { name: "Exceptions" });
  for (const index of [1, 2, 3]) await grid.getByRole("row").nth(index).getByRole("checkbox").check();
  await expect(page.getByText("3 selected")).toBeVisible();
  await page.getByLabel("Bulk action").selectOption("assignToMe");
  await page.getByRole("button", { name: "Apply to 3" }).click();
  await expect(page.getByText("3 exceptions updated.")).toBeVisible();
  await expect(grid.getByRole("gridcell", { name: "me", exact: true })).toHaveCount(3);
});

test("a row opens the drawer with both sides and where they came from", async () => {
  const grid = page.getByRole("grid", { name: "Exceptions" });
  await grid.getByRole("row").nth(1).getByRole("gridcell").nth(3).click();
  const drawer = page.getByRole("dialog");
  await expect(drawer.getByRole("heading", { name: "Source and target, side by side" })).toBeVisible();
  await expect(drawer.getByRole("table", { name: /Fields of both sides/ }).getByRole("row").nth(1)).toBeVisible();
  await expect(drawer.getByRole("heading", { name: "Closest rule" })).toBeVisible();
  await expect(drawer.getByText(/line \d+/).first()).toBeVisible();
  await screenshot(page, "exceptions-drawer");
  await expectAccessible(page);
  await page.keyboard.press("Escape");
  await expect(drawer).toHaveCount(0);
});

test("the export link downloads the filtered view as CSV", async () => {
  const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
  expect(href).toContain("severity=critical%2Chigh");
  const response = await page.request.get(`${baseUrl()}${href}`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/csv");
  const lines = (await response.text()).trim().split("\n");
  expect(lines.length).toBeGreaterThan(1);
});
