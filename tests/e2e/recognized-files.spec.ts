import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { baseUrl, createOrg, expectAccessible, freshPage, screenshot, signIn, type E2eOrg } from "./support/app";

/**
 * A PayPal STL report (rows of different widths, which the generic CSV
 * profiler fails) is recognized at upload, shown as "Recognized: …" in the
 * list and on its page, previewed as the adapter's records, and can be read
 * as a plain table instead, or recognized again, from the page's select.
 */
const STL = { name: "STL-20260302.01.009.CSV", mimeType: "text/csv", buffer: readFileSync(path.resolve("tests/fixtures/adapters/STL-20260302.01.009.CSV")) };
const RECOGNIZED = "Recognized: PayPal Settlement report (STL)";

let org: E2eOrg;
let page: Page;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  org = createOrg("Recognized Formats Ltd", "owner@recognized.test");
  page = await freshPage(browser);
  await signIn(page, org.email, org.password);
});

test("an uploaded STL report is listed as ready and recognized", async () => {
  await page.goto(`${baseUrl()}/files`);
  await page.getByLabel("Choose files to upload").setInputFiles([STL]);
  const row = page.getByRole("table", { name: "Files, newest first" }).getByRole("row").filter({ has: page.getByRole("link", { name: STL.name, exact: true }) });
  await expect(row).toContainText("Ready", { timeout: 30_000 });
  await expect(row).toContainText(RECOGNIZED);
});

test("its page shows the badge and previews the adapter's records with their lines", async () => {
  await page.getByRole("table", { name: "Files, newest first" }).getByRole("link", { name: STL.name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: STL.name })).toBeVisible();
  await expect(page.getByText(RECOGNIZED)).toBeVisible();
  const preview = page.getByRole("table", { name: "First rows, raw and normalized, with their line numbers" });
  await expect(preview.getByRole("columnheader", { name: "@amount" })).toBeVisible();
  // The first SB (transaction) row of the fixture is its fifth line: the records, not the RH/FH/SH/CH header rows.
  await expect(preview.getByRole("row").nth(1).getByRole("cell").first()).toHaveText("5");
  await expect(page.getByLabel("Read this file as")).toHaveValue("auto");
  await screenshot(page, "file-recognized");
  await expectAccessible(page);
});

test("choosing a plain table re-profiles it, and the generic profiler fails the report; recognition brings it back", async () => {
  await page.getByLabel("Read this file as").selectOption("plain");
  await page.getByRole("button", { name: "Read again" }).click();
  await expect(page.getByText("Plain table (chosen)")).toBeVisible();
  await expect(page.getByText("Failed", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("heading", { name: "Why the file failed" })).toBeVisible();

  await page.getByLabel("Read this file as").selectOption("auto");
  await page.getByRole("button", { name: "Read again" }).click();
  await expect(page.getByText(RECOGNIZED)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("Ready", { exact: true })).toBeVisible({ timeout: 30_000 });
});
