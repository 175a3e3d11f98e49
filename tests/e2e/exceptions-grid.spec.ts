import { readFileSync } from "node:fs";
import { parseString } from "@fast-csv/parse";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { formatMoney, minorToDecimalString } from "~/components/format";
import { baseUrl, createOrg, freshPage, screenshot, signIn, type E2eOrg } from "./support/app";

/**
 * The grid an operator can use (issue #20, part 2), at 1440 px in Berlin
 * time: a link's filters with empty and unknown parameters, search by Enter
 * and by Apply, totals over the whole filter, the filter by run, the human
 * export read back against the API, and "select all matching".
 *
 * The data is made here, not borrowed from the demo (whose run does not
 * raise exceptions in every environment): two small streams, each one step
 * over two uploaded CSV files, run by the real worker. The shop stream raises
 * more exceptions than the grid's first page holds, so "select all matching"
 * always has more to offer than the loaded rows. Every expectation comes from
 * the API.
 */
interface ApiRowRef {
  sourceId: string;
  line: number;
  values: Record<string, string | number | null>;
}
interface ApiException {
  id: string;
  streamRunId: string;
  stepKey: string;
  type: string;
  message: string;
  amountMinor: number | null;
  currency: string | null;
  firstSeenAt: string;
  status: string;
  sourceRows: ApiRowRef[];
  targetRows: ApiRowRef[];
}
interface Totals {
  count: number;
  amountMinorByCurrency: Record<string, number>;
  withoutAmount: number;
}

let org: E2eOrg;
let page: Page;
/** The shop stream's run (about 240 exceptions) and the marketplace stream's (a handful). */
let shopRun: string;
let marketRun: string;
const fileNames = new Map<string, string>();

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1440, height: 900 }, timezoneId: "Europe/Berlin", locale: "en-US" });

const csv = (lines: string[]) => [...lines, ""].join("\n");
const money = (minor: number) => (minor / 100).toFixed(2);

/**
 * Orders SO-<n>, amounts in two currencies. Payments pay the first `paid`
 * orders exactly, the next `short` ones a euro short (amount mismatches), and
 * `strangers` payments name no order (missing in source).
 */
function shopFiles(prefix: string, orders: number, paid: number, short: number, strangers: number) {
  const amountOf = (n: number) => 1000 + n * 137;
  const currencyOf = (n: number) => (n % 3 === 0 ? "USD" : "EUR");
  const orderLines = ["Order ID,Total,Currency,Date"];
  const paymentLines = ["order_ref,amount,currency,created"];
  for (let n = 1; n <= orders; n++) {
    orderLines.push(`${prefix}-${1000 + n},${money(amountOf(n))},${currencyOf(n)},2026-03-${String(1 + (n % 28)).padStart(2, "0")}`);
    if (n <= paid + short) paymentLines.push(`${prefix}-${1000 + n},${money(amountOf(n) - (n > paid ? 100 : 0))},${currencyOf(n)},2026-03-${String(1 + (n % 28)).padStart(2, "0")}`);
  }
  for (let n = 1; n <= strangers; n++) paymentLines.push(`PAY-${prefix}-${n},${money(500 + n * 11)},EUR,2026-03-20`);
  return { orders: csv(orderLines), payments: csv(paymentLines) };
}

const RULE_SET = {
  source: {
    mappings: [
      { field: "id", column: "Order ID" },
      { field: "reference", column: "Order ID" },
      { field: "amount", column: "Total", transforms: [{ op: "parseAmount" }] },
      { field: "currency", column: "Currency" },
      { field: "date", column: "Date", transforms: [{ op: "parseDate", format: "yyyy-MM-dd" }] },
    ],
  },
  target: {
    mappings: [
      { field: "id", column: "order_ref" },
      { field: "reference", column: "order_ref" },
      { field: "amount", column: "amount", transforms: [{ op: "parseAmount" }] },
      { field: "currency", column: "currency" },
      { field: "date", column: "created", transforms: [{ op: "parseDate", format: "yyyy-MM-dd" }] },
    ],
  },
  passes: [{ name: "order id", keys: ["id"], amount: { toleranceMinor: 0, mismatchOnKeyMatch: true } }],
};

async function api<T>(request: APIRequestContext, method: "GET" | "POST", url: string, data?: unknown): Promise<T> {
  const response = await request.fetch(`${baseUrl()}${url}`, { method, headers: { Authorization: `Bearer ${org.apiKey}` }, data });
  expect(response.status(), `${method} ${url}: ${await response.text()}`).toBeLessThan(300);
  return (await response.json()) as T;
}

