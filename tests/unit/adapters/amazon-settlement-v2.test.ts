import { describe, expect, it } from "vitest";
import { column, errorsOf, fixtureText, helpers, lines, readWith } from "./support";

describe("amazon_settlement_v2", () => {
  it("reads the summary row and every amount line, the amounts adding up to the total", () => {
    const table = readWith("amazon_settlement_v2", fixtureText("amazon_settlement_v2_us.txt"), "settlement_us.txt");
    expect(lines(table)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(column(table, "sku")[1]).toBe("TENT-2P-240");
    const orderLine = Array(4).fill("113-4829301-5567102");
    const secondOrder = Array(3).fill("114-0093716-2248851");
    const refundLines = Array(3).fill("113-4829301-5567102");
    expect(helpers(table)).toEqual({
      "@amount": ["25.83", "34.99", "2.54", "-5.25", "-3.22", "76.00", "-2.00", "-5.40", "-34.99", "4.20", "-1.05", "-39.99"],
      "@currency": Array(12).fill("USD"),
      "@date": ["2026-03-03", ...Array(4).fill("2026-02-18"), ...Array(3).fill("2026-02-20"), ...Array(3).fill("2026-02-25"), "2026-02-28"],
      "@deposit_date": Array(12).fill("2026-03-03"),
      "@settlement_id": Array(12).fill("12345678901"),
      "@reference": [null, ...orderLine, ...secondOrder, ...refundLines, null],
      "@record_type": ["summary", ...Array(7).fill("Order"), ...Array(3).fill("Refund"), "other-transaction"],
      "@amount_type": [
        null,
        "ItemPrice/Principal",
        "ItemPrice/Tax",
        "ItemFees/Commission",
        "ItemFees/FBAPerUnitFulfillmentFee",
        "ItemPrice/Principal",
        "Promotion/Principal",
        "ItemFees/Commission",
        "ItemPrice/Principal",
        "ItemFees/Commission",
        "ItemFees/RefundCommission",
        "other-transaction/Subscription Fee",
      ],
    });
  });

  it("reads an EU marketplace file with decimal commas and dd.mm.yyyy dates", () => {
    const table = readWith("amazon_settlement_v2", fixtureText("amazon_settlement_v2_de.txt"), "settlement_de.txt");
    expect(lines(table)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(column(table, "amount")[1]).toBe("1299,00");
    expect(column(table, "@amount")).toEqual(["1122.05", "1299.00", "4.90", "-194.85", "29.85", "-4.48", "-12.37"]);
    expect(column(table, "@currency")).toEqual(Array(7).fill("EUR"));
    expect(column(table, "@date")).toEqual(["2026-03-03", "2026-02-17", "2026-02-17", "2026-02-17", "2026-02-19", "2026-02-19", "2026-02-28"]);
  });

  it("reports a total that is not the sum of the amount lines, on the summary row", () => {
    const text = fixtureText("amazon_settlement_v2_de.txt").replace("\t-4,48\t", "\t-4,84\t");
    expect(errorsOf("amazon_settlement_v2", text, "settlement_de.txt")).toEqual([
      { file: "settlement_de.txt", line: 2, column: 5, field: "total-amount", value: "1122,05", message: "the amount lines add up to 1121.69, not the total 1122.05" },
    ]);
  });

  it("reports a file whose first row is not the settlement summary", () => {
    const rows = fixtureText("amazon_settlement_v2_us.txt").split("\r\n");
    const text = [rows[0], ...rows.slice(2)].join("\r\n");
    expect(errorsOf("amazon_settlement_v2", text, "settlement_us.txt")).toEqual([
      { file: "settlement_us.txt", line: 2, field: "total-amount", message: "the first row must be the settlement summary, with total-amount and deposit-date" },
    ]);
  });

  it("reports amount lines of another settlement or currency, and bad amounts and dates", () => {
    const rows = fixtureText("amazon_settlement_v2_us.txt").split("\r\n");
    rows[2] = rows[2]!.replace(/^12345678901/, "12345678902");
    rows[3] = rows[3]!.replace("\t2.54\t", "\t2.5.4\t");
    rows[4] = rows[4]!.replace("\t2026-02-18\t", "\t2026-02-31\t");
    rows[5] = rows[5]!.replace(/^(12345678901\t\t\t\t\t)\t/, "$1EUR\t");
    expect(errorsOf("amazon_settlement_v2", rows.join("\r\n"), "settlement_us.txt")).toEqual([
      { file: "settlement_us.txt", line: 3, column: 1, field: "settlement-id", value: "12345678902", message: "the row belongs to settlement 12345678902, the file to 12345678901" },
      { file: "settlement_us.txt", line: 4, column: 15, field: "amount", value: "2.5.4", message: '"2.5.4" is not a decimal amount (expected digits with "." as the decimal separator)' },
      { file: "settlement_us.txt", line: 5, column: 17, field: "posted-date", value: "2026-02-31", message: '"2026-02-31" is not a date in the yyyy-mm-dd or dd.mm.yyyy form' },
      { file: "settlement_us.txt", line: 6, column: 6, field: "currency", value: "EUR", message: "the row is in EUR, the settlement in USD" },
    ]);
  });
});
