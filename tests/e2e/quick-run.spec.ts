import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { baseUrl, createOrg, expectAccessible, freshPage, joinAs, screenshot, signIn, type E2eOrg } from "./support/app";

/**
 * Quick Run (the classic single reconciliation) in the browser: upload two
 * generator files, accept the suggested mappings with the edits the data
 * needs, tune the pass against the live preview, run, and land on results
 * whose counts equal both the API's summary and the generator's answer key.
 *
 * The pair is Stripe balance transactions vs Stripe payouts: the suggestion
 * keys automatic_payout_id to the payout id; a person then takes net rather
 * than gross and compares each payout with the sum of its transactions.
 */
const FIXTURES = path.resolve("tests/fixtures/ecommerce-2000/seed-1");
const SOURCE = "stripe_balance.csv.gz";
const TARGET = "stripe_payouts.csv.gz";
const fixture = (name: string) => ({ name, mimeType: "application/gzip", buffer: readFileSync(path.join(FIXTURES, name)) });

interface AnswerKey {
  charges_vs_payouts: { payouts: Record<string, { status: string }> };
  sizes: { balanceTransactions: number; payouts: number };
}
const answerKey = JSON.parse(gunzipSync(readFileSync(path.join(FIXTURES, "answer_key.json.gz"))).toString("utf8")) as AnswerKey;
const expected = (() => {
  const counts: Record<string, number> = {};
  for (const outcome of Object.values(answerKey.charges_vs_payouts.payouts)) counts[outcome.status] = (counts[outcome.status] ?? 0) + 1;
  return counts;
})();

const stamp = Date.now().toString(36);
let org: E2eOrg;
let page: Page;
let reconciliationId: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  org = createOrg(`Quick Run Co ${stamp}`, `owner-${stamp}@quick-run.test`);
  page = await freshPage(browser);
  await page.setViewportSize({ width: 1400, height: 1000 });
  await signIn(page, org.email, org.password);
});

