import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { formatMoney } from "~/components/format";
import { baseUrl, expectAccessible, freshPage, joinAs, runCli, screenshot, signIn } from "./support/app";

/**
 * Acceptance of the web UI issue, exceptions part. The generator's files
 * (seed 1, 2,000 orders) are uploaded, the e-commerce pack's stream is
 * instantiated and the real worker runs it; the exceptions it raises are
 * what the grid shows. Every expectation is derived from the API, never
 * written down: which 50 rows a filter shows, which source and target
 * exception agree in amount, what an export must contain.
 */
const GENERATOR_FILES = { orders: "shopify_orders.csv", balance: "stripe_balance.csv", payouts: "stripe_payouts.csv", bank: "bank_statement.csv" };
const owner = { email: "owner@exceptions.test", password: "a long e2e passphrase" };

interface ApiException {
  id: string;
  type: string;
  status: string;
  severity: string;
  amountMinor: number | null;
  currency: string | null;
  assigneeId: string | null;
  manualMatchId: string | null;
  resolution: { code: string; note: string | null } | null;
  sourceRows: Array<{ line: number; values: Record<string, string | number | null> }>;
  targetRows: Array<{ line: number; values: Record<string, string | number | null> }>;
}

let apiKey: string;
let ownerUserId: string;
let page: Page;

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1600, height: 1000 } });

async function api<T>(request: APIRequestContext, method: "GET" | "POST", url: string, data?: unknown): Promise<T> {
  const response = await request.fetch(`${baseUrl()}${url}`, { method, headers: { Authorization: `Bearer ${apiKey}` }, data });
  expect(response.status(), `${method} ${url}: ${await response.text()}`).toBeLessThan(300);
  return (await response.json()) as T;
}

