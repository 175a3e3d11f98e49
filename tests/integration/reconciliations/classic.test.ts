import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import { setFeatureFlag } from "~/modules/tenancy/feature-flags.server";
import type { AnswerKey } from "../../support/ecommerce-fixtures";
import { createTestOrg, problemOf, type TestOrg } from "../../support/factories";
import { createEcommerceRuleSets, startTestWorker, uploadFixture, waitFor } from "../../support/streams";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

/**
 * The classic reconciliation API end to end on generator files, with the
 * streams feature flag off: create → start → completed, its summary equal
 * to the answer key's orders-vs-charges counts, run through a hidden
 * one-step system stream of the real runtime.
 *
 * The orders file needs the shopify_orders adapter (one record per order);
 * the classic body takes it as the optional, additive `sourceAdapter`.
 */
const SEED = 1;
let baseUrl: string;
let org: TestOrg;
let runner: Runner;
let operator: ApiClient;
let viewer: ApiClient;
const files: Record<string, string> = {};
let ruleSets: Awaited<ReturnType<typeof createEcommerceRuleSets>>;

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg();
  await setFeatureFlag(org.ownerCtx, "streams", false);
  operator = apiClient(baseUrl, org.keys.operator);
  viewer = apiClient(baseUrl, org.keys.viewer);
  runner = await startTestWorker(2);
  files.orders = await uploadFixture(baseUrl, org.keys.operator, SEED, "shopify_orders.csv");
  files.balance = await uploadFixture(baseUrl, org.keys.operator, SEED, "stripe_balance.csv");
  ruleSets = await createEcommerceRuleSets(org);
}, 180_000);

afterAll(async () => {
  await runner?.stop();
});

const answerKey = JSON.parse(gunzipSync(readFileSync(path.resolve("tests/fixtures/ecommerce-2000", `seed-${SEED}`, "answer_key.json.gz"))).toString("utf8")) as AnswerKey & { sizes: { orders: number; balanceTransactions: number } };

function countBy(section: Record<string, { status: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of Object.values(section)) counts[outcome.status] = (counts[outcome.status] ?? 0) + 1;
  return counts;
}

interface Reconciliation {
  id: string;
  status: string;
  summary: Record<string, unknown> | null;
  streamId: string | null;
  streamRunId: string | null;
  stepRunId: string | null;
  finishedAt: string | null;
}

describe("the classic reconciliation API", () => {
  it("runs create → start → completed with the answer key's orders-vs-charges counts, the streams flag off", async () => {
    expect((await operator.get("/api/v1/streams")).status).toBe(404);
    const created = await operator.post("/api/v1/reconciliations", {
      name: "Orders vs charges, March",
      sourceFileId: files.orders,
      targetFileId: files.balance,
      ruleSetId: ruleSets.ordersVsCharges,
      sourceAdapter: "shopify_orders",
    });
    expect(created.status).toBe(201);
    const pending = (await created.json()) as Reconciliation;
    expect(pending).toMatchObject({ status: "pending", summary: null, streamRunId: null, stepRunId: null });

    const started = await operator.post(`/api/v1/reconciliations/${pending.id}/start`);
    expect(started.status).toBe(202);
    const running = (await started.json()) as Reconciliation;
    expect(running.status).toBe("running");
    expect(running.streamRunId).toMatch(/^run_/);
    expect(running.stepRunId).toMatch(/^srun_/);

    const done = await waitFor(async () => {
      const current = (await (await viewer.get(`/api/v1/reconciliations/${pending.id}`)).json()) as Reconciliation;
      return current.status === "completed" || current.status === "failed" ? current : undefined;
    }, 120_000, "the reconciliation to end");
    expect(done.status).toBe("completed");
    expect(done.finishedAt).not.toBeNull();

    const orders = countBy(answerKey.orders_vs_charges.orders);
    const charges = countBy(answerKey.orders_vs_charges.charges);
    expect(done.summary).toEqual({
      sourceRows: answerKey.sizes.orders,
      targetRows: answerKey.sizes.balanceTransactions,
      matched: orders.MATCHED,
      // Rows in no match, scope exclusions left out: the amount mismatches are unmatched on both sides.
      unmatchedSource: orders.MISSING_IN_TARGET! + orders.AMOUNT_MISMATCH!,
      unmatchedTarget: charges.MISSING_IN_SOURCE! + charges.AMOUNT_MISMATCH! + charges.DUPLICATE!,
      exceptionsByType: done.summary!.exceptionsByType,
    });
    const byType = done.summary!.exceptionsByType as Record<string, number>;
    expect({ MISSING_IN_TARGET: byType.MISSING_IN_TARGET, MISSING_IN_SOURCE: byType.MISSING_IN_SOURCE, AMOUNT_MISMATCH: byType.AMOUNT_MISMATCH }).toEqual({
      MISSING_IN_TARGET: orders.MISSING_IN_TARGET,
      MISSING_IN_SOURCE: charges.MISSING_IN_SOURCE,
      AMOUNT_MISMATCH: orders.AMOUNT_MISMATCH,
    });

    // Its exceptions carry the reconciliation's id.
    const total = Object.values(byType).reduce((sum, count) => sum + count, 0);
    const listed = (await (await viewer.get(`/api/v1/exceptions/stats?reconciliationId=${pending.id}`)).json()) as { total: number };
    expect(listed.total).toBe(total);

    // The system stream stays hidden, even once the flag is on.
    await setFeatureFlag(org.ownerCtx, "streams", true);
    const streams = (await (await viewer.get("/api/v1/streams")).json()) as { data: Array<{ id: string }> };
    expect(streams.data.map((stream) => stream.id)).not.toContain(done.streamId);
    expect((await viewer.get(`/api/v1/streams/${done.streamId}`)).status).toBe(404);
    await setFeatureFlag(org.ownerCtx, "streams", false);

    const list = (await (await viewer.get("/api/v1/reconciliations")).json()) as { data: Reconciliation[] };
    expect(list.data.map((item) => [item.id, item.status])).toEqual([[pending.id, "completed"]]);
    expect((await operator.post(`/api/v1/reconciliations/${pending.id}/start`)).status).toBe(409);
    expect((await verifyAuditChain(org.orgId)).ok).toBe(true);
  }, 240_000);

  it("refuses unknown files, rule sets and adapters with located 422s", async () => {
    const response = await operator.post("/api/v1/reconciliations", { name: "x", sourceFileId: "file_nope", targetFileId: files.balance, ruleSetId: "rs_nope", targetAdapter: "no_such" });
    expect(response.status).toBe(422);
    expect((await problemOf(response)).errors).toEqual([
      { pointer: "/sourceFileId", message: "no file 'file_nope'" },
      { pointer: "/targetAdapter", message: "no format adapter 'no_such'" },
      { pointer: "/ruleSetId", message: "no rule set 'rs_nope'" },
    ]);
  });

  it("lets a viewer read but not create or start", async () => {
    const body = { name: "x", sourceFileId: files.orders, targetFileId: files.balance, ruleSetId: ruleSets.ordersVsCharges };
    expect((await viewer.post("/api/v1/reconciliations", body)).status).toBe(403);
    const created = (await (await operator.post("/api/v1/reconciliations", body)).json()) as Reconciliation;
    expect((await viewer.post(`/api/v1/reconciliations/${created.id}/start`)).status).toBe(403);
    expect((await viewer.get(`/api/v1/reconciliations/${created.id}`)).status).toBe(200);
  });
});
