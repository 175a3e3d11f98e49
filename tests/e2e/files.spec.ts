import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { baseUrl, createOrg, expectAccessible, freshPage, joinAs, screenshot, signIn, type E2eOrg } from "./support/app";

/**
 * Files in the browser: uploads with a real byte progress bar and cancel,
 * the live list, the detected schema with its evidence, the preview, and an
 * override that re-profiles the file. Roles and tenancy hold in the UI too.
 */
const SAMPLES = path.resolve("plugins/ecommerce-payouts/samples");
const sample = (name: string) => ({ name, mimeType: "text/csv", buffer: readFileSync(path.join(SAMPLES, name)) });

let org: E2eOrg;
let page: Page;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  org = createOrg("Files Ltd", "owner@files.test");
  page = await freshPage(browser);
  await signIn(page, org.email, org.password);
});

test("uploads three files with the progress bar reaching 100% and lists them until they are ready", async () => {
  await page.goto(`${baseUrl()}/files`);
  await expect(page.getByRole("heading", { name: "No files yet" })).toBeVisible();
  await page.getByLabel("Tags").fill("march, e2e");
  await page.getByLabel("Choose files to upload").setInputFiles([sample("bank_statement.csv"), sample("stripe_payouts.csv"), sample("shopify_orders.csv")]);

  for (const name of ["bank_statement.csv", "stripe_payouts.csv", "shopify_orders.csv"]) {
    const bar = page.getByRole("progressbar", { name: `Upload of ${name}` });
    await expect(bar).toHaveAttribute("aria-valuenow", "100");
    await expect(page.getByRole("listitem").filter({ has: bar })).toContainText("Uploaded");
  }

  const table = page.getByRole("table", { name: "Files, newest first" });
  for (const name of ["bank_statement.csv", "stripe_payouts.csv", "shopify_orders.csv"]) {
    const row = table.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
    // The list refreshes itself while files are processing.
    await expect(row).toContainText("Ready", { timeout: 30_000 });
    await expect(row).toContainText("march");
    const sha = createSha(sample(name).buffer);
    await expect(row).toContainText(`${sha.slice(0, 12)}…`);
  }
  await screenshot(page, "files-list");
  await expectAccessible(page);
});

test("a second upload of the same bytes is flagged as a duplicate", async () => {
  await page.getByLabel("Choose files to upload").setInputFiles([sample("bank_statement.csv")]);
  await expect(page.getByText(/Same bytes \(sha256\) as file/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Duplicate of an earlier file" })).toBeVisible();
});

test("cancelling an upload mid-way stops it and keeps nothing", async () => {
  await page.goto(`${baseUrl()}/files`);
  // Throttle the upload so there is time to see progress and cancel it.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 256 * 1024 });
  const big = Buffer.alloc(16 * 1024 * 1024, "id,amount\n1,10.00\n");
  await page.getByLabel("Choose files to upload").setInputFiles([{ name: "big-export.csv", mimeType: "text/csv", buffer: big }]);

  const bar = page.getByRole("progressbar", { name: "Upload of big-export.csv" });
  await expect.poll(async () => Number(await bar.getAttribute("aria-valuenow")), { timeout: 30_000 }).toBeGreaterThan(0);
  expect(Number(await bar.getAttribute("aria-valuenow"))).toBeLessThan(100);
  await page.getByRole("button", { name: "Cancel upload of big-export.csv" }).click();
  await expect(page.getByRole("listitem").filter({ has: bar })).toContainText("Cancelled; nothing was kept");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  await page.reload();
  await expect(page.getByRole("link", { name: "bank_statement.csv" }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "big-export.csv" })).toHaveCount(0);
  const listed = (await (await fetch(`${baseUrl()}/api/v1/files?q=big-export`, { headers: { Authorization: `Bearer ${org.apiKey}` } })).json()) as { data: unknown[] };
  expect(listed.data).toEqual([]);
});

test("the detail page shows the detected schema with evidence, the preview with line numbers, and the download's sha256", async () => {
  await page.goto(`${baseUrl()}/files`);
  await page.getByRole("link", { name: "stripe_payouts.csv", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "stripe_payouts.csv" })).toBeVisible();

  const schema = page.getByRole("table", { name: "Columns and the evidence for their types" });
  const amountRow = schema.getByRole("row").filter({ has: page.getByRole("cell", { name: "Amount", exact: true }) });
  await expect(amountRow.getByText("amount", { exact: true })).toBeVisible();
  await expect(amountRow).toContainText(/decimal “\.”/);
  await expect(page.getByText("Encoding:")).toBeVisible();
  // A Stripe payouts export is recognized and read through its adapter: its columns are the adapter's records.
  await expect(page.getByText("Recognized: Stripe payouts export")).toBeVisible();

  const preview = page.getByRole("table", { name: "First rows, raw and normalized, with their line numbers" });
  await expect(preview.getByRole("row")).toHaveCount(21);
  await expect(preview.getByRole("row").nth(1).getByRole("cell").first()).toHaveText("2");

  await expect(page.getByRole("textbox", { name: "sha256 of the original" })).toHaveValue(createSha(sample("stripe_payouts.csv").buffer));
  const href = await page.getByRole("link", { name: "Download original" }).getAttribute("href");
  const download = await page.request.get(`${baseUrl()}${href}`);
  expect(download.status()).toBe(200);
  expect(createSha(await download.body())).toBe(createSha(sample("stripe_payouts.csv").buffer));
  await screenshot(page, "file-detail");
  await expectAccessible(page);
});

