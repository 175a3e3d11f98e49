import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { column, errorsOf, fixtureText, helpers, lines, readWith } from "./support";

describe("stripe_payout_itemized", () => {
  it("reads one record per balance transaction with signed net amounts, keeping the report's own columns", () => {
    const table = readWith("stripe_payout_itemized", fixtureText("stripe_payout_itemized.csv"), "itemized.csv");
    expect(lines(table)).toEqual([2, 3, 4, 5, 6]);
    expect(table.columns.slice(0, 16)).toEqual([
      "balance_transaction_id",
      "created_utc",
      "available_on_utc",
      "currency",
      "gross",
      "fee",
      "net",
      "reporting_category",
      "source_id",
      "description",
      "automatic_payout_id",
      "automatic_payout_effective_at_utc",
      "customer_email",
      "charge_id",
      "payment_intent_id",
      "payment_metadata[order_id]",
    ]);
    expect(column(table, "description")[0]).toBe("Order #4102, gift wrap");
    expect(column(table, "payment_metadata[order_id]")).toEqual(["#4102", "#4103", "#4099", "#4071", null]);
    expect(helpers(table)).toEqual({
      "@amount": ["81.75", "1212.48", "-25.35", "-75.00", "-49.00"],
      "@gross": ["84.50", "1249.00", "-25.35", "-60.00", "-49.00"],
      "@fee": ["2.75", "36.52", "0.00", "15.00", "0.00"],
      "@currency": ["USD", "USD", "USD", "USD", "USD"],
      "@date": ["2026-03-02", "2026-03-02", "2026-03-03", "2026-03-03", "2026-03-03"],
      "@available_on": ["2026-03-04", "2026-03-04", "2026-03-04", "2026-03-04", "2026-03-04"],
      "@payout_id": Array(5).fill("po_1QbZ9yX8wV7uT6sR"),
      "@reference": ["ch_3QaA1bC2dE3fG4hJ", "ch_3QaB5kL6mN7oP8qS", "re_3QaC9tU0vW1xY2zB", "dp_1QaD3cD4eF5gH6iK", null],
      "@record_type": ["charge", "charge", "refund", "dispute", "fee"],
    });
  });

  it("reports a row whose net is not gross minus fee, at its line and column", () => {
    const broken = fixtureText("stripe_payout_itemized.csv").replace("1249.00,36.52,1212.48", "1249.00,36.52,1212.84");
    expect(errorsOf("stripe_payout_itemized", broken, "itemized.csv")).toEqual([
      { file: "itemized.csv", line: 3, column: 7, field: "net", value: "1212.84", message: "net 1212.84 is not gross 1249.00 − fee 36.52 = 1212.48" },
    ]);
  });

  it("reports every malformed cell at once: a bad amount, an unknown currency and a bad date", () => {
    const broken = fixtureText("stripe_payout_itemized.csv")
      .replace("84.50,2.75,81.75", "84.5O,2.75,81.75")
      .replace("2026-03-03 08:02:17,2026-03-04 00:00:00,usd", "2026-03-03 08:02:17,2026-03-04 00:00:00,usx")
      .replace("2026-03-03 23:59:59", "03/03/2026 23:59:59");
    expect(errorsOf("stripe_payout_itemized", broken, "itemized.csv")).toEqual([
      { file: "itemized.csv", line: 2, column: 5, field: "gross", value: "84.5O", message: '"84.5O" is not a decimal amount (expected digits with "." as the decimal separator)' },
      { file: "itemized.csv", line: 4, column: 4, field: "currency", value: "usx", message: '"usx" is not an ISO 4217 currency code' },
      { file: "itemized.csv", line: 6, column: 2, field: "created_utc", value: "03/03/2026 23:59:59", message: '"03/03/2026 23:59:59" is not a date in the yyyy-mm-dd form this format uses' },
    ]);
  });

  it("reports a missing required column on the header line", () => {
    const broken = fixtureText("stripe_payout_itemized.csv").replace(",net,", ",net_amount,");
    expect(errorsOf("stripe_payout_itemized", broken, "itemized.csv")).toEqual([{ file: "itemized.csv", line: 1, field: "net", message: 'the header has no column "net"' }]);
  });

  it("reads a report downloaded with local-time columns, and reports one with no creation time at all", () => {
    const local = fixtureText("stripe_payout_itemized.csv").replace("created_utc,available_on_utc", "created,available_on");
    const table = readWith("stripe_payout_itemized", local, "itemized.csv");
    expect(column(table, "@date")).toEqual(["2026-03-02", "2026-03-02", "2026-03-03", "2026-03-03", "2026-03-03"]);
    expect(column(table, "@available_on")).toEqual(Array(5).fill("2026-03-04"));
    const none = fixtureText("stripe_payout_itemized.csv").replace("created_utc,", "created_at,");
    expect(errorsOf("stripe_payout_itemized", none, "itemized.csv")).toEqual([
      { file: "itemized.csv", line: 1, field: "created_utc", message: 'the header has no column "created_utc" or "created"' },
    ]);
  });

  it("reports a record with a different field count than the header", () => {
    const broken = fixtureText("stripe_payout_itemized.csv").replace("Refund for #4099,", "Refund for #4099,extra,");
    expect(errorsOf("stripe_payout_itemized", broken, "itemized.csv")).toEqual([{ file: "itemized.csv", line: 4, message: "the record does not have the header's 16 fields" }]);
  });

  it("reads the generator's itemized report: every row, net = gross − fee throughout", () => {
    const bytes = gunzipSync(readFileSync("tests/fixtures/ecommerce-2000/seed-1/stripe_balance.csv.gz"));
    const table = readWith("stripe_payout_itemized", bytes, "stripe_balance.csv");
    const dataLines = bytes.toString("utf8").trimEnd().split("\n").length - 1;
    expect(table.rowCount).toBe(dataLines);
    expect(lines(table)).toEqual(Array.from({ length: dataLines }, (_, index) => index + 2));
    expect(new Set(column(table, "@currency"))).toEqual(new Set(["USD"]));
    expect(column(table, "@amount")).toEqual(column(table, "net"));
  });
});

