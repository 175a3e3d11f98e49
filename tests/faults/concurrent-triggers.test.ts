import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setFeatureFlag } from "~/modules/tenancy/feature-flags.server";
import { createTestOrg, type TestOrg } from "../support/factories";
import { createEcommerceRuleSets, uploadFixture } from "../support/streams";
import { apiClient, type ApiClient } from "../support/web";
import { startFaultApp, type FaultApp } from "./support/app";

/**
 * 100 identical trigger requests at once against the app as `npm start` runs
 * it (separate web and worker processes, a real connection pool): the same
 * Idempotency-Key, or the same signed webhook delivery, starts one run.
 */
const SEED = 1;
const COPIES = 100;
let app: FaultApp;
let org: TestOrg;
let operator: ApiClient;
let streamId: string;
const files: Record<string, string> = {};

beforeAll(async () => {
  app = await startFaultApp();
  org = await createTestOrg("Concurrent Co");
  await setFeatureFlag(org.ownerCtx, "streams", true);
  operator = apiClient(app.baseUrl, org.keys.operator);
  files.orders = await uploadFixture(app.baseUrl, org.keys.operator, SEED, "shopify_orders.csv");
  files.balance = await uploadFixture(app.baseUrl, org.keys.operator, SEED, "stripe_balance.csv");
  const ruleSets = await createEcommerceRuleSets(org);
  const created = await apiClient(app.baseUrl, org.keys.admin).post("/api/v1/streams", {
    name: "Orders vs charges",
    definition: {
      settings: { failurePolicy: "STOP_ON_FAILURE", parameters: [{ name: "orders" }, { name: "balance" }], layout: { nodes: { orders_charges: { x: 0, y: 0 } } } },
      steps: [
        {
          key: "orders_charges",
          name: "Orders vs charges",
          ruleSetId: ruleSets.ordersVsCharges,
          inputs: { source: { kind: "FILE", parameter: "orders", adapter: "shopify_orders" }, target: { kind: "FILE", parameter: "balance" } },
        },
      ],
    },
  });
  expect(created.status, await created.clone().text()).toBe(201);
  streamId = ((await created.json()) as { id: string }).id;
}, 180_000);

afterAll(async () => {
  await app?.stop();
});

async function runsOfStream(): Promise<Array<{ id: string; trigger: Record<string, unknown> | null }>> {
  const response = await operator.get(`/api/v1/streams/${streamId}/runs?limit=500`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: Array<{ id: string; trigger: Record<string, unknown> | null }> }).data;
}

describe("100 concurrent identical trigger requests", () => {
  it("with one Idempotency-Key start one run, and every answer names it", async () => {
    const before = (await runsOfStream()).length;
    const body = JSON.stringify({ parameters: files });
    const responses = await Promise.all(
      Array.from({ length: COPIES }, () =>
        fetch(`${app.baseUrl}/api/v1/streams/${streamId}/runs`, {
          method: "POST",
          headers: { Authorization: `Bearer ${org.keys.operator}`, "Content-Type": "application/json", "Idempotency-Key": "close-2026-11" },
          body,
        }),
      ),
    );
    const answers = await Promise.all(responses.map(async (response) => ({ status: response.status, replayed: response.headers.get("idempotent-replayed"), body: (await response.json()) as { id?: string } })));
    const runs = await runsOfStream();
    expect(runs.length - before).toBe(1);
    expect(answers.map((answer) => answer.status)).toEqual(Array(COPIES).fill(202));
    expect(new Set(answers.map((answer) => answer.body.id))).toEqual(new Set([runs[0]!.id]));
    expect(answers.filter((answer) => answer.replayed === "true").length).toBe(COPIES - 1);
  });

  it("of one signed webhook delivery start one run; the copies are refused as replays", async () => {
    const admin = apiClient(app.baseUrl, org.keys.admin);
    const created = await admin.post(`/api/v1/streams/${streamId}/triggers`, { parameters: files, config: { kind: "webhook" } });
    expect(created.status).toBe(201);
    const trigger = (await created.json()) as { id: string; webhook: { secret: string } };
    const body = JSON.stringify({ event: "export.finished" });
    const t = Math.floor(Date.now() / 1000);
    const deliveryId = "erp-export-2026-12-01";
    const signature = createHmac("sha256", trigger.webhook.secret).update(`${t}.${deliveryId}.${body}`).digest("hex");
    const headers = { "Content-Type": "application/json", "Reconstream-Delivery": deliveryId, "Reconstream-Signature": `t=${t},v1=${signature}` };

    const responses = await Promise.all(
      Array.from({ length: COPIES }, () => fetch(`${app.baseUrl}/api/v1/hooks/${trigger.id}`, { method: "POST", headers, body })),
    );
    const statuses = responses.map((response) => response.status).sort();
    const accepted = (await Promise.all(responses.filter((response) => response.status === 202).map((response) => response.json()))) as Array<{ runId: string }>;
    const runs = (await runsOfStream()).filter((run) => run.trigger?.triggerId === trigger.id);
    expect(runs.map((run) => run.trigger)).toEqual([{ kind: "event", triggerId: trigger.id, event: "webhook", eventId: deliveryId }]);
    expect(statuses).toEqual([...Array(COPIES - 1).fill(401), 202].sort());
    expect(accepted.map((receipt) => receipt.runId)).toEqual([runs[0]!.id]);
  });
});