async function api<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${baseUrl()}${url}`, { ...init, headers: { Authorization: `Bearer ${org.apiKey}`, "Content-Type": "application/json", ...(init.headers ?? {}) } });
  expect(response.status, `${url}: ${await response.clone().text()}`).toBeLessThan(300);
  return (await response.json()) as T;
}

const stepHeading = (page: Page, text: string) => page.getByRole("heading", { level: 2, name: new RegExp(`^Step \\d of 4: ${text}`) });
const previewStatus = (page: Page) => page.getByTestId("quick-run-preview").getByRole("status");

/** The preview settles after each edit (debounced, then one request). */
async function settledPreview(page: Page): Promise<{ matched: number; exceptions: number }> {
  await expect(previewStatus(page)).toHaveText("Up to date", { timeout: 30_000 });
  const number = async (locator: Locator) => Number((await locator.textContent())!.replace(/[^\d]/g, ""));
  return { matched: await number(page.getByTestId("preview-matched")), exceptions: await number(page.getByTestId("preview-exceptions")) };
}

/** Tab through the page until `target` has focus, as a keyboard user would. */
async function tabTo(page: Page, target: Locator, maxPresses = 30) {
  for (let press = 0; press < maxPresses; press++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error("the control was not reached with Tab");
}

test("Quick Run from two files to results", async () => {
  test.setTimeout(240_000);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Quick Run" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Quick Run" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await expect(stepHeading(page, "Files")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Quick Run steps" }).getByRole("button", { name: /Files/ })).toHaveAttribute("aria-current", "step");
  await expectAccessible(page);
  await screenshot(page, "quick-run-1-files-empty");

  // Step 1, files: upload both; they become selectable once profiled.
  await page.getByLabel("Choose files to upload").setInputFiles([fixture(SOURCE), fixture(TARGET)]);
  const sourceRadio = page.getByRole("radio", { name: `Use ${SOURCE} as the source` });
  const targetRadio = page.getByRole("radio", { name: `Use ${TARGET} as the target` });
  await expect(sourceRadio).toBeEnabled({ timeout: 60_000 });
  await expect(targetRadio).toBeEnabled({ timeout: 60_000 });
  await expect(page.getByTestId(`file-row-${SOURCE}`)).toContainText("Ready");

  // Keyboard only: choose both sides with Space and move on with Enter.
  await sourceRadio.focus();
  await page.keyboard.press("Space");
  await targetRadio.focus();
  await page.keyboard.press("Space");
  await expect(page.getByTestId("selected-source")).toHaveText(SOURCE);
  await expect(page.getByTestId("selected-target")).toHaveText(TARGET);
  await expectAccessible(page);
  await screenshot(page, "quick-run-1-files");
  const next = page.getByRole("button", { name: "Next: Mappings" });
  await tabTo(page, next);
  await page.keyboard.press("Enter");

  // Step 2, mappings: the suggestion keys the payout id; amounts come from net, not gross. Both files are
  // recognized Stripe reports, so the suggestion takes the itemized adapter's @amount (its net); a person may name net itself.
  await expect(stepHeading(page, "Mappings")).toBeVisible({ timeout: 30_000 });
  await expect(stepHeading(page, "Mappings")).toBeFocused();
  await expect(page.getByRole("combobox", { name: "Source column for id" })).toHaveValue("column:automatic_payout_id");
  await expect(page.getByRole("combobox", { name: "Target column for id" })).toHaveValue("column:id");
  await expect(page.getByRole("combobox", { name: "Source column for amount" })).toHaveValue("column:@amount");
  await page.getByRole("combobox", { name: "Source column for amount" }).selectOption("column:net");
  // The column changed, its parse step stayed.
  await expect(page.getByRole("combobox", { name: "Minor units for source amount" })).toHaveValue("2");
  // Keyboard only: add a step to the target id's chain, then take it out again.
  await page.getByRole("combobox", { name: "Transform to add to target id" }).focus();
  await tabTo(page, page.getByRole("button", { name: "Add Trim spaces to target id" }), 3);
  await page.keyboard.press("Enter");
  const targetIdSteps = page.getByRole("list", { name: "Transforms of target id" });
  await expect(targetIdSteps.getByRole("listitem")).toHaveText([/Trim spaces/]);
  await page.getByRole("button", { name: "Remove Trim spaces from target id" }).focus();
  await page.keyboard.press("Enter");
  await expect(targetIdSteps).toHaveCount(0);
  await settledPreview(page);
  await expectAccessible(page);
  await screenshot(page, "quick-run-2-mappings");

  // Step 3, matching: one payout is the sum of its transactions, compared exactly, dates aside.
  await page.getByRole("button", { name: "Next: Matching" }).click();
  await expect(stepHeading(page, "Matching")).toBeVisible();
  const oneToOne = await settledPreview(page);
  await page.getByRole("combobox", { name: "Pass 1 cardinality" }).selectOption("N:1");
  await page.getByRole("combobox", { name: "Pass 1: compare each amount or the group's sum" }).selectOption("sum");
  await page.getByRole("textbox", { name: /^Pass 1: amount tolerance in [A-Z]{3}$/ }).fill("0.00");
  await page.getByRole("checkbox", { name: "Pass 1: compare dates" }).uncheck();
  // All rows of both files: the preview is then the full reconciliation.
  await page.getByLabel("Sample").selectOption("10000");
  const preview = await settledPreview(page);
  expect(preview).not.toEqual(oneToOne);
  expect(preview.matched).toBe(expected.MATCHED);
  await expect(page.getByTestId("preview-type-AMOUNT_MISMATCH")).toContainText(String(expected.AMOUNT_MISMATCH));
  await expect(page.getByTestId("quick-run-preview").getByRole("heading", { name: "Sample matches" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "quick-run-3-matching");

  // A problem shows at the control it belongs to, and the step is marked.
  await page.getByRole("textbox", { name: "Pass 1 name" }).fill("");
  await page.getByRole("button", { name: "Next: Review and run" }).click();
  await expect(page.getByTestId("pass-0").getByText("Pass 1 needs a name")).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Pass 1 name" })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("navigation", { name: "Quick Run steps" }).getByRole("button", { name: "Step 3: Matching (has problems)" })).toBeVisible();
  await expect(stepHeading(page, "Matching")).toBeVisible();
  await page.getByRole("textbox", { name: "Pass 1 name" }).fill("payout total");
  await page.getByRole("button", { name: "Next: Review and run" }).click();

  // Step 4, review and run, from the keyboard.
  await expect(stepHeading(page, "Review and run")).toBeVisible();
  await expect(page.getByRole("textbox", { name: /Name/ })).toHaveValue("stripe_balance vs stripe_payouts");
  await page.getByRole("textbox", { name: /Name/ }).fill(`Balance vs payouts ${stamp}`);
  await expect(page.getByText(/payout total · N:1 · keys id · amounts within (0 minor units of each row's currency|\S*0\.00) \(group sums\)/)).toBeVisible();
  expect(await settledPreview(page)).toEqual(preview);
  // Off the primary button, whose hover shade is the design system's, not this page's.
  await page.mouse.move(0, 0);
  await expectAccessible(page);
  await screenshot(page, "quick-run-4-review");
  const run = page.getByRole("button", { name: "Run reconciliation" });
  await tabTo(page, run);
  await page.keyboard.press("Enter");

  // Results: live until completed, then the counts.
  await expect(page).toHaveURL(/\/quick-run\/rec_[A-Za-z0-9]+$/, { timeout: 30_000 });
  reconciliationId = page.url().split("/").pop()!;
  await expect(page.getByTestId("reconciliation-status")).toHaveAttribute("data-status", "completed", { timeout: 120_000 });
  const reconciliation = await api<{ status: string; summary: { matched: number; sourceRows: number; targetRows: number; exceptionsByType: Record<string, number> }; streamRunId: string; ruleSetId: string; sourceFileId: string; targetFileId: string }>(
    `/api/v1/reconciliations/${reconciliationId}`,
  );
  expect(reconciliation.status).toBe("completed");
  const shown = {
    matched: Number((await page.getByTestId("result-matched").textContent())!.replace(/[^\d]/g, "")),
    amountMismatches: Number((await page.getByTestId("result-type-AMOUNT_MISMATCH").getByTestId("count").textContent())!.replace(/[^\d]/g, "")),
    exceptions: Number((await page.getByTestId("result-exceptions").textContent())!.replace(/[^\d]/g, "")),
  };
  const apiExceptions = Object.values(reconciliation.summary.exceptionsByType).reduce((sum, value) => sum + value, 0);
  expect(shown).toEqual({ matched: reconciliation.summary.matched, amountMismatches: reconciliation.summary.exceptionsByType.AMOUNT_MISMATCH, exceptions: apiExceptions });
  expect(shown).toEqual({ matched: expected.MATCHED, amountMismatches: expected.AMOUNT_MISMATCH, exceptions: expected.AMOUNT_MISMATCH });
  expect(reconciliation.summary).toMatchObject({ sourceRows: answerKey.sizes.balanceTransactions, targetRows: answerKey.sizes.payouts });
  await expect(page.getByTestId("result-source-rows")).toHaveText(answerKey.sizes.balanceTransactions.toLocaleString("en"));

  // The saved rule set previews on the API exactly as the wizard's draft did.
  const apiPreview = await api<{ counts: { matches: number; exceptions: number } }>(`/api/v1/rule-sets/${reconciliation.ruleSetId}/preview`, {
    method: "POST",
    body: JSON.stringify({ sourceFileId: reconciliation.sourceFileId, targetFileId: reconciliation.targetFileId, limit: 10000 }),
  });
  expect({ matched: apiPreview.counts.matches, exceptions: apiPreview.counts.exceptions }).toEqual(preview);

  await expect(page.getByRole("link", { name: "Open the run" })).toHaveAttribute("href", `/runs/${reconciliation.streamRunId}`);
  await expect(page.getByRole("table", { name: "Artifacts this reconciliation wrote" }).getByRole("link", { name: /Download/ }).first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "quick-run-5-results");

  // The exceptions grid, filtered to this run.
  await page.getByRole("link", { name: `Open all ${expected.AMOUNT_MISMATCH} in the exceptions grid` }).click();
  await expect(page).toHaveURL(new RegExp(`/exceptions\\?reconciliationId=${reconciliationId}$`));
  await expect(page.getByRole("grid", { name: "Exceptions" }).getByRole("row")).toHaveCount(1 + expected.AMOUNT_MISMATCH!);
});

test("a viewer can explore the wizard but sees no upload or Run control, and the server refuses the run", async ({ browser }) => {
  test.setTimeout(120_000);
  const viewer = await joinAs(browser, page, "viewer", `viewer-${stamp}@quick-run.test`);
  await viewer.goto(`${baseUrl()}/quick-run`);
  await viewer.waitForLoadState("networkidle");
  await expect(viewer.getByText("You can explore but not run")).toBeVisible();
  await expect(viewer.getByLabel("Choose files to upload")).toHaveCount(0);
  await viewer.getByRole("radio", { name: `Use ${SOURCE} as the source` }).check();
  await viewer.getByRole("radio", { name: `Use ${TARGET} as the target` }).check();
  await viewer.getByRole("button", { name: "Next: Mappings" }).click();
  await expect(stepHeading(viewer, "Mappings")).toBeVisible({ timeout: 30_000 });
  await viewer.getByRole("button", { name: "Next: Matching" }).click();
  await viewer.getByRole("button", { name: "Next: Review and run" }).click();
  await expect(stepHeading(viewer, "Review and run")).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Run reconciliation" })).toHaveCount(0);
  await expectAccessible(viewer);
  await screenshot(viewer, "quick-run-viewer");

  const refused = await viewer.request.post(`${baseUrl()}/quick-run?index`, {
    form: { intent: "run", name: "Not allowed", sourceFileId: "x", targetFileId: "y", definition: "{}" },
    headers: { Origin: baseUrl() },
  });
  expect(refused.status()).toBe(403);
  await viewer.context().close();
});

test("another org's reconciliation id gives the 404 page", async ({ browser }) => {
  const outsider = createOrg(`Outsider ${stamp}`, `outsider-${stamp}@quick-run.test`);
  const other = await freshPage(browser);
  await signIn(other, outsider.email, outsider.password);
  const response = await other.goto(`${baseUrl()}/quick-run/${reconciliationId}`);
  expect(response?.status()).toBe(404);
  await expect(other.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(other.getByText("Balance vs payouts")).toHaveCount(0);
  await screenshot(other, "quick-run-404");
  await other.context().close();
});
