import { ruleSetDefinitionSchema, type RuleSetDefinition } from "~/core/engine/rule-set";

/**
 * The e-commerce payout reconciliations, as rule sets, for the generator's
 * files (see the header of ../shared/tools/gen-ecommerce.mjs). The template
 * pack will package these; until then they live with the tests that prove them.
 */

/** Shopify orders (first row of each order) vs Stripe balance transactions. */
export const ordersVsCharges: RuleSetDefinition = ruleSetDefinitionSchema.parse({
  source: {
    mappings: [
      { field: "id", column: "Name" },
      { field: "amount", column: "Total", transforms: [{ op: "parseAmount" }] },
      { field: "currency", column: "Currency" },
      { field: "date", column: "Paid at", transforms: [{ op: "parseDate", format: "yyyy-MM-dd HH:mm:ss xx" }] },
      { field: "email", column: "Email", transforms: [{ op: "trim" }, { op: "lower" }] },
      { field: "method", column: "Payment Method" },
    ],
    // Orders paid by bank transfer never reach Stripe: out of scope, reported as EXCLUDED.
    filter: 'method = "stripe"',
  },
  target: {
    mappings: [
      { field: "id", column: "payment_metadata[order_id]" },
      { field: "reference", column: "balance_transaction_id" },
      { field: "amount", column: "gross", transforms: [{ op: "parseAmount" }] },
      { field: "currency", column: "currency", transforms: [{ op: "upper" }] },
      { field: "date", column: "created_utc", transforms: [{ op: "parseDate", format: "yyyy-MM-dd HH:mm:ss" }] },
      { field: "email", column: "customer_email", transforms: [{ op: "trim" }, { op: "lower" }] },
      { field: "category", column: "reporting_category" },
    ],
    // Refunds, disputes, fees and adjustments are not payments for orders.
    filter: 'category = "charge"',
    // The same customer charged the same amount twice is a double capture.
    deduplicate: { fields: ["email", "amount"] },
  },
  passes: [
    {
      name: "order id",
      keys: ["id"],
      amount: { toleranceMinor: 1, mismatchOnKeyMatch: true },
    },
    {
      // Checkouts that did not pass the order id: the customer's email within two days.
      name: "email and date",
      keys: ["email"],
      amount: { toleranceMinor: 1, mismatchOnKeyMatch: true },
      date: { windowDays: 2 },
    },
  ],
  severity: { amountThresholds: [{ type: "AMOUNT_MISMATCH", overMinor: 100000, severity: "critical" }] },
});

/** Stripe balance transactions grouped per payout (sum of net) vs Stripe payouts. */
export const chargesVsPayouts: RuleSetDefinition = ruleSetDefinitionSchema.parse({
  source: {
    mappings: [
      { field: "id", column: "automatic_payout_id" },
      { field: "reference", column: "balance_transaction_id" },
      { field: "amount", column: "net", transforms: [{ op: "parseAmount" }] },
      { field: "currency", column: "currency", transforms: [{ op: "upper" }] },
    ],
  },
  target: {
    mappings: [
      { field: "id", column: "id" },
      { field: "amount", column: "Amount", transforms: [{ op: "parseAmount" }] },
      { field: "currency", column: "Currency", transforms: [{ op: "upper" }] },
    ],
  },
  passes: [
    {
      name: "payout total",
      cardinality: "N:1",
      keys: ["id"],
      amount: { aggregate: "sum", toleranceMinor: 0, mismatchOnKeyMatch: true },
    },
  ],
});

/** Stripe payouts vs bank credits. */
export const payoutsVsBank: RuleSetDefinition = ruleSetDefinitionSchema.parse({
  source: {
    mappings: [
      { field: "id", column: "id" },
      { field: "amount", column: "Amount", transforms: [{ op: "parseAmount" }] },
      { field: "currency", column: "Currency", transforms: [{ op: "upper" }] },
      { field: "date", column: "Arrival Date (UTC)", transforms: [{ op: "parseDate", format: "yyyy-MM-dd HH:mm:ss" }] },
    ],
  },
  target: {
    mappings: [
      { field: "id", column: "Description", transforms: [{ op: "regexExtract", pattern: "IND ID:(po_[A-Za-z0-9]+)" }] },
      { field: "description", column: "Description" },
      { field: "amount", column: "Amount", transforms: [{ op: "parseAmount" }] },
      // The statement has no currency column: the account is in USD.
      { field: "currency", transforms: [{ op: "constant", value: "USD" }] },
      { field: "date", column: "Posting Date", transforms: [{ op: "parseDate", format: "MM/dd/yyyy" }] },
    ],
    filter: 'contains(description, "STRIPE")',
  },
  passes: [
    { name: "payout reference", keys: ["id"], amount: { toleranceMinor: 0, mismatchOnKeyMatch: true } },
    // Transfers without the reference: the same amount within three days of arrival.
    { name: "amount and date", keys: ["currency"], amount: { toleranceMinor: 0, mismatchOnKeyMatch: false }, date: { windowDays: 3 } },
  ],
});
