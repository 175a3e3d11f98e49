import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { Runner } from "graphile-worker";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDelimited } from "~/core/ingest/delimited/read-delimited";
import { getDb } from "~/platform/db/client";
import { exceptions, reconciliationStreams } from "~/platform/db/schema";
import type { AnswerKey } from "../../support/ecommerce-fixtures";
import { createTestOrg, type TestOrg } from "../../support/factories";
import { startTestWorker, uploadFixture, waitForRunEnd } from "../../support/streams";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

/**
 * Acceptance: the e-commerce pack, instantiated through the API, run by the
 * real worker on generator data (seeds 1–3, 2,000 orders), raises exactly
 * the answer key's exceptions — precision and recall 1.0 for every record
 * of every reconciliation.
 */
const SEEDS = [1, 2, 3];
let baseUrl: string;
let org: TestOrg;
let admin: ApiClient;
let runner: Runner;
let instantiation: { templateId: string; version: string; ruleSets: Array<{ key: string; id: string; version: number }>; streams: Array<{ key: string; id: string }> };
const runs = new Map<number, { runId: string; steps: Array<{ id: string; stepKey: string; state: string }> }>();

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg();
  admin = apiClient(baseUrl, org.keys.admin);
  runner = await startTestWorker(2);
  const response = await admin.post("/api/v1/templates/ecommerce-payouts/instantiate", { name: "Acme payouts", parameters: { currency: "USD" } });
  expect(response.status).toBe(201);
  instantiation = (await response.json()) as typeof instantiation;
  const stream = instantiation.streams.find((candidate) => candidate.key === "shopify-stripe-bank")!;
  for (const seed of SEEDS) {
    const files = {
      orders: await uploadFixture(baseUrl, org.keys.operator, seed, "shopify_orders.csv"),
      balance: await uploadFixture(baseUrl, org.keys.operator, seed, "stripe_balance.csv"),
      payouts: await uploadFixture(baseUrl, org.keys.operator, seed, "stripe_payouts.csv"),
      bank: await uploadFixture(baseUrl, org.keys.operator, seed, "bank_statement.csv"),
    };
    const started = await apiClient(baseUrl, org.keys.operator).post(`/api/v1/streams/${stream.id}/runs`, { parameters: files });
    expect(started.status).toBe(202);
    const runId = ((await started.json()) as { id: string }).id;
    await waitForRunEnd(admin, runId, 180_000);
    const steps = ((await (await admin.get(`/api/v1/stream-runs/${runId}/steps`)).json()) as { data: Array<{ id: string; stepKey: string; state: string }> }).data;
    runs.set(seed, { runId, steps });
  }
}, 900_000);

afterAll(async () => {
  await runner?.stop();
});

async function exceptionsOf(runId: string, stepKey: string) {
  return (await getDb()
    .select()
    .from(exceptions)
    .where(and(eq(exceptions.streamRunId, runId), eq(exceptions.stepKey, stepKey)))) as unknown as Array<{ type: string; sourceRows: Array<{ line: number; values: Record<string, unknown> }>; targetRows: Array<{ line: number; values: Record<string, unknown> }> }>;
}

async function excludedRowsOf(stepRunId: string): Promise<Array<Record<string, string | null>>> {
  const artifacts = ((await (await admin.get(`/api/v1/step-runs/${stepRunId}/artifacts`)).json()) as { data: Array<{ id: string; artifactType: string }> }).data;
  const excluded = artifacts.find((artifact) => artifact.artifactType === "EXCLUDED");
  if (!excluded) return [];
  const bytes = new Uint8Array(await (await admin.get(`/api/v1/artifacts/${excluded.id}/download`)).arrayBuffer());
  const table = await readDelimited(
    (async function* () {
      yield gunzipSync(bytes);
    })(),
    { delimiter: "," },
  );
  return Array.from({ length: table.rowCount }, (_, row) => Object.fromEntries(table.columns.map((column, index) => [column, table.cells[index]![row] ?? null])));
}

const outcomes = (universe: Record<string, { status: string }>, flagged: Map<string, string>) => Object.fromEntries(Object.keys(universe).map((id) => [id, flagged.get(id) ?? "MATCHED"]));
const expected = (section: Record<string, { status: string }>) => Object.fromEntries(Object.entries(section).map(([id, outcome]) => [id, outcome.status]));