async function listAll(request: APIRequestContext, query: string): Promise<ApiException[]> {
  const all: ApiException[] = [];
  let cursor: string | null = null;
  do {
    const body: { data: ApiException[]; nextCursor: string | null } = await api(request, "GET", `/api/v1/exceptions?limit=500&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    all.push(...body.data);
    cursor = body.nextCursor;
  } while (cursor);
  return all;
}

async function upload(request: APIRequestContext, name: string, content: string): Promise<string> {
  const response = await request.post(`${baseUrl()}/api/v1/files`, {
    headers: { Authorization: `Bearer ${org.apiKey}` },
    multipart: { file: { name, mimeType: "text/csv", buffer: Buffer.from(content) } },
  });
  expect(response.status(), await response.text()).toBe(201);
  const { id } = (await response.json()) as { id: string };
  await expect.poll(async () => (await api<{ status: string }>(request, "GET", `/api/v1/files/${id}`)).status, { timeout: 60_000 }).toBe("ready");
  fileNames.set(id, name);
  return id;
}

/** A one-step stream over two uploads, run by the real worker; returns the run once it succeeded. */
async function runStream(request: APIRequestContext, name: string, files: { orders: string; payments: string }, names: { orders: string; payments: string }): Promise<string> {
  const [ordersId, paymentsId] = [await upload(request, names.orders, files.orders), await upload(request, names.payments, files.payments)];
  const ruleSet = await api<{ id: string }>(request, "POST", "/api/v1/rule-sets", { name: `${name} rules`, definition: RULE_SET });
  const stream = await api<{ id: string }>(request, "POST", "/api/v1/streams", {
    name,
    definition: {
      steps: [{ key: "orders_payments", name: "Orders vs payments", ruleSetId: ruleSet.id, inputs: { source: { kind: "FILE", fileId: ordersId }, target: { kind: "FILE", fileId: paymentsId } } }],
    },
  });
  const run = await api<{ id: string }>(request, "POST", `/api/v1/streams/${stream.id}/runs`, {});
  await expect.poll(async () => (await api<{ state: string }>(request, "GET", `/api/v1/stream-runs/${run.id}`)).state, { timeout: 120_000, intervals: [500] }).toBe("succeeded");
  return run.id;
}

function totalsText(totals: Totals): string[] {
  return [`${totals.count.toLocaleString("en-US")} exception${totals.count === 1 ? "" : "s"} match`, ...Object.keys(totals.amountMinorByCurrency).sort().map((currency) => formatMoney(totals.amountMinorByCurrency[currency]!, currency, "en-US"))];
}

function parseCsv(text: string): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const rows: string[][] = [];
    parseString(text)
      .on("data", (row: string[]) => rows.push(row))
      .on("error", reject)
      .on("end", () => resolve(rows));
  });
}

test.beforeAll(async ({ browser, request }, testInfo) => {
  testInfo.setTimeout(300_000);
  org = createOrg("Grid Co", "owner@grid.test");
  shopRun = await runStream(request, "Shop payouts", shopFiles("SO", 260, 20, 6, 12), { orders: "shop_orders.csv", payments: "shop_payments.csv" });
  marketRun = await runStream(request, "Marketplace payouts", shopFiles("MK", 8, 3, 1, 2), { orders: "market_orders.csv", payments: "market_payments.csv" });
  page = await freshPage(browser);
  await signIn(page, org.email, org.password);
});

test("a link with empty and unknown filters opens with a notice, and search works by Enter and by Apply", async ({ request }) => {
  await page.goto(`${baseUrl()}/exceptions?streamRunId=${shopRun}&severity=&type=&q=&colour=blue`);
  const notice = page.getByRole("alert").or(page.getByRole("status")).filter({ hasText: "Some filters in the link were left out" });
  await expect(notice).toContainText("colour");
  const grid = page.getByRole("grid", { name: "Exceptions" });
  await expect(grid.getByRole("row").nth(1)).toBeVisible();
  const everything = await listAll(request, `streamRunId=${shopRun}&status=open,in_review`);
  expect(everything.length).toBeGreaterThan(200);
  const reference = String(everything.find((exception) => exception.type === "AMOUNT_MISMATCH")!.sourceRows[0]!.values.reference);

  await page.getByRole("searchbox", { name: "Search" }).fill(reference);
  await page.getByRole("searchbox", { name: "Search" }).press("Enter");
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(reference)}`));
  expect(new URL(page.url()).searchParams.get("streamRunId")).toBe(shopRun);
  expect([...new URL(page.url()).searchParams].filter(([, value]) => value === "")).toEqual([]);
  const found = await listAll(request, `streamRunId=${shopRun}&status=open,in_review&q=${encodeURIComponent(reference)}`);
  expect(found.length).toBeGreaterThan(0);
  expect(found.length).toBeLessThan(everything.length);
  await expect(page.getByText(`${found.length} loaded, all shown`)).toBeVisible();
  await expect(grid.getByRole("row")).toHaveCount(found.length + 1);

  await page.getByRole("searchbox", { name: "Search" }).fill("");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).not.toHaveURL(/q=/);
  await expect(page.getByText("200 loaded", { exact: false })).toBeVisible();
  await expect(page.getByText("Some filters in the link were left out")).toHaveCount(0);
  await screenshot(page, "exceptions-grid-1440");
  // Every default column fits at 1440 px: the last header is inside the viewport.
  const lastHeader = grid.getByRole("columnheader").last();
  const box = (await lastHeader.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(1440);
});