describe("stripe_balance_history", () => {
  it("reads the dashboard export with Net as the amount and Transfer as the payout", () => {
    const table = readWith("stripe_balance_history", fixtureText("stripe_balance_history.csv"), "balance_history.csv");
    expect(lines(table)).toEqual([2, 3, 4, 5]);
    expect(column(table, "Amount")).toEqual(["120.00", "1,080.40", "-40.00", "-1140.71"]);
    expect(helpers(table)).toEqual({
      "@amount": ["116.22", "1064.49", "-40.00", "-1140.71"],
      "@gross": ["120.00", "1080.40", "-40.00", "-1140.71"],
      "@fee": ["3.78", "15.91", "0.00", "0.00"],
      "@currency": ["EUR", "EUR", "EUR", "EUR"],
      "@date": ["2026-04-01", "2026-04-01", "2026-04-02", "2026-04-03"],
      "@available_on": ["2026-04-03", "2026-04-03", "2026-04-02", "2026-04-05"],
      "@payout_id": ["po_1RkZ9yX8wV7uT6sR", "po_1RkZ9yX8wV7uT6sR", "po_1RkZ9yX8wV7uT6sR", null],
      "@reference": ["ch_3RkA1bC2dE3fG4hJ", "ch_3RkB5kL6mN7oP8qS", "re_3RkC9tU0vW1xY2zB", "po_1RkZ9yX8wV7uT6sR"],
      "@record_type": ["charge", "charge", "refund", "payout"],
    });
  });

  it("reports a Net that is not Amount − Fee", () => {
    const broken = fixtureText("stripe_balance_history.csv").replace("120.00,3.78,116.22", "120.00,3.87,116.22");
    expect(errorsOf("stripe_balance_history", broken, "balance_history.csv")).toEqual([
      { file: "balance_history.csv", line: 2, column: 6, field: "Net", value: "116.22", message: "net 116.22 is not gross 120.00 − fee 3.87 = 116.13" },
    ]);
  });
});

describe("stripe_payouts", () => {
  it("reads one record per payout with its arrival day", () => {
    const table = readWith("stripe_payouts", fixtureText("stripe_payouts.csv"), "payouts.csv");
    expect(lines(table)).toEqual([2, 3]);
    expect(helpers(table)).toEqual({
      "@amount": ["1144.88", "2210.05"],
      "@currency": ["USD", "USD"],
      "@date": ["2026-03-06", "2026-03-07"],
      "@payout_id": ["po_1QbZ9yX8wV7uT6sR", "po_1QcA8zY7xW6vU5tS"],
      "@reference": ["po_1QbZ9yX8wV7uT6sR", "po_1QcA8zY7xW6vU5tS"],
      "@record_type": ["paid", "in_transit"],
    });
  });

  it("reports a payout without an id or with a bad amount", () => {
    const broken = fixtureText("stripe_payouts.csv").replace("po_1QcA8zY7xW6vU5tS,2210.05", ",2210.O5");
    expect(errorsOf("stripe_payouts", broken, "payouts.csv")).toEqual([
      { file: "payouts.csv", line: 3, column: 1, field: "id", message: "the payout id is missing" },
      { file: "payouts.csv", line: 3, column: 2, field: "Amount", value: "2210.O5", message: '"2210.O5" is not a decimal amount (expected digits with "." as the decimal separator)' },
    ]);
  });
});