describe("the ecommerce-payouts pack, instantiated through the API", () => {
  it("creates the org's own rule sets, pinned at version 1, and a stream recording the pack and version", async () => {
    expect(instantiation.templateId).toBe("ecommerce-payouts");
    expect(instantiation.version).toBe("1.1.0");
    expect(instantiation.ruleSets.map((ruleSet) => [ruleSet.key, ruleSet.version])).toEqual(
      expect.arrayContaining([
        ["orders_vs_charges", 1],
        ["charges_vs_payouts", 1],
        ["payouts_vs_bank_reference", 1],
        ["payouts_vs_bank_amount", 1],
      ]),
    );
    const stream = instantiation.streams.find((candidate) => candidate.key === "shopify-stripe-bank")!;
    const detail = (await (await admin.get(`/api/v1/streams/${stream.id}`)).json()) as { origin: Record<string, unknown>; definition: { steps: Array<{ key: string; ruleSetId: string; ruleSetVersion: number }> } };
    expect(detail.origin).toMatchObject({ templateId: "ecommerce-payouts", version: "1.1.0", streamKey: "shopify-stripe-bank" });
    const idOf = (key: string) => instantiation.ruleSets.find((ruleSet) => ruleSet.key === key)!.id;
    expect(detail.definition.steps.map((step) => [step.key, step.ruleSetId, step.ruleSetVersion])).toEqual([
      ["orders_charges", idOf("orders_vs_charges"), 1],
      ["charges_payouts", idOf("charges_vs_payouts"), 1],
      ["payouts_bank", idOf("payouts_vs_bank_reference"), 1],
      ["payouts_bank_amount", idOf("payouts_vs_bank_amount"), 1],
    ]);
    const [row] = await getDb().select().from(reconciliationStreams).where(eq(reconciliationStreams.id, stream.id));
    expect(row!.orgId).toBe(org.orgId);
  });

  for (const seed of SEEDS) {
    describe(`on generator data, seed ${seed}, 2,000 orders`, () => {
      const answerKey = () => JSON.parse(gunzipSync(readFileSync(path.resolve("tests/fixtures/ecommerce-2000", `seed-${seed}`, "answer_key.json.gz"))).toString("utf8")) as AnswerKey;

      it("runs every step to success", () => {
        expect(runs.get(seed)!.steps.map((step) => [step.stepKey, step.state])).toEqual([
          ["orders_charges", "succeeded"],
          ["charges_payouts", "succeeded"],
          ["payouts_bank", "succeeded"],
          ["payouts_bank_amount", "succeeded"],
        ]);
      });

      it("classifies every order, charge, payout and bank line exactly as the answer key does", async () => {
        const { runId, steps } = runs.get(seed)!;
        const stepRunOf = (key: string) => steps.find((step) => step.stepKey === key)!.id;
        const key = answerKey();

        const orders = new Map<string, string>();
        const charges = new Map<string, string>();
        for (const exception of await exceptionsOf(runId, "orders_charges")) {
          for (const row of exception.sourceRows) orders.set(String(row.values.id), exception.type);
          for (const row of exception.targetRows) charges.set(String(row.values.reference), exception.type);
        }
        for (const row of await excludedRowsOf(stepRunOf("orders_charges"))) {
          if (row._side === "source") orders.set(row["@id"]!, "EXCLUDED");
          else charges.set(row["@reference"]!, "EXCLUDED");
        }
        expect(outcomes(key.orders_vs_charges.orders, orders)).toEqual(expected(key.orders_vs_charges.orders));
        expect(outcomes(key.orders_vs_charges.charges, charges)).toEqual(expected(key.orders_vs_charges.charges));
        expect([...orders.keys()].every((id) => id in key.orders_vs_charges.orders)).toBe(true);

        const payoutTotals = new Map<string, string>();
        for (const exception of await exceptionsOf(runId, "charges_payouts")) for (const row of exception.targetRows) payoutTotals.set(String(row.values.id), exception.type);
        expect(outcomes(key.charges_vs_payouts.payouts, payoutTotals)).toEqual(expected(key.charges_vs_payouts.payouts));

        const payouts = new Map<string, string>();
        const bank = new Map<string, string>();
        for (const stepKey of ["payouts_bank", "payouts_bank_amount"]) {
          for (const exception of await exceptionsOf(runId, stepKey)) {
            for (const row of exception.sourceRows) payouts.set(String(row.values.id), exception.type);
            for (const row of exception.targetRows) bank.set(String(row.line - 1), exception.type);
          }
        }
        for (const row of await excludedRowsOf(stepRunOf("payouts_bank"))) if (row._side === "target") bank.set(String(Number(row._source_line) - 1), "EXCLUDED");
        expect(outcomes(key.payouts_vs_bank.payouts, payouts)).toEqual(expected(key.payouts_vs_bank.payouts));
        expect(outcomes(key.payouts_vs_bank.bank, bank)).toEqual(expected(key.payouts_vs_bank.bank));
      });
    });
  }
});
