import type { OrgContext } from "~/core/access/actor";
import { ruleSetDefinitionSchema, type RuleSetDefinition } from "~/core/engine/rule-set";
import { createRuleSet } from "~/modules/rule-sets/rule-sets.server";
import { chargesVsPayouts, ordersVsCharges, payoutsVsBank } from "./ecommerce-rule-sets";

/**
 * The e-commerce pipeline as a stream, shared by the integration tests and
 * `npm run bench:stream` (so no test-runner imports here).
 */
/** payouts vs bank split in two rule sets: by reference, then (on what is left) by amount and date. */
export const payoutsVsBankByReference: RuleSetDefinition = ruleSetDefinitionSchema.parse({ ...payoutsVsBank, passes: [payoutsVsBank.passes[0]] });
export const payoutsVsBankByAmount: RuleSetDefinition = ruleSetDefinitionSchema.parse({ ...payoutsVsBank, passes: [payoutsVsBank.passes[1]] });

export async function createEcommerceRuleSets(org: { ownerCtx: OrgContext }) {
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

