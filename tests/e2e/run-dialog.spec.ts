import { expect, test, type APIRequestContext } from "@playwright/test";
import { baseUrl, runCli, signIn } from "./support/app";

/**
 * The stream Run dialog and the editor's unsaved-changes guard, as an
 * operator meets them: files read as name, rows, upload time and tags; the
 * newest file whose columns fit is chosen; a file lacking the columns the
 * step maps is refused in the dialog, naming them, and no run starts. The
 * editor marks unsaved changes, asks before an in-app navigation leaves
 * them, and the browser asks before a reload does.
 */
const stamp = Date.now().toString(36);
const owner = { org: `Run Dialog Co ${stamp}`, email: `rina-${stamp}@rundialog.test`, password: "run dialog passphrase" };

let ownerKey: string;
let streamId: string;
let ruleSetId: string;
const fileIds: Record<string, string> = {};

const CSV: Array<[string, string, string]> = [
  // Oldest first: the dialog must choose the newest file that fits, not the newest file.
  ["payouts-november.csv", "payout_ref,payout_amount,payout_currency\nP0,5.00,USD\n", "november"],
  ["payouts.csv", "payout_ref,payout_amount,payout_currency\nP1,10.00,USD\nP2,20.00,USD\n", "december"],
  ["ledger.csv", "entry_ref,entry_amount,entry_currency\nP1,10.00,USD\nP2,20.00,USD\n", "december"],
  ["statement.csv", "Booking day,Text,Value\n2026-12-01,transfer P1,10.00\n", "bank"],
];

const payoutsVsLedger = {
  source: { mappings: [{ field: "id", column: "payout_ref" }, { field: "amount", column: "payout_amount", transforms: [{ op: "parseAmount" }] }, { field: "currency", column: "payout_currency" }] },
  target: { mappings: [{ field: "id", column: "entry_ref" }, { field: "amount", column: "entry_amount", transforms: [{ op: "parseAmount" }] }, { field: "currency", column: "entry_currency" }] },
  passes: [{ name: "reference", keys: ["id"], amount: { toleranceMinor: 0 } }],
};

async function api(request: APIRequestContext, method: "GET" | "POST" | "PUT", url: string, body?: unknown) {
  const response = await request.fetch(`${baseUrl()}${url}`, { method, headers: { Authorization: `Bearer ${ownerKey}` }, data: body });
  expect(response.status(), `${method} ${url}: ${await response.text()}`).toBeLessThan(300);
  return response.json();
}

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async ({ request }) => {
  const created = runCli(["org:create", "--name", owner.org, "--admin-email", owner.email, "--password", owner.password]);
  ownerKey = (runCli(["apikey:create", "--org", created.orgId!, "--role", "owner", "--name", "e2e setup"])).apiKey!;
  await api(request, "PUT", "/api/v1/feature-flags/streams", { enabled: true });
  ruleSetId = ((await api(request, "POST", "/api/v1/rule-sets", { name: "Payouts to ledger", definition: payoutsVsLedger })) as { id: string }).id;
  for (const [name, text, tag] of CSV) {
    const response = await request.post(`${baseUrl()}/api/v1/files`, {
      headers: { Authorization: `Bearer ${ownerKey}` },
      multipart: { file: { name, mimeType: "text/csv", buffer: Buffer.from(text, "utf8") }, tags: tag },
    });
    expect(response.status(), await response.text()).toBe(201);
    fileIds[name] = ((await response.json()) as { id: string }).id;
    // Upload times a second apart at least in order: the files are ordered by them.
    await expect.poll(async () => ((await api(request, "GET", `/api/v1/files/${fileIds[name]}`)) as { status: string }).status, { timeout: 60_000 }).toBe("ready");
  }
  const stream = (await api(request, "POST", "/api/v1/streams", {
    name: "Payouts to ledger",
    definition: {
      settings: { parameters: [{ name: "payouts", description: "Payouts export" }, { name: "ledger", description: "Ledger entries" }] },
      steps: [{ key: "payouts_ledger", name: "Payouts to ledger", ruleSetId, inputs: { source: { kind: "FILE", parameter: "payouts" }, target: { kind: "FILE", parameter: "ledger" } } }],
    },
  })) as { id: string };
  streamId = stream.id;
});

test("the Run dialog lists files by name, rows, time and tags, chooses the newest fitting file, and refuses one that lacks the step's columns", async ({ page, request }) => {
  await signIn(page, owner.email, owner.password);
  await page.goto(`${baseUrl()}/streams/${streamId}`);
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Run Payouts to ledger" });
  await expect(dialog).toBeVisible();

  const payouts = dialog.getByTestId("param-payouts");
  const ledger = dialog.getByTestId("param-ledger");
  // Pre-selected: the newest file whose columns fit (statement.csv is newer, but does not).
  await expect(payouts).toHaveValue(fileIds["payouts.csv"]!);
  await expect(ledger).toHaveValue(fileIds["ledger.csv"]!);
  const chosen = payouts.locator("option:checked");
  // The upload time in the reader's language (the browser's) and zone (UTC here), with the zone named.
  await expect(chosen).toHaveText(/^payouts\.csv · 2 rows · uploaded (\d{1,2} \w{3} \d{4}|\w{3} \d{1,2}, \d{4}), \d{2}:\d{2} UTC · december$/);
  // No option shows an internal id.
  for (const label of await payouts.locator("option").allTextContents()) expect(label).not.toMatch(/file_/);
  await expect(payouts.locator("option", { hasText: "statement.csv" })).toHaveText(/— does not fit$/);

  // A file that cannot fit is refused here, naming the columns, and the run does not start.
  await payouts.selectOption(fileIds["statement.csv"]!);
  await expect(dialog.getByTestId("missing-columns-payouts")).toHaveText("Missing columns: payout_ref, payout_amount, payout_currency");
  await expect(dialog).toContainText("statement.csv cannot be the “payouts” file: step “Payouts to ledger” (payouts_ledger) reads it as its source and needs columns “payout_ref”, “payout_amount”, “payout_currency”");
  await dialog.getByRole("button", { name: "Start run" }).click();
  await expect(dialog).toBeVisible();
  await expect(page).toHaveURL(`${baseUrl()}/streams/${streamId}`);
  expect(((await api(request, "GET", `/api/v1/streams/${streamId}/runs`)) as { data: unknown[] }).data).toEqual([]);

  // Back to a file that fits: the run starts.
  await payouts.selectOption(fileIds["payouts.csv"]!);
  await expect(dialog.getByTestId("missing-columns-payouts")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.getByTestId("timeline-step-payouts_ledger")).toHaveAttribute("data-state", "succeeded", { timeout: 60_000 });
});