test("the totals cover the whole filter, and the run filter narrows them", async ({ request }) => {
  await page.goto(`${baseUrl()}/exceptions`);
  const allTotals = await api<Totals>(request, "GET", "/api/v1/exceptions/totals?status=open,in_review");
  const totals = page.getByTestId("exception-totals");
  for (const text of totalsText(allTotals)) await expect(totals).toContainText(text);
  // More than the loaded page: the count is the filter's, not the rows'.
  expect(allTotals.count).toBeGreaterThan(200);

  await page.getByRole("combobox", { name: "Stream" }).selectOption({ label: "Marketplace payouts" });
  await page.getByRole("combobox", { name: "Run" }).selectOption(marketRun);
  await expect(page).toHaveURL(new RegExp(`streamRunId=${marketRun}`));
  const runTotals = await api<Totals>(request, "GET", `/api/v1/exceptions/totals?status=open,in_review&streamRunId=${marketRun}`);
  expect(runTotals.count).toBeLessThan(allTotals.count);
  for (const text of totalsText(runTotals)) await expect(totals).toContainText(text);
  const runRows = await listAll(request, `status=open,in_review&streamRunId=${marketRun}`);
  await expect(page.getByText(`${runRows.length} loaded, all shown`)).toBeVisible();
  await screenshot(page, "exceptions-grid-run-totals");
});

test("the human export reads as the API's rows in major units, names, file lines and Berlin time", async ({ request }) => {
  await page.goto(`${baseUrl()}/exceptions?streamRunId=${marketRun}&sort=-amount`);
  await expect(page.getByRole("grid", { name: "Exceptions" }).getByRole("row").nth(1)).toBeVisible();
  // The export asks for the reader's zone, which the page learns once it runs in the browser.
  const exportLink = page.getByRole("link", { name: "Export CSV" });
  await expect(exportLink).toHaveAttribute("href", /timeZone=Europe%2FBerlin/);
  const [download] = await Promise.all([page.waitForEvent("download"), exportLink.click()]);
  const [header, ...lines] = await parseCsv(readFileSync((await download.path())!, "utf8"));
  const expected = await listAll(request, `streamRunId=${marketRun}&status=open,in_review&sort=-amount`);
  expect(expected.length).toBeGreaterThan(0);
  const column = (name: string) => {
    const index = header!.indexOf(name);
    expect(index, `column ${name} in ${header!.join(", ")}`).toBeGreaterThanOrEqual(0);
    return index;
  };
  expect(lines.map((line) => line[column("Exception")])).toEqual(expected.map((exception) => exception.id));
  const berlin = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
  const fileLines = (refs: ApiRowRef[]) => refs.map((ref) => `${fileNames.get(ref.sourceId)} line ${ref.line}`).join("; ");
  for (const [index, exception] of expected.entries()) {
    const line = lines[index]!;
    expect(line[column("Amount")]).toBe(exception.amountMinor === null || !exception.currency ? "" : minorToDecimalString(exception.amountMinor, exception.currency));
    expect(line[column("Currency")]).toBe(exception.currency ?? "");
    expect(line[column("Stream")]).toBe("Marketplace payouts");
    expect(line[column("Step")]).toBe(exception.stepKey);
    expect(line[column("Source rows")]).toBe(fileLines(exception.sourceRows));
    expect(line[column("Target rows")]).toBe(fileLines(exception.targetRows));
    expect(line[column("First seen (Europe/Berlin)")]).toBe(berlin.format(new Date(exception.firstSeenAt)));
    // The message names files and lines, as the API's does; no internal id in a sentence.
    expect(line[column("Message")]).toBe(exception.message);
    expect(line[column("Message")]).not.toMatch(/file_/);
  }
  expect(lines.some((line) => line[column("Amount")] !== "" && line[column("Amount")]!.includes("."))).toBe(true);
});