test("overriding a column's type re-profiles the file and shows the new type", async () => {
  await page.getByLabel("Column", { exact: true }).selectOption("Amount");
  await page.getByLabel("Type", { exact: true }).selectOption("string");
  await page.getByRole("button", { name: "Apply and re-profile" }).click();
  await expect(page.getByText("Column “Amount” is now read as string")).toBeVisible();

  const schema = page.getByRole("table", { name: "Columns and the evidence for their types" });
  const amountRow = schema.getByRole("row").filter({ has: page.getByRole("cell", { name: "Amount", exact: true }) });
  // The page follows the re-profiling by itself.
  await expect(amountRow.getByText("string", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(amountRow.getByText("override", { exact: true })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Ready" }).first()).toBeVisible();
  await screenshot(page, "file-override");
});

test("a viewer sees files but no upload or delete controls", async ({ browser }) => {
  const viewer = await joinAs(browser, page, "viewer", "viewer@files.test");
  await viewer.goto(`${baseUrl()}/files`);
  await expect(viewer.getByRole("link", { name: "stripe_payouts.csv", exact: true })).toBeVisible();
  await expect(viewer.getByLabel("Choose files to upload")).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /Upload files/ })).toHaveCount(0);
  await viewer.getByRole("link", { name: "stripe_payouts.csv", exact: true }).click();
  await expect(viewer.getByRole("heading", { level: 1, name: "stripe_payouts.csv" })).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Delete file" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Apply and re-profile" })).toHaveCount(0);
  await expectAccessible(viewer);
});

test("another org's file id gives the 404 page", async () => {
  const other = createOrg("Other Files Co", "owner@otherfiles.test");
  const form = new FormData();
  form.append("file", new Blob(["id,amount\n1,2.00\n"], { type: "text/csv" }), "secret.csv");
  const uploaded = await fetch(`${baseUrl()}/api/v1/files`, { method: "POST", headers: { Authorization: `Bearer ${other.apiKey}` }, body: form });
  expect(uploaded.status).toBe(201);
  const { id } = (await uploaded.json()) as { id: string };

  const response = await page.goto(`${baseUrl()}/files/${id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByText("secret.csv")).toHaveCount(0);
  await screenshot(page, "file-404");
});

test("an admin deletes a file from its page", async () => {
  await page.goto(`${baseUrl()}/files`);
  await page.getByRole("link", { name: "shopify_orders.csv", exact: true }).click();
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Delete file" }).click();
  await expect(page).toHaveURL(`${baseUrl()}/files`);
  await expect(page.getByRole("link", { name: "shopify_orders.csv", exact: true })).toHaveCount(0);
});

function createSha(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}
