import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readDelimited } from "~/core/ingest/delimited/read-delimited";
import { rawTableFromDelimited } from "~/core/ingest/delimited/to-raw-table";
import { shopifyOrdersFromLineItems } from "../../support/ecommerce-fixtures";
import { column, errorsOf, fixtureText, helpers, lines, readWith } from "./support";

async function* once(bytes: Uint8Array) {
  yield bytes;
}

describe("shopify_orders", () => {
  it("groups line item rows into one record per order, from the order's first row", () => {
    const table = readWith("shopify_orders", fixtureText("shopify_orders_export.csv"), "orders_export.csv");
    expect(lines(table)).toEqual([2, 4, 5]);
    expect(column(table, "Name")).toEqual(["#4101", "#4102", "#4103"]);
    // The first row's line item stays as written; the others are counted, not merged.
    expect(column(table, "Lineitem name")).toEqual(["Trail Runner Socks, Merino", "Canvas Weekender", "Titanium Stove Kit"]);
    expect(column(table, "Refunded Amount")).toEqual(["0.00", "0.00", "120.00"]);
    expect(helpers(table)).toEqual({
      "@amount": ["126.56", "84.50", "1249.00"],
      "@currency": ["USD", "USD", "USD"],
      "@date": ["2026-03-01", "2026-03-02", "2026-03-02"],
      "@paid_date": ["2026-03-01", "2026-03-02", "2026-03-02"],
      "@reference": ["#4101", "#4102", "#4103"],
      "@record_type": ["paid", "paid", "partially_refunded"],
      "@line_items": ["2", "1", "3"],
      "@quantity": ["3", "1", "4"],
    });
  });

  it("yields exactly the generator's orders from its 2,000-order export, each at its first row's line", async () => {
    const bytes = gunzipSync(readFileSync("tests/fixtures/ecommerce-2000/seed-1/shopify_orders.csv.gz"));
    const table = readWith("shopify_orders", bytes, "shopify_orders.csv");
    expect(table.rowCount).toBe(2000);
    const lineItems = rawTableFromDelimited(await readDelimited(once(bytes), { delimiter: ",", fileName: "shopify_orders.csv" }), "file_test");
    const expected = shopifyOrdersFromLineItems(lineItems);
    expect(lines(table)).toEqual([...expected.provenance.line]);
    expect(column(table, "Name")).toEqual(column(expected, "Name"));
    expect(column(table, "@amount")).toEqual(column(expected, "Total"));
    const lineItemCount = column(table, "@line_items").reduce((sum, count) => sum + Number(count), 0);
    expect(lineItemCount).toBe(lineItems.rowCount);
  });

  it("reports a line item row whose order has no first row with order-level fields", () => {
    const text = fixtureText("shopify_orders_export.csv");
    const withoutFirstRow = text
      .split("\n")
      .filter((line) => !line.startsWith("#4101,amara.diallo@example.com,paid"))
      .join("\n");
    expect(errorsOf("shopify_orders", withoutFirstRow, "orders_export.csv")).toEqual([
      { file: "orders_export.csv", line: 2, column: 3, field: "Financial Status", message: "the first row of order #4101 has no order-level fields (Financial Status is empty)" },
    ]);
  });

  it("reports an order whose rows are not consecutive, and a bad Total", () => {
    const text = fixtureText("shopify_orders_export.csv").replace("3.55,84.50,", "3.55,84.5.0,");
    const rows = text.trimEnd().split("\n");
    // Move #4101's second line item after #4102.
    const reordered = [rows[0], rows[1], rows[3], rows[2], rows[4], rows[5], rows[6]].join("\n") + "\n";
    expect(errorsOf("shopify_orders", reordered, "orders_export.csv")).toEqual([
      { file: "orders_export.csv", line: 3, column: 12, field: "Total", value: "84.5.0", message: '"84.5.0" is not a decimal amount (expected digits with "." as the decimal separator)' },
      {
        file: "orders_export.csv",
        line: 4,
        column: 1,
        field: "Name",
        value: "#4101",
        message: "order #4101 appears again after its rows ended on line 2: an order's line items must be consecutive",
      },
    ]);
  });

  it("reports a second row that repeats an order's order-level fields", () => {
    const text = fixtureText("shopify_orders_export.csv").replace("#4103,ravi.menon@example.com,,", "#4103,ravi.menon@example.com,paid,");
    expect(errorsOf("shopify_orders", text, "orders_export.csv")).toEqual([
      { file: "orders_export.csv", line: 6, column: 3, field: "Financial Status", value: "paid", message: "order #4103 has its order-level fields again on a line item row" },
    ]);
  });
});
