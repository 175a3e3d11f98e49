import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { readDelimited } from "~/core/ingest/delimited/read-delimited";
import { getDb } from "~/platform/db/client";
import { exceptions, reconciliationLineageEvents } from "~/platform/db/schema";
import type { AnswerKey } from "../../support/ecommerce-fixtures";
import { createTestOrg, type TestOrg } from "../../support/factories";
import { createEcommerceRuleSets, ecommercePipeline, startTestWorker, uploadFixture, waitForRunEnd } from "../../support/streams";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

/**
 * The plan's 3-step e-commerce pipeline, happy path (acceptance 2 and 4):
 * generator files in, the stream runs by itself through the real worker,
 * the unmatched rows of one step feed the next with no re-upload, every
 * artifact is listed, downloadable and checksum-verified, and the
 * exceptions the stream raises are exactly the generator's answer key.
 */
const SEED = 1;
let baseUrl: string;
let org: TestOrg;
let api: ApiClient;
let runner: Runner;
let runId: string;
let steps: Array<{ id: string; stepKey: string; state: string; metrics: Record<string, unknown>; attempt: number }>;
const files: Record<string, string> = {};

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg();
  api = apiClient(baseUrl, org.keys.admin);
  runner = await startTestWorker(2);
  files.orders = await uploadFixture(baseUrl, org.keys.operator, SEED, "shopify_orders.csv");
  files.balance = await uploadFixture(baseUrl, org.keys.operator, SEED, "stripe_balance.csv");
  files.payouts = await uploadFixture(baseUrl, org.keys.operator, SEED, "stripe_payouts.csv");
  files.bank = await uploadFixture(baseUrl, org.keys.operator, SEED, "bank_statement.csv");
  const ruleSets = await createEcommerceRuleSets(org);
  const created = await api.post("/api/v1/streams", { name: "Shopify → Stripe → bank", definition: ecommercePipeline(ruleSets) });
  expect(created.status).toBe(201);
  const stream = (await created.json()) as { id: string };
  const started = await apiClient(baseUrl, org.keys.operator).post(`/api/v1/streams/${stream.id}/runs`, { parameters: files });
  expect(started.status).toBe(202);
  runId = ((await started.json()) as { id: string }).id;
  await waitForRunEnd(api, runId);
  steps = ((await (await api.get(`/api/v1/stream-runs/${runId}/steps`)).json()) as { data: typeof steps }).data;
}, 240_000);

afterAll(async () => {
  await runner?.stop();
});

const answerKey = JSON.parse(gunzipSync(readFileSync(path.resolve("tests/fixtures/ecommerce-2000", `seed-${SEED}`, "answer_key.json.gz"))).toString("utf8")) as AnswerKey;

interface StoredException {
  type: string;
  stepKey: string;
  sourceRows: Array<{ sourceId: string; line: number; values: Record<string, unknown> }>;
  targetRows: Array<{ sourceId: string; line: number; values: Record<string, unknown> }>;
}

async function exceptionsOf(stepKey: string): Promise<StoredException[]> {
  return (await getDb()
    .select()
    .from(exceptions)
    .where(and(eq(exceptions.streamRunId, runId), eq(exceptions.stepKey, stepKey)))) as unknown as StoredException[];
}

async function artifactsOf(stepKey: string) {
  const stepRun = steps.find((step) => step.stepKey === stepKey)!;
  const response = await api.get(`/api/v1/step-runs/${stepRun.id}/artifacts`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: Array<{ id: string; artifactType: string; checksum: string; rowCount: number; downloadUrl: string }> }).data;
}

