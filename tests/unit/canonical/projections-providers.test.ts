import { describe, expect, it } from "vitest";
import { withCanonicalColumns } from "~/core/canonical";
import { canonicalColumns, readFixture } from "./support";

/** The canonical values of the payment providers and shops on their fixtures, field by field. */
describe("canonical columns: payment providers and shops", () => {
  it("Stripe itemized payout reconciliation: fee negative, reporting category as line type, payout date", () => {
    const table = withCanonicalColumns(
      "stripe_payout_itemized",
      readFixture("stripe_payout_itemized", "stripe_payout_itemized.csv"),
      { fileName: "f" }
    );
    expect(canonicalColumns(table)).toEqual({
      $transaction_id: [
        "txn_3QaA1bC2dE3fG4hI",
        "txn_3QaB5kL6mN7oP8qR",
        "txn_3QaC9tU0vW1xY2zA",
        "txn_3QaD3cD4eF5gH6iJ",
        "txn_3QaE7kL8mN9oP0qR",
      ],
      $type: ["charge", "charge", "refund", "chargeback", "fee"],
      $net: ["81.75", "1212.48", "-25.35", "-75.00", "-49.00"],
      $currency: ["USD", "USD", "USD", "USD", "USD"],
      $gross: ["84.50", "1249.00", "-25.35", "-60.00", "-49.00"],
      $fee: ["-2.75", "-36.52", "0.00", "-15.00", "0.00"],
      $date: [
        "2026-03-02",
        "2026-03-02",
        "2026-03-03",
        "2026-03-03",
        "2026-03-03",
      ],
      $payout_id: [
        "po_1QbZ9yX8wV7uT6sR",
        "po_1QbZ9yX8wV7uT6sR",
        "po_1QbZ9yX8wV7uT6sR",
        "po_1QbZ9yX8wV7uT6sR",
        "po_1QbZ9yX8wV7uT6sR",
      ],
      $payout_date: [
        "2026-03-06",
        "2026-03-06",
        "2026-03-06",
        "2026-03-06",
        "2026-03-06",
      ],
      $order_id: ["#4102", "#4103", "#4099", "#4071", null],
      $settlement_id: [null, null, null, null, null],
    });
  });

  it("Stripe balance history: Transfer is the payout; the payout line itself has none", () => {
    const table = withCanonicalColumns(
      "stripe_balance_history",
      readFixture("stripe_balance_history", "stripe_balance_history.csv"),
      { fileName: "f" }
    );
    expect(canonicalColumns(table)).toEqual({
      $transaction_id: [
        "txn_3RkA1bC2dE3fG4hI",
        "txn_3RkB5kL6mN7oP8qR",
        "txn_3RkC9tU0vW1xY2zA",
        "txn_3RkD3cD4eF5gH6iJ",
      ],
      $type: ["charge", "charge", "refund", "payout"],
      $net: ["116.22", "1064.49", "-40.00", "-1140.71"],
      $currency: ["EUR", "EUR", "EUR", "EUR"],
      $gross: ["120.00", "1080.40", "-40.00", "-1140.71"],
      $fee: ["-3.78", "-15.91", "0.00", "0.00"],
      $date: ["2026-04-01", "2026-04-01", "2026-04-02", "2026-04-03"],
      $payout_id: [
        "po_1RkZ9yX8wV7uT6sR",
        "po_1RkZ9yX8wV7uT6sR",
        "po_1RkZ9yX8wV7uT6sR",
        null,
      ],
      $payout_date: ["2026-04-05", "2026-04-05", "2026-04-05", null],
      $order_id: [null, null, null, null],
      $settlement_id: [null, null, null, null],
    });
  });

  it("Stripe payouts export: one payout per row, on its arrival day", () => {
    const table = withCanonicalColumns(
      "stripe_payouts",
      readFixture("stripe_payouts", "stripe_payouts.csv"),
      { fileName: "f" }
    );
    expect(canonicalColumns(table)).toEqual({
      $payout_id: ["po_1QbZ9yX8wV7uT6sR", "po_1QcA8zY7xW6vU5tS"],
      $amount: ["1144.88", "2210.05"],
      $currency: ["USD", "USD"],
      $date: ["2026-03-06", "2026-03-07"],
      $status: ["paid", "in_transit"],
      $reference: [null, null],
    });
  });

  it("Shopify orders: one order per order with the first row's totals", () => {
    const table = withCanonicalColumns(
      "shopify_orders",
      readFixture("shopify_orders", "shopify_orders_export.csv"),
      { fileName: "f" }
    );
    expect(canonicalColumns(table)).toEqual({
      $order_id: ["#4101", "#4102", "#4103"],
      $amount: ["126.56", "84.50", "1249.00"],
      $currency: ["USD", "USD", "USD"],
      $date: ["2026-03-01", "2026-03-02", "2026-03-02"],
      $customer_email: [
        "amara.diallo@example.com",
        "lena.okafor@example.com",
        "ravi.menon@example.com",
      ],
      $payment_reference: ["c7300000001.1", "c7300000008.1", "c7300000015.1"],
    });
  });

  it("PayPal STL: event codes as line types, a refunded fee is positive", () => {
    const table = withCanonicalColumns(
      "paypal_stl",
      readFixture("paypal_stl", "STL-20260302.01.009.CSV"),
      { fileName: "f" }
    );
    expect(canonicalColumns(table)).toEqual({
      $transaction_id: [
        "4MX21873HJ5502114",
        "7PK55102AB3309817",
        "1TD90344KL8812035",
        "3WB61190QR2276504",
      ],
      $type: ["charge", "charge", "refund", "payout"],
      $net: ["53.09", "116.22", "-24.62", "-100.00"],
      $currency: ["USD", "USD", "USD", "USD"],
      $gross: ["54.99", "120.00", "-25.00", "-100.00"],
      $fee: ["-1.90", "-3.78", "0.38", "0.00"],
      $date: ["2026-03-02", "2026-03-02", "2026-03-02", "2026-03-02"],
      $payout_id: [null, null, null, null],
      $payout_date: [null, null, null, null],
      $order_id: ["INV-4104", "INV-4105", "INV-4088", null],
      $settlement_id: [null, null, null, null],
    });
  });

  it("Amazon settlement (DE): the summary row is the payout leaving Amazon, fees by amount type", () => {
    const table = withCanonicalColumns(
      "amazon_settlement_v2",
      readFixture("amazon_settlement_v2", "amazon_settlement_v2_de.txt"),
      { fileName: "f" }
    );
    expect(canonicalColumns(table)).toEqual({
      $transaction_id: [
        "98765432101",
        "302-5518820-1190234",
        "302-5518820-1190234",
        "302-5518820-1190234",
        "305-7720014-8836610",
        "305-7720014-8836610",
        "98765432101",
      ],
      $type: ["payout", "charge", "charge", "fee", "charge", "fee", "fee"],
      $net: [
        "-1122.05",
        "1299.00",
        "4.90",
        "-194.85",
        "29.85",
        "-4.48",
        "-12.37",
      ],
      $currency: ["EUR", "EUR", "EUR", "EUR", "EUR", "EUR", "EUR"],
      $gross: [null, null, null, null, null, null, null],
      $fee: [null, null, null, null, null, null, null],
      $date: [
        "2026-03-03",
        "2026-02-17",
        "2026-02-17",
        "2026-02-17",
        "2026-02-19",
        "2026-02-19",
        "2026-02-28",
      ],
      $payout_id: [
        "98765432101",
        "98765432101",
        "98765432101",
        "98765432101",
        "98765432101",
        "98765432101",
        "98765432101",
      ],
      $payout_date: [
        "2026-03-03",
        "2026-03-03",
        "2026-03-03",
        "2026-03-03",
        "2026-03-03",
        "2026-03-03",
        "2026-03-03",
      ],
      $order_id: [
        null,
        "302-5518820-1190234",
        "302-5518820-1190234",
        "302-5518820-1190234",
        "305-7720014-8836610",
        "305-7720014-8836610",
        null,
      ],
      $settlement_id: [
        "98765432101",
        "98765432101",
        "98765432101",
        "98765432101",
        "98765432101",
        "98765432101",
        "98765432101",
      ],
    });
  });

  it("Adyen settlement details: fees summed and negated, the payout reference on the batch's rows", () => {
    const table = withCanonicalColumns(
      "adyen_settlement_details",
      readFixture(
        "adyen_settlement_details",
        "adyen_settlement_detail_report_batch_42.csv"
      ),
      { fileName: "f" }
    );
    expect(canonicalColumns(table)).toEqual({
      $transaction_id: [
        "8816712345678901",
        "8816712345678902",
        "8816712345670455",
        "8816712345670120",
        "Chargeback Fee for 8816712345670120",
        "TX4B8Q2K9M6N3P5R7XT",
        "8816712345678950",
      ],
      $type: [
        "charge",
        "charge",
        "refund",
        "chargeback",
        "fee",
        "payout",
        "charge",
      ],
      $net: [
        "117.42",
        "88.89",
        "-35.10",
        "-60.00",
        "-15.00",
        "-96.21",
        "44.12",
      ],
      $currency: ["EUR", "EUR", "EUR", "EUR", "EUR", "EUR", "EUR"],
      $gross: ["120.00", "89.90", "-35.00", "-60.00", null, null, "45.00"],
      $fee: ["-2.58", "-1.01", "-0.10", "0.00", "0.00", "0.00", "-0.88"],
      $date: [
        "2026-03-09",
        "2026-03-09",
        "2026-03-09",
        "2026-03-09",
        "2026-03-09",
        "2026-03-10",
        "2026-03-10",
      ],
      $payout_id: [
        "TX4B8Q2K9M6N3P5R7XT",
        "TX4B8Q2K9M6N3P5R7XT",
        "TX4B8Q2K9M6N3P5R7XT",
        "TX4B8Q2K9M6N3P5R7XT",
        "TX4B8Q2K9M6N3P5R7XT",
        "TX4B8Q2K9M6N3P5R7XT",
        null,
      ],
      $payout_date: [null, null, null, null, null, null, null],
      $order_id: [
        "ORD-5001",
        "ORD-5002",
        "ORD-4990",
        "ORD-4950",
        null,
        null,
        "ORD-5003",
      ],
      $settlement_id: ["42", "42", "42", "42", "42", "42", "43"],
    });
  });
});
