import { readFileSync } from "node:fs";
import { parseString } from "@fast-csv/parse";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { formatMoney, minorToDecimalString } from "~/components/format";
import { baseUrl, createOrg, freshPage, screenshot, signIn, type E2eOrg } from "./support/app";

/**
 * The grid an operator can use (issue #20, part 2), at 1440 px in Berlin
 * time: a link's filters with empty and unknown parameters, search by Enter
 * and by Apply, totals over the whole filter, the filter by run, the human
 * export read back against the API, and "select all matching". The data is
 * the demo (the e-commerce pack run by the real worker); every expectation
 * comes from the API.
 */
interface ApiException {
  id: string;
  streamRunId: string;
  amountMinor: number | null;
  currency: string | null;
  firstSeenAt: string;
  status: string;
  sourceRows: Array<{ values: Record<string, string | number | null> }>;
}
interface Totals {
  count: number;
  amountMinorByCurrency: Record<string, number>;
  withoutAmount: number;
}

let org: E2eOrg;
let page: Page;
let runId: string;

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1440, height: 900 }, timezoneId: "Europe/Berlin", locale: "en-US" });

async function api<T>(request: APIRequestContext, url: string): Promise<T> {
  const response = await request.get(`${baseUrl()}${url}`, { headers: { Authorization: `Bearer ${org.apiKey}` } });
  expect(response.status(), `${url}: ${await response.text()}`).toBe(200);
  return (await response.json()) as T;
}

async function listAll(request: APIRequestContext, query: string): Promise<ApiException[]> {
  const all: ApiException[] = [];
  let cursor: string | null = null;
  do {
    const body: { data: ApiException[]; nextCursor: string | null } = await api(request, `/api/v1/exceptions?limit=500&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    all.push(...body.data);
    cursor = body.nextCursor;
  } while (cursor);
  return all;
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
  testInfo.setTimeout(600_000);
  org = createOrg("Grid Co", "owner@grid.test");
  page = await freshPage(browser);
  await signIn(page, org.email, org.password);
  await page.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByText("Demo data loaded")).toBeVisible({ timeout: 30_000 });
  await expect
    .poll(async () => (await listAll(request, "status=open,in_review,resolved,written_off,ignored"))[0]?.streamRunId ?? null, { timeout: 420_000, intervals: [2000] })
    .not.toBeNull();
  runId = (await listAll(request, "status=open,in_review,resolved,written_off,ignored"))[0]!.streamRunId;
  await expect.poll(async () => (await api<{ state: string }>(request, `/api/v1/stream-runs/${runId}`)).state, { timeout: 180_000, intervals: [1000] }).toMatch(/succeeded|failed/);
});

test("a link with empty and unknown filters opens with a notice, and search works by Enter and by Apply", async ({ request }) => {
  await page.goto(`${baseUrl()}/exceptions?streamRunId=${runId}&severity=&type=&q=&colour=blue`);
  const notice = page.getByRole("status").filter({ hasText: "Some filters in the link were left out" });
  await expect(notice).toContainText("colour");
  const grid = page.getByRole("grid", { name: "Exceptions" });
  await expect(grid.getByRole("row").nth(1)).toBeVisible();
  const everything = await listAll(request, `streamRunId=${runId}&status=open,in_review`);
  const reference = String(everything.find((exception) => exception.sourceRows[0]?.values.reference)!.sourceRows[0]!.values.reference);

  await page.getByRole("searchbox", { name: "Search" }).fill(reference);
  await page.getByRole("searchbox", { name: "Search" }).press("Enter");
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(reference)}`));
  expect(new URL(page.url()).searchParams.get("streamRunId")).toBe(runId);
  expect([...new URL(page.url()).searchParams].filter(([, value]) => value === "")).toEqual([]);
  const found = await listAll(request, `streamRunId=${runId}&status=open,in_review&q=${encodeURIComponent(reference)}`);
  expect(found.length).toBeGreaterThan(0);
  await expect(page.getByText(`${found.length} loaded, all shown`)).toBeVisible();

  await page.getByRole("searchbox", { name: "Search" }).fill("");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).not.toHaveURL(/q=/);
  await expect(page.getByText(`${Math.min(everything.length, 200)} loaded`)).toBeVisible();
  await screenshot(page, "exceptions-grid-1440");
  // Every default column fits at 1440 px: the last header is inside the viewport.
  const lastHeader = grid.getByRole("columnheader").last();
  await expect(lastHeader).toHaveText("Assignee");
  const box = (await lastHeader.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(1440);
});

