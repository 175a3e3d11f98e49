import { describe, expect, it } from "vitest";
import { column, errorsOf, fixtureText, helpers, lines, readWith } from "./support";

const FILE = "adyen_settlement_detail_report_batch_42.csv";

describe("adyen_settlement_details", () => {
  it("signs each booking from its debit or credit column and ties every row of a batch to its payout", () => {
    const table = readWith("adyen_settlement_details", fixtureText(FILE), FILE);
    expect(lines(table)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(column(table, "Net Debit (NC)")).toEqual([null, null, "35.10", "60.00", "15.00", "96.21", null]);
    expect(helpers(table)).toEqual({
      "@amount": ["117.42", "88.89", "-35.10", "-60.00", "-15.00", "-96.21", "44.12"],
      "@currency": Array(7).fill("EUR"),
      "@gross": ["120.00", "89.90", "-35.00", "-60.00", null, null, "45.00"],
      "@gross_currency": ["EUR", "EUR", "EUR", "EUR", null, null, "EUR"],
      "@fee": ["2.58", "1.01", "0.10", "0.00", "0.00", "0.00", "0.88"],
      "@date": ["2026-03-09", "2026-03-09", "2026-03-09", "2026-03-09", "2026-03-09", "2026-03-10", "2026-03-10"],
      "@batch": ["42", "42", "42", "42", "42", "42", "43"],
      "@payout_reference": [...Array(6).fill("TX4B8Q2K9M6N3P5R7XT"), null],
      "@reference": ["ORD-5001", "ORD-5002", "ORD-4990", "ORD-4950", "Chargeback Fee for 8816712345670120", "TX4B8Q2K9M6N3P5R7XT", "ORD-5003"],
      "@psp_reference": ["8816712345678901", "8816712345678902", "8816712345670455", "8816712345670120", null, null, "8816712345678950"],
      "@record_type": ["Settled", "Settled", "Refunded", "Chargeback", "Fee", "MerchantPayout", "Settled"],
    });
  });

  it("the batch's bookings add up to its payout", () => {
    const table = readWith("adyen_settlement_details", fixtureText(FILE), FILE);
    const amounts = column(table, "@amount");
    const batch = column(table, "@batch");
    const types = column(table, "@record_type");
    let cents = 0;
    for (let row = 0; row < table.rowCount; row++) if (batch[row] === "42" && types[row] !== "MerchantPayout") cents += Math.round(Number(amounts[row]) * 100);
    expect(cents).toBe(9621);
  });

  it("reports a row with both a debit and a credit, a row with neither, and a missing batch number", () => {
    const text = fixtureText(FILE)
      .replace("EUR,,117.42,", "EUR,1.00,117.42,")
      .replace("EUR,,88.89,", "EUR,,,")
      .replace("visadebit,,43,", "visadebit,,,");
    expect(errorsOf("adyen_settlement_details", text, FILE)).toEqual([
      { file: FILE, line: 2, column: 16, field: "Net Credit (NC)", value: "117.42", message: "the row has both Net Debit (NC) and Net Credit (NC)" },
      { file: FILE, line: 3, column: 15, field: "Net Debit (NC)", message: "the row has neither Net Debit (NC) nor Net Credit (NC)" },
      { file: FILE, line: 8, column: 23, field: "Batch Number", message: "the batch number is missing" },
    ]);
  });

  it("reports a second MerchantPayout in the same batch", () => {
    const text = fixtureText(FILE).replace("2026-03-10 09:01:44,CET,Settled,8816712345678950,EUR,,45.00,1,EUR,,44.12,,0.23,0.15,0.50,visadebit,,43", "2026-03-10 09:01:44,CET,MerchantPayout,TX9,,,,,EUR,44.12,,,,,,,,42");
    expect(errorsOf("adyen_settlement_details", text, FILE)).toEqual([
      { file: FILE, line: 8, column: 23, field: "Batch Number", value: "42", message: "batch 42 already has its MerchantPayout on line 7" },
    ]);
  });
});
