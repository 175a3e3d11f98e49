import { parseString } from "@fast-csv/parse";
import { eq } from "drizzle-orm";
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDashboard } from "~/modules/dashboard/index.server";
import { getDb } from "~/platform/db/client";
import { exceptions } from "~/platform/db/schema";
import { createTestOrg, type TestOrg } from "../../support/factories";
import { startTestWorker, waitFor } from "../../support/streams";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

/**
 * A run's exception messages in words (issue #20 §3): a missing row is
 * "orders.csv line 4 has no counterpart in payments.csv", in the list, the
 * detail and the export, with no file id in the sentence. The engine stores
 * its own message (with ids); the words are put in as rows are read, so rows
 * stored before this change read the same way. A second step reads the first
 * one's leftovers: its rows keep their original file and line, and the side
 * they found no counterpart in is named by that step.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely; the assertions pin their shape
type Loose = Record<string, any>;

const csv = (...lines: string[]) => [...lines, ""].join("\n");
const HEADER = "order_ref,amount,currency,created";
const ORDERS = csv("Order ID,Total,Currency,Date", "SO-1,10.00,EUR,2026-03-01", "SO-2,20.00,EUR,2026-03-02", "SO-3,30.00,EUR,2026-03-03");
const PAYMENTS = csv(HEADER, "SO-1,10.00,EUR,2026-03-01", "SO-2,20.00,EUR,2026-03-02", "PAY-9,99.00,EUR,2026-03-05", "PAY-8,8.00,EUR,2026-03-06");
const REFUNDS = csv(HEADER, "PAY-9,99.00,EUR,2026-03-05", "PAY-7,7.00,EUR,2026-03-07");

const paymentSide = {
  mappings: [
    { field: "id", column: "order_ref" },
    { field: "amount", column: "amount", transforms: [{ op: "parseAmount" }] },
    { field: "currency", column: "currency" },
    { field: "date", column: "created", transforms: [{ op: "parseDate", format: "yyyy-MM-dd" }] },
  ],
};
const ORDERS_VS_PAYMENTS = {
  source: {
    mappings: [
      { field: "id", column: "Order ID" },
      { field: "amount", column: "Total", transforms: [{ op: "parseAmount" }] },
      { field: "currency", column: "Currency" },
      { field: "date", column: "Date", transforms: [{ op: "parseDate", format: "yyyy-MM-dd" }] },
    ],
  },
  target: paymentSide,
  passes: [{ name: "order id", keys: ["id"] }],
};
const LEFTOVERS_VS_REFUNDS = { source: paymentSide, target: paymentSide, passes: [{ name: "reference", keys: ["id"] }] };

let org: TestOrg;
let runner: Runner;
let admin: ApiClient;
let runId: string;
const fileIds: Record<string, string> = {};

async function body(response: Response): Promise<Loose> {
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return (await response.json()) as Loose;
}

async function upload(baseUrl: string, name: string, content: string): Promise<string> {
  const form = new FormData();
  form.append("file", new Blob([content], { type: "text/csv" }), name);
  const { id } = await body(await fetch(`${baseUrl}/api/v1/files`, { method: "POST", headers: { Authorization: `Bearer ${org.keys.operator}` }, body: form }));
  await waitFor(async () => ((await body(await admin.get(`/api/v1/files/${id}`))).status === "ready" ? true : undefined), 120_000, `profiling of ${name}`);
  return id as string;
}

beforeAll(async () => {
  const { baseUrl } = await startWebApp();
  org = await createTestOrg();
  admin = apiClient(baseUrl, org.keys.admin);
  runner = await startTestWorker(2);
  fileIds.orders = await upload(baseUrl, "orders.csv", ORDERS);
  fileIds.payments = await upload(baseUrl, "payments.csv", PAYMENTS);
  fileIds.refunds = await upload(baseUrl, "refunds.csv", REFUNDS);
  const first = await body(await admin.post("/api/v1/rule-sets", { name: "Orders vs payments", definition: ORDERS_VS_PAYMENTS }));
  const second = await body(await admin.post("/api/v1/rule-sets", { name: "Leftover payments vs refunds", definition: LEFTOVERS_VS_REFUNDS }));
  const stream = await body(
    await admin.post("/api/v1/streams", {
      name: "Payments",
      definition: {
        steps: [
          { key: "orders_payments", name: "Orders vs payments", ruleSetId: first.id, inputs: { source: { kind: "FILE", fileId: fileIds.orders }, target: { kind: "FILE", fileId: fileIds.payments } } },
          { key: "refunds", name: "Leftovers vs refunds", ruleSetId: second.id, inputs: { source: { kind: "STEP_OUTPUT_UNMATCHED_TARGET", stepKey: "orders_payments" }, target: { kind: "FILE", fileId: fileIds.refunds } } },
        ],
      },
    }),
  );
  runId = (await body(await admin.post(`/api/v1/streams/${stream.id}/runs`, {}))).id as string;
  await waitFor(async () => {
    const run = await body(await admin.get(`/api/v1/stream-runs/${runId}`));
    if (run.state === "failed") throw new Error(JSON.stringify(run.failure));
    return run.state === "succeeded" ? true : undefined;
  }, 120_000, "the run to end");
}, 240_000);

afterAll(async () => {
  await runner?.stop();
});

function parseCsv(text: string): Promise<Array<Record<string, string>>> {
  return new Promise((resolve, reject) => {
    const rows: Array<Record<string, string>> = [];
    parseString(text, { headers: true })
      .on("data", (row: Record<string, string>) => rows.push(row))
      .on("error", reject)
      .on("end", () => resolve(rows));
  });
}

describe("a run's exception messages", () => {
  it("name the file and line of each missing row and what it has no counterpart in, with no file id", async () => {
    const list = await body(await admin.get(`/api/v1/exceptions?streamRunId=${runId}&sort=created`));
    const messages = (list.data as Loose[]).map((exception) => [exception.stepKey, exception.type, exception.message]);
    expect(messages).toEqual([
      ["orders_payments", "MISSING_IN_TARGET", "orders.csv line 4 has no counterpart in payments.csv"],
      ["refunds", "MISSING_IN_TARGET", "payments.csv line 5 has no counterpart in refunds.csv"],
      ["refunds", "MISSING_IN_SOURCE", "refunds.csv line 3 has no counterpart in the rows step orders_payments left unmatched"],
    ]);
    for (const exception of list.data as Loose[]) {
      expect(exception.message).not.toMatch(/file_/);
      // The ids stay in the structured rows, for the drawer and scripts.
      expect([...exception.sourceRows, ...exception.targetRows].map((row: Loose) => row.sourceId)).toEqual(expect.arrayContaining([expect.stringMatching(/^file_/)]));
    }

    // What is stored is the engine's message; the words are made as it is read, so older rows read the same.
    const stored = await getDb().select({ message: exceptions.message }).from(exceptions).where(eq(exceptions.id, list.data[0].id));
    expect(stored[0]!.message).toBe(`Source row ${fileIds.orders}:4 has no target counterpart`);
  });

  it("read the same in the detail, its closest-rule explanation and both exports", async () => {
    const list = await body(await admin.get(`/api/v1/exceptions?streamRunId=${runId}&sort=created`));
    const first = list.data[0] as Loose;
    const detail = await body(await admin.get(`/api/v1/exceptions/${first.id}`));
    expect(detail.message).toBe("orders.csv line 4 has no counterpart in payments.csv");
    expect(detail.closestRule.why).toMatch(/^orders\.csv line 4 has no counterpart in payments\.csv/);

    for (const columns of ["human", "machine"]) {
      const response = await admin.get(`/api/v1/exceptions/export?streamRunId=${runId}&sort=created&format=csv&columns=${columns}&timeZone=UTC`);
      expect(response.status).toBe(200);
      const rows = await parseCsv(await response.text());
      const messages = rows.map((row) => row.Message ?? row.message);
      expect(messages).toEqual((list.data as Loose[]).map((exception) => exception.message));
    }
  });

  it("read the same on the dashboard's overdue list", async () => {
    const list = await body(await admin.get(`/api/v1/exceptions?streamRunId=${runId}&sort=created`));
    // Seen long ago, so past any SLA: the dashboard lists it as overdue.
    await getDb().update(exceptions).set({ firstSeenAt: new Date("2020-01-01T00:00:00Z") }).where(eq(exceptions.id, list.data[0].id));
    const dashboard = await getDashboard(org.ownerCtx, { timeZone: "UTC" });
    expect(dashboard.overdue.map((exception) => exception.message)).toEqual(["orders.csv line 4 has no counterpart in payments.csv"]);
  });
});
