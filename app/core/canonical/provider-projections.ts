import { column, computed, firstOf, isoDayOf, mapped, negatedDecimal, type AdapterProjection, type FieldSource, type RecordValues } from "./projection";

/**
 * Payment providers and shops → psp_settlement_line, payout, order. Every
 * provider writes fees its own way (Stripe and PayPal positive when charged,
 * Adyen as separate cost columns); the canonical `fee` is signed from the
 * merchant's side, so it is negative when taken and gross + fee = net holds
 * for every provider.
 */

type PspLineType = "charge" | "refund" | "fee" | "chargeback" | "adjustment" | "payout" | "transfer" | "reserve" | "other";

const negatedFee = mapped(column("@fee"), "@fee, negated (the provider writes a fee taken as positive)", negatedDecimal);

/** Stripe's reporting categories and balance transaction types, in Stripe's docs ("Reporting categories", "Balance transaction types"). */
const STRIPE_TYPES: Readonly<Record<string, PspLineType>> = {
  charge: "charge",
  payment: "charge",
  refund: "refund",
  payment_refund: "refund",
  partial_capture_reversal: "refund",
  refund_failure: "refund",
  fee: "fee",
  stripe_fee: "fee",
  application_fee: "fee",
  network_cost: "fee",
  tax: "fee",
  dispute: "chargeback",
  dispute_reversal: "chargeback",
  payout: "payout",
  payout_reversal: "payout",
  payout_cancel: "payout",
  payout_failure: "payout",
  transfer: "transfer",
  transfer_reversal: "transfer",
  connect_collection_transfer: "transfer",
  risk_reserved_funds: "reserve",
  reserve_transaction: "reserve",
  reserved_funds: "reserve",
  connect_reserved_funds: "reserve",
  adjustment: "adjustment",
  other_adjustment: "adjustment",
};

function stripeType(value: string): PspLineType {
  return STRIPE_TYPES[value.toLowerCase()] ?? "other";
}

/**
 * PayPal transaction event codes by group (PayPal "Transaction Event Codes"):
 * T00 payments, T01 fees, T03 deposits into PayPal, T04 withdrawals to the
 * bank, T11 reversals (T1106 a chargeback reversal of a payment, T1107 a
 * refund), T12 adjustments (T1201 chargeback, T1202 its reversal), T15–T16
 * holds and releases, T21 reserves.
 */
function paypalType(code: string): PspLineType {
  if (code === "T1106" || code === "T1201" || code === "T1202") return "chargeback";
  const group = code.slice(0, 3);
  const byGroup: Readonly<Record<string, PspLineType>> = { T00: "charge", T01: "fee", T03: "transfer", T04: "payout", T11: "refund", T12: "adjustment", T15: "reserve", T16: "reserve", T21: "reserve" };
  return byGroup[group] ?? "other";
}

/** Adyen settlement details "Type" (Adyen docs, "Settlement details report": journal types). */
const ADYEN_TYPES: Readonly<Record<string, PspLineType>> = {
  settled: "charge",
  refunded: "refund",
  refundedreversed: "refund",
  chargeback: "chargeback",
  secondchargeback: "chargeback",
  chargebackreversed: "chargeback",
  fee: "fee",
  invoicededuction: "fee",
  paymentcost: "fee",
  merchantpayout: "payout",
  depositcorrection: "adjustment",
  balancetransfer: "transfer",
  reservecorrection: "reserve",
};

function adyenType(value: string): PspLineType {
  return ADYEN_TYPES[value.toLowerCase()] ?? "other";
}

/** Amazon writes one row per amount line: the transaction type says what it belongs to, the amount type whether it is a fee. */
function amazonType(values: RecordValues): PspLineType {
  const recordType = values["@record_type"] ?? "";
  const amountType = values["amount-type"] ?? "";
  if (recordType === "summary") return "payout";
  if (amountType === "ItemFees") return "fee";
  switch (recordType) {
    case "Order":
      return "charge";
    case "Refund":
      return "refund";
    case "Chargeback Refund":
      return "chargeback";
    case "other-transaction":
      return /fee/i.test(values["amount-description"] ?? "") ? "fee" : "adjustment";
    default:
      return "other";
  }
}

function pspTypeOf(read: (value: string) => PspLineType, source: FieldSource): FieldSource {
  return mapped(source, `${source.from}, as a line type`, read);
}

