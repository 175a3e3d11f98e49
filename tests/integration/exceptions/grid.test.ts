import { parseString } from "@fast-csv/parse";
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { exceptionFilterChoices } from "~/modules/exceptions/filter-choices.server";
import { getDb } from "~/platform/db/client";
import { exceptions } from "~/platform/db/schema";
import { createTestOrg, TEST_PASSWORD, type TestOrg } from "../../support/factories";
import { insertStreamRun, type StreamRunRows } from "../../support/stream-rows";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";
import { insertExceptions } from "./exception-rows";

/**
 * The grid an operator works from (issue #20): totals over the whole filter,
 * filters by stream, run, step and file (org-scoped), empty amounts last in
 * both amount orders, and the human export beside the machine one.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely; the assertions pin their shape
type Loose = Record<string, any>;

let baseUrl: string;
let org: TestOrg;
let otherOrg: TestOrg;
let viewer: ApiClient;
let payouts: StreamRunRows;
let bank: StreamRunRows;
let foreignRun: StreamRunRows;
const ids: Record<string, string> = {};
const FIRST_SEEN = new Date("2026-07-01T10:00:00Z");

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg();
  otherOrg = await createTestOrg();
  viewer = apiClient(baseUrl, org.keys.viewer);
  payouts = await insertStreamRun(org, { streamName: "Stripe payouts", steps: [{ key: "orders" }, { key: "payouts" }] });
  bank = await insertStreamRun(org, { streamName: "Bank", steps: [{ key: "orders" }] });
  foreignRun = await insertStreamRun(otherOrg, { streamName: "Elsewhere", steps: [{ key: "orders" }] });
  const [big, refund, dollars, yen, blankEuro, blank] = await insertExceptions(org.orgId, payouts, [
    { amountMinor: 11798, currency: "EUR", reference: "INV-1", firstSeenAt: FIRST_SEEN },
    { amountMinor: -500, currency: "EUR", reference: "INV-2" },
    { amountMinor: 250, currency: "USD", reference: "INV-3" },
    { amountMinor: 1234, currency: "JPY", reference: "INV-4" },
    { amountMinor: null, currency: "EUR", reference: "INV-5" },
    { amountMinor: null, currency: null, reference: "INV-6" },
  ]);
  Object.assign(ids, { big, refund, dollars, yen, blankEuro, blank });
  const [payoutA, payoutB] = await insertExceptions(org.orgId, payouts, [{ amountMinor: 1000 }, { amountMinor: 1000 }], 1);
  Object.assign(ids, { payoutA, payoutB });
  const [bankEuro, bankPounds] = await insertExceptions(org.orgId, bank, [{ amountMinor: 7 }, { amountMinor: 300, currency: "GBP" }]);
  Object.assign(ids, { bankEuro, bankPounds });
  await insertExceptions(otherOrg.orgId, foreignRun, [{ amountMinor: 99_999 }]);
  await getDb().update(exceptions).set({ assigneeId: org.ownerUserId }).where(eq(exceptions.id, big!));
});

async function json(response: Response): Promise<Loose> {
  expect(response.headers.get("content-type") ?? "").toMatch(/json/);
  return (await response.json()) as Loose;
}

async function listIds(query: string): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await json(await viewer.get(`/api/v1/exceptions?limit=3&${query}${cursor ? `&cursor=${cursor}` : ""}`));
    seen.push(...(page.data as Loose[]).map((row) => row.id as string));
    cursor = page.nextCursor as string | null;
  } while (cursor);
  return seen;
}

function parseCsv(text: string): Promise<Array<Record<string, string>>> {
  return new Promise((resolve, reject) => {
    const rows: Array<Record<string, string>> = [];
    parseString(text, { headers: true })
      .on("data", (row: Record<string, string>) => rows.push(row))
      .on("error", reject)
      .on("end", () => resolve(rows));
  });
}

describe("totals for a filter", () => {
  it("count every matching exception and sum amounts per currency in exact minor units, not just one page", async () => {
    const page = await json(await viewer.get(`/api/v1/exceptions?limit=2&streamRunId=${payouts.runId}`));
    expect(page.hasMore).toBe(true);
    const totals = await json(await viewer.get(`/api/v1/exceptions/totals?streamRunId=${payouts.runId}`));
    expect(totals).toEqual({ object: "exception_totals", count: 8, amountMinorByCurrency: { EUR: 11798 - 500 + 1000 + 1000, JPY: 1234, USD: 250 }, withoutAmount: 2 });
  });

  it("follow the other filters, like the status", async () => {
    await getDb().update(exceptions).set({ status: "ignored" }).where(eq(exceptions.id, ids.bankPounds!));
    const open = await json(await viewer.get(`/api/v1/exceptions/totals?streamId=${bank.streamId}&status=open`));
    expect(open).toEqual({ object: "exception_totals", count: 1, amountMinorByCurrency: { EUR: 7 }, withoutAmount: 0 });
    const any = await json(await viewer.get(`/api/v1/exceptions/totals?streamId=${bank.streamId}`));
    expect(any.amountMinorByCurrency).toEqual({ EUR: 7, GBP: 300 });
  });
});

describe("filters by stream, run, step and file", () => {
  it("by stream keeps one stream's exceptions", async () => {
    expect(new Set(await listIds(`streamId=${bank.streamId}`))).toEqual(new Set([ids.bankEuro, ids.bankPounds]));
  });

  it("by step key, within a stream, keeps that step's exceptions across the stream", async () => {
    expect(new Set(await listIds(`streamId=${payouts.streamId}&stepKey=payouts`))).toEqual(new Set([ids.payoutA, ids.payoutB]));
  });

  it("by file keeps exceptions whose rows came from that file", async () => {
    expect(new Set(await listIds(`fileId=${bank.inputFiles[0]!.id}`))).toEqual(new Set([ids.bankEuro, ids.bankPounds]));
  });

  it("by another organization's run or file find nothing, in the list, the totals and the export", async () => {
    expect(await listIds(`streamRunId=${foreignRun.runId}`)).toEqual([]);
    expect(await listIds(`fileId=${foreignRun.inputFiles[0]!.id}`)).toEqual([]);
    expect(await json(await viewer.get(`/api/v1/exceptions/totals?streamRunId=${foreignRun.runId}`))).toEqual({ object: "exception_totals", count: 0, amountMinorByCurrency: {}, withoutAmount: 0 });
    const csv = await (await viewer.get(`/api/v1/exceptions/export?streamRunId=${foreignRun.runId}`)).text();
    expect(csv.split("\r\n").filter(Boolean)).toHaveLength(1);
  });

  it("reject an empty step key as a located 400, like every other parameter", async () => {
    const response = await viewer.get(`/api/v1/exceptions?stepKey=`);
    expect(response.status).toBe(400);
    expect((await json(response)).errors).toEqual([expect.objectContaining({ parameter: "stepKey" })]);
  });
});

describe("the choices the stream, run and step filters offer", () => {
  it("are this org's streams with exceptions, and the chosen run's stream's runs and steps", async () => {
    await insertStreamRun(org, { streamName: "Quiet", steps: [{ key: "orders" }] });
    const choices = await exceptionFilterChoices(org.ownerCtx, { streamRunId: payouts.runId, fileId: bank.inputFiles[0]!.id });
    expect(choices.streams).toEqual([
      { id: bank.streamId, name: "Bank" },
      { id: payouts.streamId, name: "Stripe payouts" },
    ]);
    expect(choices.streamId).toBe(payouts.streamId);
    expect(choices.runs.map((run) => run.id)).toEqual([payouts.runId]);
    expect(choices.steps).toEqual(["orders", "payouts"]);
    expect(choices.fileName).toBe(bank.inputFiles[0]!.name);
  });

  it("know nothing of another organization's run", async () => {
    const choices = await exceptionFilterChoices(org.ownerCtx, { streamRunId: foreignRun.runId });
    expect(choices).toMatchObject({ streamId: null, runs: [], steps: [] });
  });
});

describe("sorting by amount", () => {
  const run = () => `streamRunId=${payouts.runId}&stepKey=orders`;

  it("puts exceptions without an amount last when the largest come first", async () => {
    expect(await listIds(`${run()}&sort=-amount`)).toEqual([ids.big, ids.yen, ids.dollars, ids.refund, ...[ids.blankEuro!, ids.blank!].sort().reverse()]);
  });

  it("puts exceptions without an amount last when the smallest come first", async () => {
    expect(await listIds(`${run()}&sort=amount`)).toEqual([ids.refund, ids.dollars, ids.yen, ids.big, ...[ids.blankEuro!, ids.blank!].sort()]);
  });
});

describe("the export", () => {
  it("gives API keys the machine columns by default, as scripts expect", async () => {
    const rows = await parseCsv(await (await viewer.get(`/api/v1/exceptions/export?streamRunId=${payouts.runId}&stepKey=orders&sort=-amount`)).text());
    expect(rows[0]).toMatchObject({ id: ids.big, amountMinor: "11798", currency: "EUR", streamRunId: payouts.runId, assigneeId: org.ownerUserId, firstSeenAt: FIRST_SEEN.toISOString() });
  });

  it("gives people amounts in major units, names, file lines and times in their zone", async () => {
    const response = await viewer.get(`/api/v1/exceptions/export?columns=human&timeZone=Europe/Berlin&streamRunId=${payouts.runId}&stepKey=orders&sort=-amount`);
    const rows = await parseCsv(await response.text());
    expect(rows.slice(0, 4).map((row) => [row.Amount, row.Currency])).toEqual([
      ["117.98", "EUR"],
      ["1234", "JPY"],
      ["2.50", "USD"],
      ["-5.00", "EUR"],
    ]);
    expect(rows.slice(4).map((row) => row.Amount)).toEqual(["", ""]);
    expect(rows[0]).toMatchObject({
      Exception: ids.big,
      Status: "open",
      Stream: "Stripe payouts",
      Step: "orders",
      "Source rows": `${payouts.inputFiles[0]!.name} line 2`,
      Assignee: "Owner",
      "First seen (Europe/Berlin)": "2026-07-01 12:00",
      Overdue: expect.stringMatching(/^(yes|no)$/),
    });
    expect(Object.keys(rows[0]!)).not.toContain("amountMinor");
  });

  it("writes human amounts as numbers in XLSX", async () => {
    const response = await viewer.get(`/api/v1/exceptions/export?format=xlsx&columns=human&streamRunId=${payouts.runId}&stepKey=orders&sort=-amount`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("Exceptions")!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const amount = header.indexOf("Amount") + 1;
    expect(header).toContain("First seen (UTC)");
    expect([2, 3, 4, 5].map((row) => sheet.getRow(row).getCell(amount).value)).toEqual([117.98, 1234, 2.5, -5]);
  });

  it("gives a signed-in person the human columns by default", async () => {
    const login = await fetch(`${baseUrl}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: org.ownerEmail, password: TEST_PASSWORD }),
    });
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const response = await fetch(`${baseUrl}/api/v1/exceptions/export?streamRunId=${bank.runId}`, { headers: { Cookie: cookie } });
    const rows = await parseCsv(await response.text());
    expect(rows.map((row) => row.Stream)).toEqual(["Bank", "Bank"]);
  });

  it("refuses a time zone nobody has heard of, naming the parameter", async () => {
    const response = await viewer.get(`/api/v1/exceptions/export?columns=human&timeZone=Mars/Olympus`);
    expect(response.status).toBe(400);
    expect((await json(response)).errors).toEqual([expect.objectContaining({ parameter: "timeZone" })]);
  });
});