test("the totals cover the whole filter, and the run filter narrows them", async ({ request }) => {
  await page.goto(`${baseUrl()}/exceptions`);
  const allTotals = await api<Totals>(request, "/api/v1/exceptions/totals?status=open,in_review");
  const totals = page.getByTestId("exception-totals");
  for (const text of totalsText(allTotals)) await expect(totals).toContainText(text);

  const streams = await api<{ data: Array<{ id: string; name: string }> }>(request, "/api/v1/streams?limit=100");
  await page.getByRole("combobox", { name: "Stream" }).selectOption({ label: streams.data.find((stream) => stream.name === "Demo store payouts")!.name });
  await page.getByRole("combobox", { name: "Run" }).selectOption(runId);
  await expect(page).toHaveURL(new RegExp(`streamRunId=${runId}`));
  const runTotals = await api<Totals>(request, `/api/v1/exceptions/totals?status=open,in_review&streamRunId=${runId}`);
  for (const text of totalsText(runTotals)) await expect(totals).toContainText(text);
  await screenshot(page, "exceptions-grid-run-totals");
});

test("the human export reads as the API's rows in major units, names and Berlin time", async ({ request }) => {
  await page.goto(`${baseUrl()}/exceptions?streamRunId=${runId}&sort=-amount`);
  await expect(page.getByRole("grid", { name: "Exceptions" }).getByRole("row").nth(1)).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const [header, ...lines] = await parseCsv(readFileSync((await download.path())!, "utf8"));
  const expected = await listAll(request, `streamRunId=${runId}&status=open,in_review&sort=-amount`);
  const column = (name: string) => header!.indexOf(name);
  expect(header).toEqual(expect.arrayContaining(["Exception", "Amount", "Currency", "Stream", "Step", "First seen (Europe/Berlin)"]));
  expect(lines.map((line) => line[column("Exception")])).toEqual(expected.map((exception) => exception.id));
  const berlin = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
  for (const [index, exception] of expected.entries()) {
    const line = lines[index]!;
    expect(line[column("Amount")]).toBe(exception.amountMinor === null || !exception.currency ? "" : minorToDecimalString(exception.amountMinor, exception.currency));
    expect(line[column("Currency")]).toBe(exception.currency ?? "");
    expect(line[column("Stream")]).toBe("Demo store payouts");
    expect(line[column("First seen (Europe/Berlin)")]).toBe(berlin.format(new Date(exception.firstSeenAt)));
  }
});

test("select all matching applies a bulk action to every exception the filter matches", async ({ request }) => {
  const query = `streamRunId=${runId}&status=open`;
  const before = await listAll(request, query);
  await page.goto(`${baseUrl()}/exceptions?${query}`);
  const grid = page.getByRole("grid", { name: "Exceptions" });
  await expect(grid.getByRole("row").nth(1)).toBeVisible();
  await grid.getByRole("checkbox", { name: "Select all loaded exceptions" }).check();
  const loaded = Math.min(before.length, 200);
  await expect(page.getByText(`${loaded} selected`, { exact: true })).toBeVisible();
  if (before.length > loaded) {
    await page.getByRole("button", { name: `Select all ${before.length.toLocaleString("en-US")} matching the filter` }).click();
    await expect(page.getByText(`${before.length.toLocaleString("en-US")} selected, all matching the filter`)).toBeVisible();
  }
  await page.getByLabel("Bulk action").selectOption("in_review");
  await page.getByRole("button", { name: `Apply to ${before.length.toLocaleString("en-US")}` }).click();
  await expect(page.getByText(`${before.length} exceptions updated.`)).toBeVisible();
  expect(await listAll(request, query)).toEqual([]);
  const reviewed = await listAll(request, `streamRunId=${runId}&status=in_review`);
  expect(new Set(reviewed.map((exception) => exception.id))).toEqual(new Set(before.map((exception) => exception.id)));
});