const dayOf = (name: string): FieldSource => mapped(column(name), `the ${name} day`, isoDayOf);

/** Stripe's two balance exports share every field but their id column and the column that carries the payout's day. */
function stripeLines(idColumn: string, payoutDayColumn: string, extra: Record<string, FieldSource> = {}): Record<string, FieldSource> {
  return {
    transaction_id: column(idColumn),
    type: pspTypeOf(stripeType, column("@record_type")),
    net: column("@amount"),
    currency: column("@currency"),
    gross: column("@gross"),
    fee: negatedFee,
    date: column("@date"),
    payout_id: column("@payout_id"),
    payout_date: dayOf(payoutDayColumn),
    ...extra,
  };
}

const stripeItemized = stripeLines("balance_transaction_id", "automatic_payout_effective_at_utc", { order_id: column("payment_metadata[order_id]") });
const stripeBalance = stripeLines("id", "Transfer Date (UTC)");

const paypal: Record<string, FieldSource> = {
  transaction_id: column("Transaction ID"),
  type: pspTypeOf(paypalType, column("Transaction Event Code")),
  net: column("@amount"),
  currency: column("@currency"),
  gross: column("@gross"),
  fee: negatedFee,
  date: column("@date"),
  order_id: column("Invoice ID"),
};

/** Adyen's gross is in the gross currency; it is a canonical gross only when that is the settlement currency. */
const adyenGross = computed("@gross, when @gross_currency is the settlement currency", (values) => {
  const gross = values["@gross"] ?? null;
  return gross !== null && values["@gross_currency"] === values["@currency"] ? gross : null;
});

const adyen: Record<string, FieldSource> = {
  transaction_id: firstOf(column("@psp_reference"), column("Modification Reference")),
  type: pspTypeOf(adyenType, column("Type")),
  net: column("@amount"),
  currency: column("@currency"),
  gross: adyenGross,
  fee: negatedFee,
  date: column("@date"),
  payout_id: column("@payout_reference"),
  order_id: column("Merchant Reference"),
  settlement_id: column("@batch"),
};

/**
 * Amazon's amount lines have no id of their own: the line's order or
 * adjustment id (Amazon's own key for it), else the settlement id. Its summary
 * row is the deposit, leaving Amazon for the bank, so its net is the
 * negated total, as Adyen's MerchantPayout and Stripe's payout lines are.
 */
const amazon: Record<string, FieldSource> = {
  transaction_id: firstOf(column("@reference"), column("@settlement_id")),
  type: computed("@record_type and amount-type", amazonType),
  net: computed("@amount (negated on the summary row)", (values) => {
    const amount = column("@amount").read(values);
    if (amount === null) return null;
    return values["@record_type"] === "summary" ? negatedDecimal(amount) : amount;
  }),
  currency: column("@currency"),
  date: column("@date"),
  payout_id: column("@settlement_id"),
  payout_date: column("@deposit_date"),
  order_id: firstOf(column("order-id"), column("merchant-order-id")),
  settlement_id: column("@settlement_id"),
};

const stripePayouts: Record<string, FieldSource> = {
  payout_id: column("@payout_id"),
  amount: column("@amount"),
  currency: column("@currency"),
  date: column("@date"),
  status: column("Status"),
  reference: column("Statement Descriptor"),
};

const shopify: Record<string, FieldSource> = {
  order_id: column("@reference"),
  amount: column("@amount"),
  currency: column("@currency"),
  date: column("@date"),
  customer_email: column("Email"),
  payment_reference: column("Payment Reference"),
};

export const PROVIDER_PROJECTIONS: readonly AdapterProjection[] = [
  { adapter: "stripe_payout_itemized", schema: "psp_settlement_line", fields: stripeItemized },
  { adapter: "stripe_balance_history", schema: "psp_settlement_line", fields: stripeBalance },
  { adapter: "paypal_stl", schema: "psp_settlement_line", fields: paypal },
  { adapter: "adyen_settlement_details", schema: "psp_settlement_line", fields: adyen },
  { adapter: "amazon_settlement_v2", schema: "psp_settlement_line", fields: amazon },
  { adapter: "stripe_payouts", schema: "payout", fields: stripePayouts },
  { adapter: "shopify_orders", schema: "order", fields: shopify },
];