/** Every page of a list, in the list's order. */
async function listAll(request: APIRequestContext, query: string): Promise<ApiException[]> {
  const all: ApiException[] = [];
  let cursor: string | null = null;
  do {
    const page: { data: ApiException[]; nextCursor: string | null } = await api(request, "GET", `/api/v1/exceptions?limit=500&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    all.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** The side a manual match can put an exception on, and the money it brings there (as the service sums it). */
function sideOf(exception: ApiException): { side: "source" | "target"; amountMinor: number } | null {
  const rows = exception.sourceRows.length > 0 && exception.targetRows.length === 0 ? exception.sourceRows : exception.targetRows.length > 0 && exception.sourceRows.length === 0 ? exception.targetRows : null;
  if (!rows || rows.some((row) => row.values.amount === null || row.values.amount === undefined)) return null;
  return { side: rows === exception.sourceRows ? "source" : "target", amountMinor: rows.reduce((total, row) => total + Number(row.values.amount), 0) };
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ",") {
      row.push(field);
      field = "";
    } else if (character === "\n") {
      row.push(field.replace(/\r$/, ""));
      rows.push(row);
      row = [];
      field = "";
    } else field += character;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

test.beforeAll(async ({ browser, request }, testInfo) => {
  testInfo.setTimeout(300_000);
  const created = runCli(["org:create", "--name", "Exceptions Co", "--admin-email", owner.email, "--password", owner.password]);
  apiKey = created.apiKey!;
  ownerUserId = created.userId!;

  const fileIds: Record<string, string> = {};
  for (const [parameter, name] of Object.entries(GENERATOR_FILES)) {
    const response = await request.post(`${baseUrl()}/api/v1/files`, {
      headers: { Authorization: `Bearer ${apiKey}` },
      multipart: { file: { name: `${name}.gz`, mimeType: "application/gzip", buffer: readFileSync(path.resolve("tests/fixtures/ecommerce-2000/seed-1", `${name}.gz`)) } },
    });
    expect(response.status(), await response.text()).toBe(201);
    fileIds[parameter] = ((await response.json()) as { id: string }).id;
  }
  const instantiation = await api<{ streams: Array<{ key: string; id: string }> }>(request, "POST", "/api/v1/templates/ecommerce-payouts/instantiate", {
    name: "Generator payouts",
    parameters: { currency: "USD" },
  });
  const stream = instantiation.streams.find((candidate) => candidate.key === "shopify-stripe-bank")!;
  const run = await api<{ id: string }>(request, "POST", `/api/v1/streams/${stream.id}/runs`, { parameters: fileIds });
  await expect
    .poll(async () => (await api<{ state: string }>(request, "GET", `/api/v1/stream-runs/${run.id}`)).state, { timeout: 240_000, intervals: [1000] })
    .toBe("succeeded");

  page = await freshPage(browser);
  await signIn(page, owner.email, owner.password);
});

test("Exceptions grid: filter, bulk-assign 50 rows, manual match, export", async ({ request }) => {
  test.setTimeout(180_000);
  await page.goto(`${baseUrl()}/exceptions`);
  const grid = page.getByRole("grid", { name: "Exceptions" });
  await expect(grid.getByRole("row").nth(1)).toBeVisible();

  // Filter: open, medium severity. The URL carries the view.
  await page.getByRole("combobox", { name: "Status" }).selectOption("open");
  await expect(page).toHaveURL(/status=open(&|$)/);
  await page.getByRole("combobox", { name: "Severity" }).selectOption("medium");
  await expect(page).toHaveURL(/severity=medium/);
  const query = "status=open&severity=medium&sort=-severity";
  const filtered = await listAll(request, query);
  expect(filtered.length).toBeGreaterThanOrEqual(50);
  await expect(page.getByText(`${filtered.length} loaded, all shown`)).toBeVisible();
  const severities = await grid.getByRole("row").locator("[role=gridcell]:nth-child(2)").allTextContents();
  expect(new Set(severities)).toEqual(new Set(["medium"]));
  await screenshot(page, "exceptions-grid-filtered");
  await expectAccessible(page);

  // Select the first 50 rows: the first one, then Shift+click the 50th (further down the virtualized grid).
  const first50 = filtered.slice(0, 50).map((exception) => exception.id);
  await grid.getByRole("checkbox", { name: `Select exception ${first50[0]}` }).check();
  await grid.evaluate((element) => (element.scrollTop = 49 * 44 - 200));
  await grid.getByRole("checkbox", { name: `Select exception ${first50[49]}` }).click({ modifiers: ["Shift"] });
  await expect(page.getByText("50 selected")).toBeVisible();
  await page.getByLabel("Bulk action").selectOption("assignToMe");
  await page.getByRole("button", { name: "Apply to 50" }).click();
  await expect(page.getByText("50 exceptions updated.")).toBeVisible();
  const assigned = await listAll(request, `assigneeId=${ownerUserId}&status=open,in_review,resolved,written_off,ignored`);
  expect(assigned.map((exception) => exception.id).sort()).toEqual([...first50].sort());
  await grid.evaluate((element) => (element.scrollTop = 0));
  await expect(grid.getByRole("gridcell", { name: "me", exact: true }).first()).toBeVisible();

  // Manual match: a source-side and a target-side open exception whose amounts agree, found in the API's data.
  const open = await listAll(request, "status=open");
  const sources = open.filter((exception) => sideOf(exception)?.side === "source");
  const targets = open.filter((exception) => sideOf(exception)?.side === "target");
  const pairs = sources.flatMap((source) =>
    targets
      .filter((target) => target.currency === source.currency && sideOf(target)!.amountMinor === sideOf(source)!.amountMinor && target.amountMinor === source.amountMinor)
      .map((target) => ({ source, target })),
  );
  expect(pairs.length).toBeGreaterThan(0);
  // Two items that merely lack a counterpart are the classic manual match; take such a pair when the data has one.
  const pair = pairs.find((candidate) => candidate.target.type === "MISSING_IN_SOURCE") ?? pairs[0]!;
  const amount = sideOf(pair.source)!.amountMinor;
  const currency = pair.source.currency!;
  await page.goto(`${baseUrl()}/exceptions?status=open&minAmountMinor=${amount}&maxAmountMinor=${amount}`);
  await expect(page.getByRole("group", { name: "Filters from the link" })).toContainText(`amount at least ${amount}`);
  await grid.getByRole("checkbox", { name: `Select exception ${pair.source.id}` }).check();
  await grid.getByRole("checkbox", { name: `Select exception ${pair.target.id}` }).check();
  const panel = page.getByRole("region", { name: "Manual match" });
  await expect(panel.getByTestId("match-source-total")).toHaveText(`1 exception · ${formatMoney(amount, currency, "en-US")}`);
  await expect(panel.getByTestId("match-target-total")).toHaveText(`1 exception · ${formatMoney(amount, currency, "en-US")}`);
  await expect(panel.getByTestId("match-difference")).toContainText("none");
  await screenshot(page, "exceptions-manual-match-panel");
  await expectAccessible(page);
  await panel.getByRole("button", { name: "Match 1 + 1" }).click();
  // Said in words (who, which rows, what money), the match id only behind a copy button.
  const outcome = page.getByRole("status").filter({ hasText: "Matched by hand" });
  await expect(outcome).toContainText(/You matched .+ with .+ by hand just now/);
  await expect(outcome).not.toContainText("mm_");
  // Both leave the open list.
  await expect(grid.getByRole("checkbox", { name: `Select exception ${pair.source.id}` })).toHaveCount(0);
  await expect(grid.getByRole("checkbox", { name: `Select exception ${pair.target.id}` })).toHaveCount(0);
  const stillOpen = new Set((await listAll(request, "status=open")).map((exception) => exception.id));
  expect(stillOpen.has(pair.source.id) || stillOpen.has(pair.target.id)).toBe(false);
  const matched = await api<ApiException>(request, "GET", `/api/v1/exceptions/${pair.source.id}`);
  expect(matched).toMatchObject({ status: "resolved", resolution: { code: "matched_manually" } });
  await screenshot(page, "exceptions-manual-match-done");

  // Matching them again is refused with the server's reason, shown in the panel.
  await page.getByRole("combobox", { name: "Status" }).selectOption("open,in_review,resolved,written_off,ignored");
  await expect(page).toHaveURL(/minAmountMinor=/);
  await grid.getByRole("checkbox", { name: `Select exception ${pair.source.id}` }).check();
  await grid.getByRole("checkbox", { name: `Select exception ${pair.target.id}` }).check();
  await panel.getByRole("button", { name: "Match 1 + 1" }).click();
  await expect(panel.getByRole("alert")).toContainText("only open exceptions can be matched");
  await screenshot(page, "exceptions-manual-match-refused");

  // Undo reopens both.
  await page.getByRole("button", { name: "Undo match" }).click();
  await expect(page.getByText("Manual match undone")).toBeVisible();
  for (const id of [pair.source.id, pair.target.id]) {
    expect(await api<ApiException>(request, "GET", `/api/v1/exceptions/${id}`)).toMatchObject({ status: "open", manualMatchId: null, resolution: null });
  }

  // Export the filtered view: the file has exactly the rows the view lists, in its order.
  await page.goto(`${baseUrl()}/exceptions?${query}`);
  await expect(page.getByText(/loaded, all shown/)).toBeVisible();
  const expected = (await listAll(request, query)).map((exception) => exception.id);
  await expect(page.getByText(`${expected.length} loaded, all shown`)).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const [header, ...lines] = parseCsv(readFileSync((await download.path())!, "utf8"));
  // The page's export is the human one: the exception id stays, the assignee is a name.
  const idColumn = header!.indexOf("Exception");
  expect(lines.map((line) => line[idColumn])).toEqual(expected);
  // The XLSX next to it holds the same rows.
  const [xlsxDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export XLSX" }).click()]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await xlsxDownload.path())!);
  const sheet = workbook.getWorksheet("Exceptions")!;
  const xlsxIds: string[] = [];
  sheet.eachRow((row, number) => {
    if (number > 1) xlsxIds.push(String(row.getCell(idColumn + 1).value));
  });
  expect(xlsxIds).toEqual(expected);
  const assigneeColumn = header!.indexOf("Assignee");
  expect(lines.filter((line) => line[assigneeColumn] !== "").map((line) => line[idColumn]).sort()).toEqual(
    expected.filter((id) => first50.includes(id)).sort(),
  );

  // A column header sorts (in the URL); the chosen columns stay chosen in this browser.
  await grid.getByRole("button", { name: "Amount" }).click();
  await expect(page).toHaveURL(/sort=-amount/);
  const [largest] = await listAll(request, "status=open&severity=medium&sort=-amount");
  await expect(grid.getByRole("row").nth(1).getByRole("checkbox")).toHaveAccessibleName(`Select exception ${largest!.id}`);
  await expect(grid.getByRole("columnheader", { name: /Amount/ })).toHaveAttribute("aria-sort", "descending");
  await page.getByText("Columns", { exact: true }).click();
  await page.getByRole("checkbox", { name: "Step", exact: true }).uncheck();
  await expect(grid.getByRole("columnheader", { name: "Step" })).toHaveCount(0);
  await page.reload();
  await expect(grid.getByRole("row").nth(1)).toBeVisible();
  await expect(grid.getByRole("columnheader", { name: "Step" })).toHaveCount(0);
  await expect(grid.getByRole("columnheader", { name: "Reference" })).toBeVisible();
});

test("open an exception and resolve it with a resolution code and a comment", async ({ request }) => {
  const query = "status=open,in_review&type=AMOUNT_MISMATCH&sort=-severity";
  const [exception, changedElsewhere] = await listAll(request, query);
  expect(changedElsewhere).toBeDefined();
  await page.goto(`${baseUrl()}/exceptions?status=open%2Cin_review&type=AMOUNT_MISMATCH`);
  const grid = page.getByRole("grid", { name: "Exceptions" });
  const drawer = page.getByRole("dialog");

  // Someone else resolves an exception while it is open here: the refused change is shown in place, and the drawer shows the truth again.
  await grid.getByRole("row").filter({ has: page.getByRole("checkbox", { name: `Select exception ${changedElsewhere!.id}` }) }).getByRole("gridcell").nth(4).click();
  await expect(drawer.getByRole("heading", { name: `${changedElsewhere!.type} · ${changedElsewhere!.id}` })).toBeVisible();
  const patched = await request.fetch(`${baseUrl()}/api/v1/exceptions/${changedElsewhere!.id}`, { method: "PATCH", headers: { Authorization: `Bearer ${apiKey}` }, data: { status: "ignored" } });
  expect(patched.status()).toBe(200);
  await drawer.getByLabel("New status").selectOption("in_review");
  await drawer.getByRole("button", { name: "Start review", exact: true }).click();
  await expect(drawer.getByRole("alert")).toContainText("It is ignored now, so it cannot go to in review.");
  await expect(drawer.getByRole("region", { name: "Status" }).getByText("ignored", { exact: true })).toBeVisible();
  await expect(drawer.getByRole("button", { name: "Reopen", exact: true })).toBeVisible();
  await screenshot(page, "exceptions-drawer-conflict");
  await page.keyboard.press("Escape");

  await grid.getByRole("row").filter({ has: page.getByRole("checkbox", { name: `Select exception ${exception!.id}` }) }).getByRole("gridcell").nth(4).click();
  await expect(drawer.getByRole("heading", { name: `${exception!.type} · ${exception!.id}` })).toBeVisible();
  await expect(drawer.getByRole("table", { name: /Fields of both sides/ }).getByText("(differs)").first()).toBeVisible();
  await expect(drawer.getByRole("heading", { name: "Closest rule" })).toBeVisible();
  await screenshot(page, "exceptions-drawer");
  await expectAccessible(page);

  const comment = `Checked with Stripe: the refund of ${exception!.id} settles in the next payout`;
  await drawer.getByRole("textbox", { name: "New comment" }).fill(comment);
  await drawer.getByRole("button", { name: "Add comment" }).click();
  await expect(drawer.getByRole("list", { name: "Comments" })).toContainText(comment);
  await expect(drawer.getByRole("list", { name: "Comments" })).not.toContainText("sending…");

  await drawer.getByLabel("New status").selectOption("resolved");
  await drawer.getByLabel(/^Resolution code/).selectOption("timing_difference");
  await drawer.getByLabel(/^Resolution note/).fill("refund lands with the next payout");
  await drawer.getByRole("button", { name: "Resolve", exact: true }).click();
  const history = drawer.getByRole("list", { name: "History of the case" });
  await expect(history).toContainText("status open → resolved");
  await expect(history).toContainText("resolution — → timing difference");
  await expect(drawer.getByRole("button", { name: "Reopen", exact: true })).toBeVisible();
  await screenshot(page, "exceptions-drawer-resolved");

  const saved = await api<ApiException>(request, "GET", `/api/v1/exceptions/${exception!.id}`);
  expect(saved).toMatchObject({ status: "resolved", resolution: { code: "timing_difference", note: "refund lands with the next payout" } });
  const events = await api<{ data: Array<{ kind: string; actor: { type: string; id: string }; after: Record<string, unknown> }> }>(request, "GET", `/api/v1/exceptions/${exception!.id}/events`);
  expect(events.data.map((event) => event.kind)).toEqual(["comment", "updated"]);
  expect(events.data[0]!.after).toEqual({ body: comment });
  expect(events.data[1]!.after).toMatchObject({ status: "resolved", resolutionCode: "timing_difference" });
  expect(events.data.every((event) => event.actor.type === "user" && event.actor.id === ownerUserId)).toBe(true);

  // The open exception is in the link: a reload (or a shared URL) opens it again.
  await expect(page).toHaveURL(new RegExp(`open=${exception!.id}`));
  await page.reload();
  await expect(drawer.getByRole("heading", { name: `${exception!.type} · ${exception!.id}` })).toBeVisible();
  await expect(drawer.getByRole("list", { name: "Comments" })).toContainText(comment);

  // The provenance link opens the file's preview at that line, the line marked.
  const provenance = drawer.getByRole("link", { name: /, line \d+$/ }).first();
  const line = Number((await provenance.textContent())!.match(/line (\d+)$/)![1]);
  await expect(provenance).toHaveAttribute("href", new RegExp(`\\?line=${line}#line-${line}$`));
  await provenance.click();
  await expect(page.locator(`#line-${line}`)).toHaveAttribute("aria-current", "location");
  await expect(page.locator(`#line-${line}`)).toBeInViewport();
  await screenshot(page, "exceptions-provenance-line");
});

test("a viewer sees exceptions and their details but no triage controls", async ({ browser, request }) => {
  const viewer = await joinAs(browser, page, "viewer", "viewer@exceptions.test");
  await viewer.goto(`${baseUrl()}/exceptions`);
  const grid = viewer.getByRole("grid", { name: "Exceptions" });
  await expect(grid.getByRole("row").nth(1)).toBeVisible();
  await expect(grid.getByRole("checkbox")).toHaveCount(0);
  await expect(viewer.getByText("Select rows for bulk actions")).toHaveCount(0);
  await expect(viewer.getByLabel("Bulk action")).toHaveCount(0);
  const [first] = await listAll(request, "status=open,in_review&sort=-severity");
  // By keyboard: into the grid, down to the first row, Enter opens it.
  await grid.focus();
  await viewer.keyboard.press("ArrowDown");
  await expect(grid.getByRole("row").nth(1)).toBeFocused();
  await viewer.keyboard.press("Enter");
  const drawer = viewer.getByRole("dialog");
  await expect(drawer.getByRole("heading", { name: `${first!.type} · ${first!.id}` })).toBeVisible();
  await expect(drawer.getByRole("heading", { name: "History" })).toBeVisible();
  await expect(drawer.getByRole("form", { name: "Change status" })).toHaveCount(0);
  await expect(drawer.getByRole("form", { name: "Assign" })).toHaveCount(0);
  await expect(drawer.getByRole("form", { name: "Add a comment" })).toHaveCount(0);
  await expect(drawer.getByRole("button")).toHaveText(["Close"]);
  await screenshot(viewer, "exceptions-drawer-viewer");
  await expectAccessible(viewer);
});
