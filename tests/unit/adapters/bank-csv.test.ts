import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { column, errorsOf, fixtureText, helpers, lines, readWith } from "./support";

describe("bank_csv", () => {
  it("reads a Chase download with the chase profile: signed amounts in USD, US dates", () => {
    const table = readWith("bank_csv", fixtureText("bank_chase.csv"), "chase.csv");
    expect(lines(table)).toEqual([2, 3, 4, 5]);
    expect(helpers(table)).toEqual({
      "@amount": ["1144.88", "-212.40", "-125.00", "2210.05"],
      "@currency": Array(4).fill("USD"),
      "@date": ["2026-03-06", "2026-03-06", "2026-03-09", "2026-03-09"],
      "@value_date": [null, null, null, null],
      "@description": [
        "ORIG CO NAME:STRIPE ORIG ID:1800948598 DESC DATE:260306 CO ENTRY DESCR:TRANSFER SEC:CCD TRACE#:021000021004417 IND ID:po_1QbZ9yX8wV7uT6sR IND NAME:ACME GOODS LLC",
        "ADP PAYROLL FEES, ADP FEES",
        "CHECK 1042",
        "STRIPE TRANSFER",
      ],
      "@remittance": [
        "ORIG CO NAME:STRIPE ORIG ID:1800948598 DESC DATE:260306 CO ENTRY DESCR:TRANSFER SEC:CCD TRACE#:021000021004417 IND ID:po_1QbZ9yX8wV7uT6sR IND NAME:ACME GOODS LLC",
        "ADP PAYROLL FEES, ADP FEES",
        "CHECK 1042",
        "STRIPE TRANSFER",
      ],
      "@reference": [null, null, "1042", null],
      "@counterparty": [null, null, null, null],
      "@counterparty_account": [null, null, null, null],
      "@account": [null, null, null, null],
      "@transaction_code": ["ACH_CREDIT", "ACH_DEBIT", "CHECK_PAID", "ACH_CREDIT"],
      "@balance": ["26144.88", "25932.48", "25807.48", "28017.53"],
      "@record_type": ["credit", "debit", "debit", "credit"],
      "@profile": Array(4).fill("chase"),
    });
  });

  it("accepts the stray trailing comma Chase puts on data rows, but not an extra value", () => {
    const withTrailingCommas = fixtureText("bank_chase.csv").replace(/(,\d*)\n/g, "$1,\n");
    expect(withTrailingCommas.split("\n")[2]).toBe('DEBIT,03/06/2026,"ADP PAYROLL FEES, ADP FEES",-212.40,ACH_DEBIT,25932.48,,');
    const table = readWith("bank_csv", withTrailingCommas, "chase.csv");
    expect(table).toEqual(readWith("bank_csv", fixtureText("bank_chase.csv"), "chase.csv"));
    const withValue = fixtureText("bank_chase.csv").replace("CHECK_PAID,25807.48,1042", "CHECK_PAID,25807.48,1042,VOID");
    expect(errorsOf("bank_csv", withValue, "chase.csv")).toEqual([{ file: "chase.csv", line: 4, message: "the record does not have the header's 7 fields" }]);
  });

  it("reads a debit/credit layout, debits as negative amounts", () => {
    const table = readWith("bank_csv", fixtureText("bank_debit_credit.csv"), "statement.csv");
    expect(lines(table)).toEqual([2, 3, 4]);
    expect(column(table, "@amount")).toEqual(["1140.71", "-250.00", "96.21"]);
    expect(column(table, "@currency")).toEqual(["EUR", "EUR", "EUR"]);
    expect(column(table, "@reference")).toEqual(["2026040500012345", "2026040500012346", "2026040600000911"]);
    expect(column(table, "@profile")).toEqual(["debit_credit", "debit_credit", "debit_credit"]);
  });

  it("reads a signed-amount layout", () => {
    const text = "Date,Description,Amount,Currency\n2026-05-02,PAYPAL TRANSFER 3WB61190QR2276504,100.00,USD\n2026-05-03,WIRE FEE,-15.00,USD\n";
    const table = readWith("bank_csv", text, "signed.csv");
    expect(lines(table)).toEqual([2, 3]);
    expect(column(table, "@amount")).toEqual(["100.00", "-15.00"]);
    expect(column(table, "@profile")).toEqual(["signed_amount", "signed_amount"]);
    expect(column(table, "@reference")).toEqual([null, null]);
  });

  it("reads the generator's bank statement: one record per line, payout ids kept in the remittance", () => {
    const bytes = gunzipSync(readFileSync("tests/fixtures/ecommerce-2000/seed-1/bank_statement.csv.gz"));
    const table = readWith("bank_csv", bytes, "bank_statement.csv");
    const dataLines = bytes.toString("utf8").trimEnd().split("\n").length - 1;
    expect(lines(table)).toEqual(Array.from({ length: dataLines }, (_, index) => index + 2));
    expect(column(table, "@amount")).toEqual(column(table, "Amount"));
    expect(column(table, "@remittance").some((text) => text?.includes("IND ID:po_"))).toBe(true);
  });

  it("reports a header that fits no profile", () => {
    expect(errorsOf("bank_csv", "Booking day;Text;Sum\n", "other.csv")).toEqual([
      {
        file: "other.csv",
        line: 1,
        message:
          "the header fits no bank CSV profile; expected one of: chase (Details, Posting Date, Description, Amount, Type, Balance, Check or Slip #); sparkasse_camt (Auftragskonto, Buchungstag, Valutadatum, Buchungstext, Verwendungszweck, Beguenstigter/Zahlungspflichtiger, Kontonummer/IBAN, Betrag, Waehrung); deutsche_bank (Buchungstag, Wert, Umsatzart, Begünstigter / Auftraggeber, Verwendungszweck, IBAN, Soll, Haben, Währung); ing_nl (Datum, Naam / Omschrijving, Rekening, Tegenrekening, Code, Af Bij, Bedrag (EUR), Mutatiesoort, Mededelingen); debit_credit (Date, Description, Debit, Credit, Currency); signed_amount (Date, Description, Amount, Currency)",
      },
    ]);
  });

  it("reports a day-first date and a decimal-comma amount in a US file, and a row with both debit and credit", () => {
    const chase = fixtureText("bank_chase.csv").replace("03/09/2026,CHECK 1042", "13/09/2026,CHECK 1042").replace("2210.05,", '"2.210,05",');
    expect(errorsOf("bank_csv", chase, "chase.csv")).toEqual([
      { file: "chase.csv", line: 4, column: 2, field: "Posting Date", value: "13/09/2026", message: '"13/09/2026" is not a date in the MM/DD/YYYY form this format uses' },
      { file: "chase.csv", line: 5, column: 4, field: "Amount", value: "2.210,05", message: '"2.210,05" is not a decimal amount (expected digits with "." as the decimal separator)' },
    ]);
    const debitCredit = fixtureText("bank_debit_credit.csv").replace("250.00,,", "250.00,1.00,").replace(",,96.21,", ",,96.2x,");
    expect(errorsOf("bank_csv", debitCredit, "statement.csv")).toEqual([
      { file: "statement.csv", line: 3, column: 5, field: "Credit", message: "the row has both a debit and a credit amount" },
      { file: "statement.csv", line: 4, column: 5, field: "Credit", value: "96.2x", message: '"96.2x" is not a decimal amount (expected digits with "." as the decimal separator)' },
    ]);
  });
});
