import { readFileSync } from "node:fs";
import path from "node:path";
import type { Runner } from "graphile-worker";
import pino from "pino";
import { expect } from "vitest";
import { getEnv } from "../../app/env.server";
import { ruleSetDefinitionSchema, type RuleSetDefinition } from "../../app/engine/rule-set";
import { createRuleSet } from "../../app/services/rule-sets.server";
import { startWorker } from "../../worker/runner";
import { chargesVsPayouts, ordersVsCharges, payoutsVsBank } from "./ecommerce-rule-sets";
import type { TestOrg } from "./factories";
import type { ApiClient } from "./web";

/** The real graphile-worker, in this test process, on this test file's database. */
export async function startTestWorker(concurrency = 2): Promise<Runner> {
  return startWorker({ connectionString: getEnv().DATABASE_URL!, concurrency, logger: pino({ level: "silent" }), withCron: false });
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Uploads a generator fixture (gzip'd, as stored in the repo) and waits until the worker has profiled it. */
export async function uploadFixture(baseUrl: string, key: string, seed: number, name: string, inbox?: string): Promise<string> {
  const bytes = readFileSync(path.resolve("tests/fixtures/ecommerce-2000", `seed-${seed}`, `${name}.gz`));
  const form = new FormData();
  form.append("file", new Blob([bytes], { type: "application/gzip" }), `${name}.gz`);
  if (inbox) form.append("inbox", inbox);
  const response = await fetch(`${baseUrl}/api/v1/files`, { method: "POST", body: form, headers: { Authorization: `Bearer ${key}` } });
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  await waitFor(async () => {
    const file = (await (await fetch(`${baseUrl}/api/v1/files/${id}`, { headers: { Authorization: `Bearer ${key}` } })).json()) as { status: string; errors: unknown };
    if (file.status === "failed") throw new Error(`fixture ${name} failed profiling: ${JSON.stringify(file.errors)}`);
    return file.status === "ready" ? true : undefined;
  }, 60_000, `profiling of ${name}`);
  return id;
}

/** payouts vs bank split in two rule sets: by reference, then (on what is left) by amount and date. */
export const payoutsVsBankByReference: RuleSetDefinition = ruleSetDefinitionSchema.parse({ ...payoutsVsBank, passes: [payoutsVsBank.passes[0]] });
export const payoutsVsBankByAmount: RuleSetDefinition = ruleSetDefinitionSchema.parse({ ...payoutsVsBank, passes: [payoutsVsBank.passes[1]] });

export async function createEcommerceRuleSets(org: TestOrg) {
  const create = async (name: string, definition: RuleSetDefinition) => (await createRuleSet(org.ownerCtx, { name, definition })).ruleSet.id;
  return {
    ordersVsCharges: await create("Orders vs charges", ordersVsCharges),
    chargesVsPayouts: await create("Charges vs payouts", chargesVsPayouts),
    payoutsVsBankByReference: await create("Payouts vs bank, by reference", payoutsVsBankByReference),
    payoutsVsBankByAmount: await create("Payouts vs bank, by amount and date", payoutsVsBankByAmount),
  };
}

/**
 * The e-commerce pipeline: orders ↔ charges; all charges ↔ payouts (N:1);
 * payouts ↔ bank by reference; then what that left unmatched on both sides,
 * by amount and date — chained through the unmatched artifacts, no re-upload.
 */
export function ecommercePipeline(ruleSets: Awaited<ReturnType<typeof createEcommerceRuleSets>>) {
  return {
    settings: {
      failurePolicy: "STOP_ON_FAILURE",
      parameters: [
        { name: "orders", description: "Shopify orders export" },
        { name: "balance", description: "Stripe itemized balance report" },
        { name: "payouts", description: "Stripe payouts export" },
        { name: "bank", description: "Bank statement" },
      ],
      layout: { nodes: { orders_charges: { x: 0, y: 0 }, charges_payouts: { x: 300, y: 0 }, payouts_bank: { x: 600, y: 0 }, payouts_bank_amount: { x: 900, y: 0 } } },
    },
    steps: [
      {
        key: "orders_charges",
        name: "Orders vs charges",
        ruleSetId: ruleSets.ordersVsCharges,
        inputs: { source: { kind: "FILE", parameter: "orders", adapter: "shopify_orders" }, target: { kind: "FILE", parameter: "balance" } },
      },
      {
        key: "charges_payouts",
        name: "Charges vs payouts",
        ruleSetId: ruleSets.chargesVsPayouts,
        inputs: { source: { kind: "FILE", parameter: "balance" }, target: { kind: "FILE", parameter: "payouts" } },
      },
      {
        key: "payouts_bank",
        name: "Payouts vs bank, by reference",
        ruleSetId: ruleSets.payoutsVsBankByReference,
        inputs: { source: { kind: "FILE", parameter: "payouts" }, target: { kind: "FILE", parameter: "bank" } },
        dependsOn: ["charges_payouts"],
      },
      {
        key: "payouts_bank_amount",
        name: "Payouts vs bank, by amount and date",
        ruleSetId: ruleSets.payoutsVsBankByAmount,
        inputs: { source: { kind: "STEP_OUTPUT_UNMATCHED_SOURCE", stepKey: "payouts_bank" }, target: { kind: "STEP_OUTPUT_UNMATCHED_TARGET", stepKey: "payouts_bank" } },
      },
    ],
  };
}

export async function waitForRunEnd(api: ApiClient, runId: string, timeoutMs = 90_000): Promise<Record<string, unknown>> {
  return waitFor(async () => {
    const run = (await (await api.get(`/api/v1/stream-runs/${runId}`)).json()) as { state: string };
    return ["succeeded", "failed", "partially_succeeded", "cancelled"].includes(run.state) ? (run as Record<string, unknown>) : undefined;
  }, timeoutMs, `end of run ${runId}`);
}