async function downloadRows(artifactId: string): Promise<Array<Record<string, string | null>>> {
  const response = await apiClient(baseUrl, org.keys.viewer).get(`/api/v1/artifacts/${artifactId}/download`);
  expect(response.status).toBe(200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  async function* once() {
    yield gunzipSync(bytes);
  }
  const table = await readDelimited(once(), { delimiter: "," });
  return Array.from({ length: table.rowCount }, (_, row) => Object.fromEntries(table.columns.map((column, index) => [column, table.cells[index]![row] ?? null])));
}

/** Outcome per record: the type of the exception (or EXCLUDED) it is in, else MATCHED — for every record of the key. */
function outcomes(universe: string[], flagged: Map<string, string>): Record<string, string> {
  return Object.fromEntries(universe.map((id) => [id, flagged.get(id) ?? "MATCHED"]));
}

function expected(section: Record<string, { status: string }>): Record<string, string> {
  return Object.fromEntries(Object.entries(section).map(([id, outcome]) => [id, outcome.status]));
}

describe("the e-commerce pipeline, run as a stream", () => {
  it("runs every step to success, automatically, each once", () => {
    expect(steps.map((step) => [step.stepKey, step.state, step.attempt])).toEqual([
      ["orders_charges", "succeeded", 1],
      ["charges_payouts", "succeeded", 1],
      ["payouts_bank", "succeeded", 1],
      ["payouts_bank_amount", "succeeded", 1],
    ]);
  });

  it("lists every intermediate artifact, downloadable by a viewer, with bytes matching its sha256", async () => {
    for (const step of steps) {
      const artifacts = await artifactsOf(step.stepKey);
      expect(artifacts.map((artifact) => artifact.artifactType)).toEqual(expect.arrayContaining(["UNMATCHED_SOURCE", "UNMATCHED_TARGET", "EXCEPTIONS"]));
      for (const artifact of artifacts) {
        const response = await apiClient(baseUrl, org.keys.viewer).get(`/api/v1/artifacts/${artifact.id}/download`);
        expect(response.status).toBe(200);
        const sha256 = createHash("sha256").update(new Uint8Array(await response.arrayBuffer())).digest("hex");
        expect(sha256).toBe(artifact.checksum);
      }
    }
  });

  it("classifies every order and every charge exactly as the answer key does", async () => {
    const raised = await exceptionsOf("orders_charges");
    const excluded = await downloadRows((await artifactsOf("orders_charges")).find((artifact) => artifact.artifactType === "EXCLUDED")!.id);
    const orders = new Map<string, string>();
    const charges = new Map<string, string>();
    for (const exception of raised) {
      for (const row of exception.sourceRows) orders.set(String(row.values.id), exception.type);
      for (const row of exception.targetRows) charges.set(String(row.values.reference), exception.type);
    }
    for (const row of excluded) {
      if (row._side === "source") orders.set(row["@id"]!, "EXCLUDED");
      else charges.set(row["@reference"]!, "EXCLUDED");
    }
    const key = answerKey.orders_vs_charges;
    expect(outcomes(Object.keys(key.orders), orders)).toEqual(expected(key.orders));
    expect(outcomes(Object.keys(key.charges), charges)).toEqual(expected(key.charges));
    // Nothing raised that the key does not list.
    expect([...orders.keys()].every((id) => id in key.orders)).toBe(true);
  });

  it("reconciles every payout with its balance transactions as the key does", async () => {
    const payouts = new Map<string, string>();
    for (const exception of await exceptionsOf("charges_payouts")) for (const row of exception.targetRows) payouts.set(String(row.values.id), exception.type);
    const key = answerKey.charges_vs_payouts;
    expect(outcomes(Object.keys(key.payouts), payouts)).toEqual(expected(key.payouts));
  });

  it("finds every payout in the bank across the two chained steps, as the key does", async () => {
    const payouts = new Map<string, string>();
    const bank = new Map<string, string>();
    for (const stepKey of ["payouts_bank", "payouts_bank_amount"]) {
      for (const exception of await exceptionsOf(stepKey)) {
        for (const row of exception.sourceRows) payouts.set(String(row.values.id), exception.type);
        // Bank rows carry no id; the key numbers them by data row: the original file's line minus the header.
        for (const row of exception.targetRows) bank.set(String(row.line - 1), exception.type);
      }
    }
    const excluded = await downloadRows((await artifactsOf("payouts_bank")).find((artifact) => artifact.artifactType === "EXCLUDED")!.id);
    for (const row of excluded) if (row._side === "target") bank.set(String(Number(row._source_line) - 1), "EXCLUDED");
    const key = answerKey.payouts_vs_bank;
    expect(outcomes(Object.keys(key.payouts), payouts)).toEqual(expected(key.payouts));
    expect(outcomes(Object.keys(key.bank), bank)).toEqual(expected(key.bank));
  });

  it("hands the first bank step's leftovers to the second instead of raising them, and the second still names the original file and line", async () => {
    const first = steps.find((step) => step.stepKey === "payouts_bank")!;
    expect((first.metrics as { forwarded: number }).forwarded).toBeGreaterThan(0);
    expect((await exceptionsOf("payouts_bank")).filter((exception) => exception.type.startsWith("MISSING_"))).toEqual([]);
    const downstream = await exceptionsOf("payouts_bank_amount");
    expect(downstream.length).toBeGreaterThan(0);
    for (const exception of downstream) {
      for (const row of exception.sourceRows) expect(row.sourceId).toBe(files.payouts);
      for (const row of exception.targetRows) expect(row.sourceId).toBe(files.bank);
      for (const row of [...exception.sourceRows, ...exception.targetRows]) expect(row.line).toBeGreaterThan(1);
    }
  });

  it("records lineage from the input files through every step run to its artifacts", async () => {
    const edges = await getDb().select().from(reconciliationLineageEvents).where(eq(reconciliationLineageEvents.runId, runId));
    const stepRunOf = (key: string) => steps.find((step) => step.stepKey === key)!.id;
    const inputsOf = (stepRunId: string) => edges.filter((edge) => edge.toId === stepRunId).map((edge) => `${edge.fromType}:${edge.fromType === "file" ? edge.fromId : "artifact"}:${(edge.details as { role: string }).role}`).sort();
    expect(inputsOf(stepRunOf("orders_charges"))).toEqual([`file:${files.orders}:source`, `file:${files.balance}:target`].sort());
    expect(inputsOf(stepRunOf("payouts_bank_amount"))).toEqual(["artifact:artifact:source", "artifact:artifact:target"]);
    for (const step of steps) {
      const artifacts = await artifactsOf(step.stepKey);
      const produced = edges.filter((edge) => edge.fromId === step.id && edge.toType === "artifact").map((edge) => edge.toId).sort();
      expect(produced).toEqual(artifacts.map((artifact) => artifact.id).sort());
    }
  });
});
