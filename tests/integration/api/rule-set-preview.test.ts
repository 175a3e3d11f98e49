import { eq } from "drizzle-orm";
import type { Runner } from "graphile-worker";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import { getEnv } from "~/platform/env.server";
import { getDb } from "~/platform/db/client";
import { uploadedFiles } from "~/platform/db/schema";
import { startWorker } from "../../../worker/runner";
import { createTestOrg, problemOf, type TestOrg } from "../../support/factories";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

type Json = Record<string, unknown>;

let baseUrl: string;
let org: TestOrg;
let otherOrg: TestOrg;
let viewer: ApiClient;
let admin: ApiClient;
let runner: Runner;
let ordersId: string;
let paymentsId: string;

const csv = (...lines: string[]) => [...lines, ""].join("\n");

/** The shop's orders. */
const ORDERS = csv(
  "Order ID,Total,Date,Email",
  "SO-1001,120.00,2026-03-14,ann@example.com",
  "SO-1002,45.50,2026-03-14,bob@example.com",
  "SO-1003,10.00,2026-03-15,ann@example.com",
  "SO-1004,99.99,2026-03-16,cid@example.com",
  "SO-1005,5.00,2026-03-17,dee@example.com",
);

/** The payment provider's export: another layout (; delimited, decimal comma, day-first dates, columns reordered). */
const PAYMENTS = csv(
  "created;customer_email;amount;order_ref",
  "14.03.2026;ann@example.com;120,00;SO-1001",
  "15.03.2026;bob@example.com;45,50;SO-1002",
  "16.03.2026;cid@example.com;99,98;SO-1004",
  "17.03.2026;ann@example.com;12,00;SO-1003",
  "20.03.2026;eve@example.com;7,00;SO-1999",
);

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg("Preview Inc");
  otherOrg = await createTestOrg("Elsewhere Ltd");
  viewer = apiClient(baseUrl, org.keys.viewer);
  admin = apiClient(baseUrl, org.keys.admin);
  runner = await startWorker({
    connectionString: getEnv().DATABASE_URL!,
    concurrency: 2,
    logger: pino({ level: "silent" }),
    withCron: false,
  });
  [ordersId, paymentsId] = await Promise.all([uploadReady("orders.csv", ORDERS), uploadReady("payments.csv", PAYMENTS)]);
});

afterAll(async () => {
  await runner?.stop();
});

