import { stripeBalanceTransactionsFormat } from "./stripe-shared";
import { readHeaderCsv } from "./support/header-csv";
import type { FormatAdapter } from "./types";

/**
 * Stripe Dashboard balance history export (Balance > Export, balance_history.csv).
 * Source: the export's documented columns in Stripe's Dashboard help.
 *
 * One row per balance transaction. Columns kept: id (txn_…), Type (charge,
 * refund, payout, stripe_fee, adjustment…), Source, Amount, Fee, Net
 * (decimal major units, debits negative), Currency (lower case),
 * Created (UTC), Available On (UTC), Description, Customer Facing Amount,
 * Customer Facing Currency, Transfer (the payout id, po_…), Transfer Date (UTC),
 * Transfer Group.
 *
 * Helpers: @amount = Net, @gross = Amount, @fee (positive = a fee paid),
 * @currency, @date = Created (UTC) day, @available_on, @payout_id = Transfer,
 * @reference = Source, @record_type = Type. Net = Amount − Fee is checked.
 */
export const stripeBalanceHistoryFormat = stripeBalanceTransactionsFormat({
  id: "id",
  currency: "Currency",
  gross: "Amount",
  fee: "Fee",
  net: "Net",
  created: ["Created (UTC)", "Created"],
  availableOn: ["Available On (UTC)", "Available On"],
  payoutId: "Transfer",
  reference: "Source",
  recordType: "Type",
});

export const stripeBalanceHistory: FormatAdapter = {
  name: "stripe_balance_history",
  title: "Stripe balance history export",
  description: "The Stripe Dashboard's balance history CSV: one balance transaction per row, its payout in Transfer; Net = Amount − Fee is checked on every row.",
  signature: { columns: ["id", "Type", "Source", "Amount", "Fee", "Net", "Currency", "Created (UTC)", "Available On (UTC)"] },
  read: (bytes, options) => readHeaderCsv(stripeBalanceHistoryFormat, bytes, options),
};