test("a step that could not read its file offers “Choose another file”, not a retry, and the rerun takes the chosen file", async ({ page, request }) => {
  // The ledger is optional for the run, but the step reads it: the step, not run creation, finds it missing.
  const stream = (await api(request, "POST", "/api/v1/streams", {
    name: "Optional ledger",
    definition: {
      settings: { parameters: [{ name: "payouts", description: "Payouts export" }, { name: "ledger", description: "Ledger entries", required: false }] },
      steps: [
        {
          key: "payouts_ledger",
          name: "Payouts to ledger",
          ruleSetId,
          retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 10 },
          inputs: { source: { kind: "FILE", parameter: "payouts" }, target: { kind: "FILE", parameter: "ledger" } },
        },
      ],
    },
  })) as { id: string };
  const run = (await api(request, "POST", `/api/v1/streams/${stream.id}/runs`, { parameters: { payouts: fileIds["payouts.csv"] } })) as { id: string };

  await signIn(page, owner.email, owner.password);
  await page.goto(`${baseUrl()}/runs/${run.id}`);
  const step = page.getByTestId("timeline-step-payouts_ledger");
  await expect(step).toHaveAttribute("data-state", "failed", { timeout: 60_000 });
  await page.reload();
  await expect(step).toContainText("run parameter 'ledger' was not given");
  await expect(step.getByRole("button", { name: /Retry step/ })).toHaveCount(0);
  await step.getByRole("button", { name: "Choose another file" }).click();
  const dialog = page.getByRole("dialog", { name: "Run again with another file" });
  await expect(dialog).toBeVisible();
  // The failed parameter gets the newest file that fits; the other keeps the file this run had.
  await expect(dialog.getByTestId("param-ledger")).toHaveValue(fileIds["ledger.csv"]!);
  await expect(dialog.getByTestId("param-payouts")).toHaveValue(fileIds["payouts.csv"]!);
  await dialog.getByRole("button", { name: "Start run" }).click();
  await expect(page).not.toHaveURL(`${baseUrl()}/runs/${run.id}`);
  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.getByTestId("timeline-step-payouts_ledger")).toHaveAttribute("data-state", "succeeded", { timeout: 60_000 });
});

test("the editor marks unsaved changes, asks before leaving them in the app, and the browser asks before a reload", async ({ page }) => {
  await signIn(page, owner.email, owner.password);
  await page.goto(`${baseUrl()}/streams/${streamId}/edit`);
  await page.waitForLoadState("networkidle");
  await expect(page.getByTestId("unsaved-marker")).toHaveCount(0);

  await page.getByLabel("Stream name").fill("Payouts to ledger, edited");
  await expect(page.getByTestId("unsaved-marker")).toHaveText("Unsaved changes");

  // An in-app link: the editor asks; staying keeps the page and the change.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Streams", exact: true }).click();
  const leave = page.getByRole("dialog", { name: "Leave without saving?" });
  await expect(leave).toBeVisible();
  await leave.getByRole("button", { name: "Stay and keep editing" }).click();
  await expect(leave).toBeHidden();
  await expect(page).toHaveURL(`${baseUrl()}/streams/${streamId}/edit`);
  await expect(page.getByLabel("Stream name")).toHaveValue("Payouts to ledger, edited");

  // The browser's own prompt guards a reload; dismissing it keeps the page.
  const prompt = page.waitForEvent("dialog");
  void page.reload().catch(() => undefined);
  const beforeUnload = await prompt;
  expect(beforeUnload.type()).toBe("beforeunload");
  await beforeUnload.dismiss();
  await expect(page.getByLabel("Stream name")).toHaveValue("Payouts to ledger, edited");

  // Leaving on purpose discards the change.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Streams", exact: true }).click();
  await leave.getByRole("button", { name: "Leave and discard changes" }).click();
  await expect(page).toHaveURL(`${baseUrl()}/streams`);

  // After a save there is nothing to lose: no marker, no question.
  await page.goto(`${baseUrl()}/streams/${streamId}/edit`);
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Stream name").fill("Payouts to ledger, saved");
  await expect(page.getByTestId("unsaved-marker")).toBeVisible();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(/Saved as version 2/)).toBeVisible();
  await expect(page.getByTestId("unsaved-marker")).toHaveCount(0);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Streams", exact: true }).click();
  await expect(page).toHaveURL(`${baseUrl()}/streams`);
});