/** Uploads over HTTP and waits for the real worker to profile the file; returns its id once it has settled. */
async function upload(name: string, content: string, owner: TestOrg = org): Promise<Json> {
  const form = new FormData();
  form.append("file", new Blob([content], { type: "text/csv" }), name);
  const response = await fetch(`${baseUrl}/api/v1/files`, { method: "POST", headers: { Authorization: `Bearer ${owner.keys.operator}` }, body: form });
  expect(response.status, await response.clone().text()).toBe(201);
  const { id } = (await response.json()) as { id: string };
  const client = apiClient(baseUrl, owner.keys.viewer);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const file = (await (await client.get(`/api/v1/files/${id}`)).json()) as Json;
    if (file.status !== "processing") return file;
    if (Date.now() > deadline) throw new Error(`file ${id} still processing`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function uploadReady(name: string, content: string, owner: TestOrg = org): Promise<string> {
  const file = await upload(name, content, owner);
  expect(file.status).toBe("ready");
  return file.id as string;
}

async function suggestion(sourceFileId = ordersId, targetFileId = paymentsId): Promise<Json> {
  const response = await viewer.post("/api/v1/mappings/suggest", { sourceFileId, targetFileId });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Json;
}

async function createRuleSet(definition: unknown, name = "Orders vs payments"): Promise<string> {
  const response = await admin.post("/api/v1/rule-sets", { name, definition });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function ruleSetFromSuggestion(): Promise<string> {
  return createRuleSet((await suggestion()).definition);
}

function preview(ruleSetId: string, body: Json, client: ApiClient = viewer): Promise<Response> {
  return client.post(`/api/v1/rule-sets/${ruleSetId}/preview`, body);
}

describe("POST /api/v1/mappings/suggest", () => {
  it("proposes the order id pair as the key with the highest confidence, and a valid definition", async () => {
    const body = await suggestion();
    const keyCandidates = body.keyCandidates as Array<{ source: string; target: string; confidence: number }>;
    expect(keyCandidates.map(({ source, target, confidence }) => ({ source, target, confidence }))).toEqual([
      { source: "Order ID", target: "order_ref", confidence: 0.77 },
      { source: "Email", target: "customer_email", confidence: 0.4 },
    ]);
    expect(body).toMatchObject({
      object: "mapping_suggestion",
      sourceFileId: ordersId,
      targetFileId: paymentsId,
      sampledRows: { source: 5, target: 5 },
      firstPass: { confidence: 0.77, because: expect.stringContaining('rows whose "Order ID" equals "order_ref" match') },
    });
    expect(body.definition).toEqual({
      source: {
        mappings: [
          { field: "id", column: "Order ID", transforms: [] },
          { field: "amount", column: "Total", transforms: [{ op: "parseAmount", decimalSeparator: ".", thousandsSeparator: "", sign: "minus", minorUnits: 2 }] },
          { field: "date", column: "Date", transforms: [{ op: "parseDate", format: "yyyy-MM-dd", timeZone: "UTC" }] },
          { field: "email", column: "Email", transforms: [{ op: "trim" }, { op: "lower" }] },
        ],
      },
      target: {
        mappings: [
          { field: "date", column: "created", transforms: [{ op: "parseDate", format: "dd.MM.yyyy", timeZone: "UTC" }] },
          { field: "email", column: "customer_email", transforms: [{ op: "trim" }, { op: "lower" }] },
          { field: "amount", column: "amount", transforms: [{ op: "parseAmount", decimalSeparator: ",", thousandsSeparator: "", sign: "minus", minorUnits: 2 }] },
          { field: "reference", column: "order_ref", transforms: [] },
        ],
      },
      passes: [{ name: "Order ID = order_ref", keys: [{ source: "id", target: "reference" }], amount: { toleranceMinor: 1 }, date: { windowDays: 2 } }],
    });
  });

  it("assembles, from the per-side mappings and the first pass, a definition ruleSetDefinitionSchema accepts", async () => {
    const body = await suggestion();
    const side = (name: "source" | "target") => ({
      mappings: ((body[name] as Json).mappings as Json[]).map(({ field, column, transforms }) => ({ field, column, transforms })),
    });
    const assembled = { source: side("source"), target: side("target"), passes: [(body.firstPass as Json).pass] };
    expect(ruleSetDefinitionSchema.safeParse(assembled).success).toBe(true);
    expect(assembled).toEqual(body.definition);
    for (const mapping of [...((body.source as Json).mappings as Json[]), ...((body.target as Json).mappings as Json[])]) {
      expect(mapping.confidence).toBeGreaterThanOrEqual(0);
      expect(mapping.confidence).toBeLessThanOrEqual(1);
      expect(mapping.because).toEqual(expect.any(String));
    }
  });

  it("answers 404 for another organization's file", async () => {
    const foreignId = await uploadReady("foreign.csv", ORDERS, otherOrg);
    const response = await viewer.post("/api/v1/mappings/suggest", { sourceFileId: ordersId, targetFileId: foreignId });
    expect(response.status).toBe(404);
    expect((await problemOf(response)).type).toBe("/problems/not-found");
  });
});

/** A row as the preview shows it. */
const orderRow = (line: number, id: string, amount: number, date: string, email: string) => ({ line, values: { id, amount, date, email } });
const paymentRow = (line: number, reference: string, amount: number, date: string, email: string) => ({ line, values: { date, email, amount, reference } });

const sameKey = (key: string) => ({ field: "id/reference", source: key, target: key, outcome: "equal", detail: "same key" });
const noCurrency = { field: "currency", source: null, target: null, outcome: "equal", detail: "same currency" };
const PASS = "Order ID = order_ref";

/** What the suggested rule set does with the two files, reason by reason. */
const EXPECTED_MATCHES = [
  {
    pass: PASS,
    cardinality: "1:1",
    score: 1,
    reason: [
      sameKey("SO-1001"),
      noCurrency,
      { field: "amount", source: "120.00", target: "120.00", outcome: "equal", detail: "equal" },
      { field: "date", source: "2026-03-14", target: "2026-03-14", outcome: "equal", detail: "same day" },
    ],
    source: [orderRow(2, "SO-1001", 12000, "2026-03-14", "ann@example.com")],
    target: [paymentRow(2, "SO-1001", 12000, "2026-03-14", "ann@example.com")],
  },
  {
    pass: PASS,
    cardinality: "1:1",
    score: 0.95,
    reason: [
      sameKey("SO-1002"),
      noCurrency,
      { field: "amount", source: "45.50", target: "45.50", outcome: "equal", detail: "equal" },
      { field: "date", source: "2026-03-14", target: "2026-03-15", outcome: "within_tolerance", detail: "1 day apart, within 2" },
    ],
    source: [orderRow(3, "SO-1002", 4550, "2026-03-14", "bob@example.com")],
    target: [paymentRow(3, "SO-1002", 4550, "2026-03-15", "bob@example.com")],
  },
  {
    pass: PASS,
    cardinality: "1:1",
    score: 0.9,
    reason: [
      sameKey("SO-1004"),
      noCurrency,
      { field: "amount", source: "99.99", target: "99.98", outcome: "within_tolerance", detail: "diff 0.01 within tolerance 0.01" },
      { field: "date", source: "2026-03-16", target: "2026-03-16", outcome: "equal", detail: "same day" },
    ],
    source: [orderRow(5, "SO-1004", 9999, "2026-03-16", "cid@example.com")],
    target: [paymentRow(4, "SO-1004", 9998, "2026-03-16", "cid@example.com")],
  },
];

const expectedExceptions = () => [
  {
    type: "MISSING_IN_TARGET",
    severity: "medium",
    pass: null,
    amountDifferenceMinor: null,
    currency: null,
    message: `Source row ${ordersId}:6 has no target counterpart`,
    reason: [
      { field: "id", source: "SO-1005", target: null, outcome: "different", detail: "no target row matched" },
      { field: "amount", source: "5.00", target: null, outcome: "different", detail: "no target row matched" },
      { field: "currency", source: null, target: null, outcome: "different", detail: "no target row matched" },
      { field: "date", source: "2026-03-17", target: null, outcome: "different", detail: "no target row matched" },
    ],
    source: [orderRow(6, "SO-1005", 500, "2026-03-17", "dee@example.com")],
    target: [],
  },
  {
    type: "MISSING_IN_SOURCE",
    severity: "medium",
    pass: null,
    amountDifferenceMinor: null,
    currency: null,
    message: `Target row ${paymentsId}:6 has no source counterpart`,
    reason: [
      { field: "reference", source: null, target: "SO-1999", outcome: "different", detail: "no source row matched" },
      { field: "amount", source: null, target: "7.00", outcome: "different", detail: "no source row matched" },
      { field: "currency", source: null, target: null, outcome: "different", detail: "no source row matched" },
      { field: "date", source: null, target: "2026-03-20", outcome: "different", detail: "no source row matched" },
    ],
    source: [],
    target: [paymentRow(6, "SO-1999", 700, "2026-03-20", "eve@example.com")],
  },
  {
    type: "AMOUNT_MISMATCH",
    severity: "high",
    pass: PASS,
    amountDifferenceMinor: -200,
    currency: null,
    message: 'Key "SO-1003" matched, but amount: diff 2.00 beyond tolerance 0.01',
    reason: [
      sameKey("SO-1003"),
      noCurrency,
      { field: "amount", source: "10.00", target: "12.00", outcome: "different", detail: "diff 2.00 beyond tolerance 0.01" },
      { field: "date", source: "2026-03-15", target: "2026-03-17", outcome: "within_tolerance", detail: "2 days apart, within 2" },
    ],
    source: [orderRow(4, "SO-1003", 1000, "2026-03-15", "ann@example.com")],
    target: [paymentRow(5, "SO-1003", 1200, "2026-03-17", "ann@example.com")],
  },
];

describe("POST /api/v1/rule-sets/{id}/preview", () => {
  it("previews a rule set made from the suggestion: three matches, a wrong amount and one missing on each side", async () => {
    const ruleSetId = await ruleSetFromSuggestion();
    const response = await preview(ruleSetId, { sourceFileId: ordersId, targetFileId: paymentsId });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toEqual({
      object: "rule_set_preview",
      ruleSetId,
      version: 1,
      sourceFileId: ordersId,
      targetFileId: paymentsId,
      limit: 10000,
      truncated: { source: false, target: false },
      summary: {
        source: { rows: 5, matched: 3, unmatched: 2, excluded: 0, amountMinorByClass: { matched: { XXX: 26549 }, unmatched: { XXX: 1500 }, excluded: {} } },
        target: { rows: 5, matched: 3, unmatched: 2, excluded: 0, amountMinorByClass: { matched: { XXX: 26548 }, unmatched: { XXX: 1900 }, excluded: {} } },
        matchesByPass: { [PASS]: 3 },
        exceptionsByType: { MISSING_IN_TARGET: 1, MISSING_IN_SOURCE: 1, AMOUNT_MISMATCH: 1 },
      },
      counts: { matches: 3, exceptions: 3, issues: { source: 0, target: 0 } },
      matches: EXPECTED_MATCHES,
      exceptions: expectedExceptions(),
      issues: { source: [], target: [] },
    });
  });

  it("reads only the first `limit` rows of each file and says which files were cut", async () => {
    const ruleSetId = await ruleSetFromSuggestion();
    const response = await preview(ruleSetId, { sourceFileId: ordersId, targetFileId: paymentsId, limit: 2 });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Json;
    expect(body).toMatchObject({ limit: 2, truncated: { source: true, target: true }, counts: { matches: 2, exceptions: 0 } });
    expect(body.matches).toEqual(EXPECTED_MATCHES.slice(0, 2));
  });

  it("runs the latest version by default and an earlier one when asked", async () => {
    const ruleSetId = await ruleSetFromSuggestion();
    const { definition } = (await (await viewer.get(`/api/v1/rule-sets/${ruleSetId}`)).json()) as { definition: { passes: Json[] } };
    const exact = { ...definition, passes: [{ ...definition.passes[0], amount: { ...(definition.passes[0]!.amount as Json), toleranceMinor: 0 } }] };
    expect((await admin.patch(`/api/v1/rule-sets/${ruleSetId}`, { definition: exact })).status).toBe(200);

    const latest = (await (await preview(ruleSetId, { sourceFileId: ordersId, targetFileId: paymentsId })).json()) as Json;
    expect(latest).toMatchObject({ version: 2, summary: { exceptionsByType: { MISSING_IN_TARGET: 1, MISSING_IN_SOURCE: 1, AMOUNT_MISMATCH: 2 } } });
    const first = (await (await preview(ruleSetId, { sourceFileId: ordersId, targetFileId: paymentsId, version: 1 })).json()) as Json;
    expect(first).toMatchObject({ version: 1, summary: { exceptionsByType: { MISSING_IN_TARGET: 1, MISSING_IN_SOURCE: 1, AMOUNT_MISMATCH: 1 } } });
  });

  it("answers 422 with a pointer into /definition when a mapping names a column the file lacks", async () => {
    const ruleSetId = await createRuleSet(
      {
        source: { mappings: [{ field: "id", column: "Order Number" }] },
        target: { mappings: [{ field: "id", column: "order_ref" }] },
        passes: [{ name: "by id", keys: ["id"] }],
      },
      "Wrong column",
    );
    const response = await preview(ruleSetId, { sourceFileId: ordersId, targetFileId: paymentsId });
    expect(response.status).toBe(422);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ type: "/problems/validation-failed", status: 422 });
    expect(problem.errors).toEqual([
      { pointer: "/definition/source/mappings/0/column", message: 'no column "Order Number" in the file; its columns are "Order ID", "Total", "Date", "Email"' },
    ]);
  });

  it("answers 409 while a file is still processing", async () => {
    const ruleSetId = await ruleSetFromSuggestion();
    const busyId = await uploadReady("busy.csv", ORDERS.replace("SO-1005", "SO-1006"));
    // Back to processing without a job, so the state holds still for the assertion.
    await getDb().update(uploadedFiles).set({ status: "processing" }).where(eq(uploadedFiles.id, busyId));
    const response = await preview(ruleSetId, { sourceFileId: busyId, targetFileId: paymentsId });
    expect(response.status).toBe(409);
    expect((await problemOf(response)).type).toBe("/problems/conflict");
  });

  it("answers 422 with the file's located errors when a file failed profiling", async () => {
    const ruleSetId = await ruleSetFromSuggestion();
    const failed = await upload("broken.csv", csv("Order ID,Total", "SO-1,1.00", "SO-2,2.00,extra"));
    expect(failed.status).toBe("failed");
    const response = await preview(ruleSetId, { sourceFileId: failed.id as string, targetFileId: paymentsId });
    expect(response.status).toBe(422);
    const problem = await problemOf(response);
    expect(problem.errors).toEqual([expect.objectContaining({ file: "broken.csv", line: 3 })]);
  });

  it("answers 404 for another organization's file, exactly as for a missing one", async () => {
    const ruleSetId = await ruleSetFromSuggestion();
    const foreignId = await uploadReady("theirs.csv", PAYMENTS, otherOrg);
    for (const targetFileId of [foreignId, "file_00000000000000000000000000"]) {
      const response = await preview(ruleSetId, { sourceFileId: ordersId, targetFileId });
      expect(response.status).toBe(404);
      expect((await problemOf(response)).type).toBe("/problems/not-found");
    }
  });

  it("answers 404 for a version the rule set does not have", async () => {
    const ruleSetId = await ruleSetFromSuggestion();
    const response = await preview(ruleSetId, { sourceFileId: ordersId, targetFileId: paymentsId, version: 9 });
    expect(response.status).toBe(404);
  });

  it("refuses a limit above 10,000 and unknown body fields", async () => {
    const ruleSetId = await ruleSetFromSuggestion();
    const tooMany = await preview(ruleSetId, { sourceFileId: ordersId, targetFileId: paymentsId, limit: 10_001 });
    expect(tooMany.status).toBe(422);
    expect((await problemOf(tooMany)).errors).toEqual([expect.objectContaining({ pointer: "/limit" })]);
    const unknown = await preview(ruleSetId, { sourceFileId: ordersId, targetFileId: paymentsId, dryRun: true });
    expect(unknown.status).toBe(422);
  });

  it("stores nothing: no rule-set version and no audit event", async () => {
    const ruleSetId = await ruleSetFromSuggestion();
    const owner = apiClient(baseUrl, org.keys.owner);
    const auditBefore = (await (await owner.get("/api/v1/audit-events?limit=500")).json()) as { data: Json[] };
    expect(auditBefore.data[0]).toMatchObject({ action: "rule_set.created", resourceId: ruleSetId });
    expect((await preview(ruleSetId, { sourceFileId: ordersId, targetFileId: paymentsId })).status).toBe(200);
    const auditAfter = (await (await owner.get("/api/v1/audit-events?limit=500")).json()) as { data: Json[] };
    expect(auditAfter.data).toEqual(auditBefore.data);
    expect(await (await viewer.get(`/api/v1/rule-sets/${ruleSetId}`)).json()).toMatchObject({ latestVersion: 1 });
  });
});