test("a match by hand says its refusals next to the fields, and then who matched which rows, without ids", async ({ request }) => {
  const open = await listAll(request, `streamRunId=${marketRun}&status=open`);
  const reference = (exception: ApiException) => String((exception.sourceRows[0] ?? exception.targetRows[0])!.values.reference);
  const source = open.find((exception) => exception.type === "MISSING_IN_TARGET" && exception.currency === "EUR")!;
  const target = open.find((exception) => exception.type === "MISSING_IN_SOURCE" && exception.currency === "EUR")!;
  expect(source.amountMinor).not.toBe(target.amountMinor);
  const difference = formatMoney(source.amountMinor! - target.amountMinor!, "EUR", "en-US");

  await page.goto(`${baseUrl()}/exceptions?streamRunId=${marketRun}&status=open`);
  const grid = page.getByRole("grid", { name: "Exceptions" });
  await grid.getByRole("checkbox", { name: `Select exception ${source.id}` }).check();
  await grid.getByRole("checkbox", { name: `Select exception ${target.id}` }).check();
  const panel = page.getByRole("region", { name: "Manual match" });
  // Sums that differ: the server refuses, and the panel says what to do, with the difference, not the API's field names.
  await panel.getByRole("button", { name: "Match 1 + 1" }).click();
  await expect(panel.getByRole("alert")).toContainText(`The two sides differ by ${difference}. To match them anyway, tick “Match despite the difference” and give a reason.`);
  // Forcing without a reason: the message sits at the reason field.
  await panel.getByLabel("Match despite the difference").check();
  await panel.getByRole("button", { name: "Match 1 + 1" }).click();
  await expect(panel.getByText("Say why the match is right despite the difference.")).toBeVisible();
  await expect(panel).not.toContainText("forceReason");
  await panel.getByLabel("Reason for forcing").fill("Paid together with a later order");
  await panel.getByRole("button", { name: "Match 1 + 1" }).click();

  const outcome = page.getByRole("status").filter({ hasText: "Matched by hand" });
  await expect(outcome).toContainText(`You matched ${reference(source)} with ${reference(target)} by hand just now`);
  await expect(outcome).toContainText(`forced over a difference of ${difference}`);
  await expect(outcome).not.toContainText("mm_");
  await screenshot(page, "exceptions-grid-manual-match");

  // The drawer of the matched exception: its message names file and line, its status says who matched it with which row.
  await page.goto(`${baseUrl()}/exceptions?streamRunId=${marketRun}&status=resolved&open=${source.id}`);
  const drawer = page.getByRole("dialog");
  const line = source.sourceRows[0]!.line;
  await expect(drawer).toContainText(`market_orders.csv line ${line} has no counterpart in market_payments.csv`);
  const note = drawer.getByTestId("manual-match-note");
  await expect(note).toContainText("Matched by hand by ");
  await expect(note).toContainText(`with ${reference(target)}`);
  await expect(note).not.toContainText("mm_");
});

test("select all matching applies a bulk action to every exception the filter matches", async ({ request }) => {
  const query = `streamRunId=${shopRun}&status=open`;
  const before = await listAll(request, query);
  expect(before.length).toBeGreaterThan(200);
  await page.goto(`${baseUrl()}/exceptions?${query}`);
  const grid = page.getByRole("grid", { name: "Exceptions" });
  await expect(grid.getByRole("row").nth(1)).toBeVisible();
  await grid.getByRole("checkbox", { name: "Select all loaded exceptions" }).check();
  await expect(page.getByText("200 selected", { exact: true })).toBeVisible();
  const total = before.length.toLocaleString("en-US");
  await page.getByRole("button", { name: `Select all ${total} matching the filter` }).click();
  await expect(page.getByText(`${total} selected, all matching the filter`)).toBeVisible();
  await page.getByLabel("Bulk action").selectOption("in_review");
  await page.getByRole("button", { name: `Apply to ${total}` }).click();
  await expect(page.getByText(`${before.length} exceptions updated.`)).toBeVisible();
  expect(await listAll(request, query)).toEqual([]);
  const reviewed = await listAll(request, `streamRunId=${shopRun}&status=in_review`);
  expect(new Set(reviewed.map((exception) => exception.id))).toEqual(new Set(before.map((exception) => exception.id)));
  // The other stream's run was not touched.
  expect((await listAll(request, `streamRunId=${marketRun}&status=in_review`)).length).toBe(0);
});
