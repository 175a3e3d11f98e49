import type { Runner } from "graphile-worker";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "~/platform/env.server";
import { PREVIEW_MAX_LINE, previewFile } from "~/modules/files/preview.server";
import { startWorker } from "../../../worker/runner";
import { createTestOrg, type TestOrg } from "../../support/factories";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

/**
 * An exception names the file and line each of its rows came from; the
 * drawer links there, and the file's preview then shows the rows around
 * that line. Lines are the file's own (a quoted field may span several), so
 * the window is found by line, not by row number.
 */
let baseUrl: string;
let org: TestOrg;
let operator: ApiClient;
let runner: Runner;
let fileId: string;

// Header on line 1; row k (k = 1..60) on its own line k + 1, except row 30, whose quoted note spans two lines (31 and 32).
const ROWS = Array.from({ length: 60 }, (_, index) => {
  const k = index + 1;
  return k === 30 ? `ORD-${k},${k}.00,"two\nlines"` : `ORD-${k},${k}.00,plain`;
});
const CSV = `order_id,amount,note\n${ROWS.join("\n")}\n`;
/** The line each row starts on, as the reader numbers them. */
const lineOfRow = (k: number) => (k <= 30 ? k + 1 : k + 2);

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg("Provenance Inc");
  operator = apiClient(baseUrl, org.keys.operator);
  runner = await startWorker({ connectionString: getEnv().DATABASE_URL!, concurrency: 1, logger: pino({ level: "silent" }), withCron: false });
  const form = new FormData();
  form.append("file", new Blob([CSV], { type: "text/csv" }), "orders.csv");
  const created = await fetch(`${baseUrl}/api/v1/files`, { method: "POST", headers: { Authorization: `Bearer ${org.keys.operator}` }, body: form });
  expect(created.status).toBe(201);
  fileId = ((await created.json()) as { id: string }).id;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const file = (await (await operator.get(`/api/v1/files/${fileId}`)).json()) as { status: string };
    if (file.status === "ready") break;
    if (file.status !== "processing" || Date.now() > deadline) throw new Error(`file did not become ready: ${JSON.stringify(file)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

afterAll(async () => {
  await runner?.stop();
});

describe("a preview around a line", () => {
  it("shows the rows centred on the line asked for", async () => {
    const preview = await previewFile(org.ownerCtx, fileId, 5, { aroundLine: lineOfRow(12) });
    expect(preview.rows.map((row) => row.line)).toEqual([10, 11, 12, 13, 14].map(lineOfRow));
    expect(preview.rows[2]!.values.order_id).toEqual({ raw: "ORD-12", value: "ORD-12" });
  });

  it("counts lines past a field that spans two of them", async () => {
    const preview = await previewFile(org.ownerCtx, fileId, 3, { aroundLine: lineOfRow(45) });
    expect(preview.rows.map((row) => row.values.order_id!.raw)).toEqual(["ORD-44", "ORD-45", "ORD-46"]);
    expect(preview.rows.map((row) => row.line)).toEqual([lineOfRow(44), lineOfRow(45), lineOfRow(46)]);
  });

  it("ends with the last rows when the line is near the end, and starts with the first near the start", async () => {
    const end = await previewFile(org.ownerCtx, fileId, 5, { aroundLine: lineOfRow(60) });
    expect(end.rows.map((row) => row.values.order_id!.raw)).toEqual(["ORD-56", "ORD-57", "ORD-58", "ORD-59", "ORD-60"]);
    const start = await previewFile(org.ownerCtx, fileId, 5, { aroundLine: 2 });
    expect(start.rows.map((row) => row.values.order_id!.raw)).toEqual(["ORD-1", "ORD-2", "ORD-3", "ORD-4", "ORD-5"]);
  });

  it("without a line, still shows the first rows", async () => {
    const preview = await previewFile(org.ownerCtx, fileId, 3);
    expect(preview.rows.map((row) => row.line)).toEqual([2, 3, 4]);
  });

  it("refuses a line that is not a line number, naming the parameter", async () => {
    for (const line of [0, -3, 1.5, Number.NaN, PREVIEW_MAX_LINE + 1]) {
      await expect(previewFile(org.ownerCtx, fileId, 5, { aroundLine: line })).rejects.toMatchObject({
        status: 422,
        errors: [{ parameter: "line", message: `must be a whole number from 1 to ${PREVIEW_MAX_LINE}` }],
      });
    }
  });
});
