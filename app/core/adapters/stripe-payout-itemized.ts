import { stripeBalanceTransactionsFormat } from "./stripe-shared";
import { readHeaderCsv } from "./support/header-csv";
import type { FormatAdapter } from "./types";

/**
 * Stripe "Payout reconciliation — itemized" report (report type
 * payout_reconciliation.itemized.N; Dashboard > Reports > Payout
 * reconciliation > Download itemized). Source: Stripe's Reporting docs (report
 * column schema and "Reporting categories").
 *
 * One row per balance transaction that a payout settled. Columns kept as the
 * file has them: balance_transaction_id, created_utc, available_on_utc,
 * currency (lower case), gross, fee, net (decimal major units, debits
 * negative), reporting_category (charge, refund, dispute, fee,
 * other_adjustment…), source_id, description, automatic_payout_id,
 * automatic_payout_effective_at_utc, customer_*, charge_id,
 * payment_intent_id, payment_metadata[key]… (the columns a user picked).
 *
 * Helpers: @amount = net (what the payout carries), @gross, @fee (positive =
 * a fee paid), @currency, @date = created_utc's UTC day (or the day of
 * `created`, in the report's time zone, when the report was downloaded with
 * local times), @available_on,
 * @payout_id = automatic_payout_id, @reference = source_id (ch_, re_, dp_…),
 * @record_type = reporting_category.
 */
export const stripePayoutItemizedFormat = stripeBalanceTransactionsFormat({
  id: "balance_transaction_id",
  currency: "currency",
  gross: "gross",
  fee: "fee",
  net: "net",
  created: ["created_utc", "created"],
  availableOn: ["available_on_utc", "available_on"],
  payoutId: "automatic_payout_id",
  reference: "source_id",
  recordType: "reporting_category",
});

export const stripePayoutItemized: FormatAdapter = {
  name: "stripe_payout_itemized",
  title: "Stripe payout reconciliation (itemized)",
  description: "Stripe's itemized payout reconciliation report: one balance transaction per row, grouped by automatic_payout_id; net = gross − fee is checked on every row.",
  signature: { columns: ["balance_transaction_id", "reporting_category", "gross", "fee", "net", "automatic_payout_id"] },
  read: (bytes, options) => readHeaderCsv(stripePayoutItemizedFormat, bytes, options),
};
