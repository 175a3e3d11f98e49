import { describe, expect, it } from "vitest";
import { AdapterError } from "~/core/adapters";
import { applyColumnMapping, InvalidColumnMappingError, type ColumnMapping } from "~/core/canonical";
import { canonicalColumns, plainTable } from "./support";

const APPLY = { fileName: "upload.csv" };

function statementMapping(fields: ColumnMapping["fields"]): ColumnMapping {
  return { schema: "bank_statement_line", signature: { columns: ["Date"] }, fields: { booking_date: { column: "Date", format: "yyyy-MM-dd" }, currency: { fixed: "EUR" }, ...fields } };
}

function mapped(text: string, mapping: ColumnMapping, delimiter: "," | ";" = ","): Record<string, Array<string | null>> {
  return canonicalColumns(applyColumnMapping(plainTable(text, delimiter), mapping, APPLY));
}

function errorsOf(text: string, mapping: ColumnMapping, delimiter: "," | ";" = ","): unknown[] {
  try {
    applyColumnMapping(plainTable(text, delimiter), mapping, APPLY);
  } catch (error) {
    expect(error).toBeInstanceOf(AdapterError);
    return (error as AdapterError).errors;
  }
  throw new Error("the mapping applied without an error");
}

describe("column mapping rules", () => {
  it("read dates in each declared format, a time after the day ignored", () => {
    const text = "Date,D1,D2,D3,D4\n2026-04-01,01.04.2026,4/1/2026,20260401,01.04.26 08:00:00\n";
    for (const [column, format] of [["D1", "dd.MM.yyyy"], ["D2", "M/d/yyyy"], ["D3", "yyyyMMdd"], ["D4", "dd.MM.yy"]] as const) {
      expect(mapped(text, statementMapping({ amount: { fixed: "1" }, value_date: { column, format } })).$value_date).toEqual(["2026-04-01"]);
    }
  });

  it("read money with its separators, in every sign notation, at the currency's digits", () => {
    const text = "Date;Amount\n2026-04-01;1.234,5\n2026-04-01;-1.234,56\n2026-04-01;1.234,56-\n2026-04-01;(0,99)\n2026-04-01;+7\n";
    const mapping = statementMapping({ amount: { column: "Amount", decimalSeparator: ",", thousandsSeparator: "." } });
    expect(mapped(text, mapping, ";")).toMatchObject({ $amount: ["1234.50", "-1234.56", "-1234.56", "-0.99", "7.00"], $direction: ["credit", "debit", "debit", "debit", "credit"] });
  });

  it("read Swiss and French grouping", () => {
    const text = "Date;CH;FR\n2026-04-01;1'234.50;1 234,50\n";
    expect(mapped(text, statementMapping({ amount: { column: "CH", decimalSeparator: ".", thousandsSeparator: "'" } }), ";").$amount).toEqual(["1234.50"]);
    expect(mapped(text, statementMapping({ amount: { column: "FR", decimalSeparator: ",", thousandsSeparator: " " } }), ";").$amount).toEqual(["1234.50"]);
  });

  it("negate an export written from the other side", () => {
    expect(mapped("Date,Amount\n2026-04-01,12.30\n", statementMapping({ amount: { column: "Amount", negate: true } })).$amount).toEqual(["-12.30"]);
  });

  it("sign an unsigned amount by a sign column: S (Soll) is money out of a bank account", () => {
    const mapping = statementMapping({ amount: { column: "Umsatz", decimalSeparator: ",", sign: { column: "S/H", values: { S: "debit", H: "credit" } } } });
    expect(mapped("Date;Umsatz;S/H\n2026-04-01;12,30;S\n2026-04-01;5,00;H\n", mapping, ";")).toMatchObject({ $amount: ["-12.30", "5.00"], $direction: ["debit", "credit"] });
  });

  it("read a split amount, ignoring the 0,00 an export writes on the unused side", () => {
    const mapping = statementMapping({ amount: { debit: "Debit", credit: "Credit", decimalSeparator: "," } });
    expect(mapped("Date;Debit;Credit\n2026-04-01;12,30;0,00\n2026-04-01;;5,00\n", mapping, ";").$amount).toEqual(["-12.30", "5.00"]);
  });

  it("translate an enum through its values, and take an enum's own values as written in any case", () => {
    const translated = statementMapping({ amount: { fixed: "1" }, direction: { column: "Kz", values: { S: "debit", H: "credit" } } });
    expect(mapped("Date,Kz\n2026-04-01,H\n", translated).$direction).toEqual(["credit"]);
    expect(mapped("Date,Kz\n2026-04-01,Debit\n", statementMapping({ amount: { fixed: "-1" }, direction: { column: "Kz" } })).$direction).toEqual(["debit"]);
  });

  it("extract with a linear-time pattern: its first group, else the whole match; no match is empty", () => {
    const mapping = statementMapping({ amount: { fixed: "1" }, reference: { column: "Text", pattern: "ref ([A-Z]+-\\d+)" }, remittance: { column: "Text", pattern: "po_\\w+" } });
    expect(mapped("Date,Text\n2026-04-01,payout po_1Rk ref INV-42\n2026-04-01,fee\n", mapping)).toMatchObject({ $reference: ["INV-42", null], $remittance: ["po_1Rk", null] });
  });

  it("write a fixed money value with the currency's digits, and a JPY amount without decimals", () => {
    const yen = { ...statementMapping({ amount: { column: "Amount" } }), fields: { ...statementMapping({ amount: { column: "Amount" } }).fields, currency: { fixed: "jpy" } } };
    expect(mapped("Date,Amount\n2026-04-01,1200\n", yen)).toMatchObject({ $amount: ["1200"], $currency: ["JPY"] });
    expect(mapped("Date\n2026-04-01\n", statementMapping({ amount: { fixed: "12.5" } })).$amount).toEqual(["12.50"]);
  });
});

describe("column mapping errors", () => {
  it("locate a cell that does not fit its rule: file, line, column, field and value", () => {
    const text = "Date,Amount,Kz\n01.04.2026,1.5,X\n2026-04-01,12.345,H\n";
    const mapping = statementMapping({ amount: { column: "Amount" }, direction: { column: "Kz", values: { S: "debit", H: "credit" } } });
    expect(errorsOf(text, mapping)).toEqual([
      { file: "upload.csv", line: 2, column: 1, field: "$booking_date", value: "01.04.2026", message: '"01.04.2026" is not a date in the form yyyy-MM-dd' },
      { file: "upload.csv", line: 2, column: 3, field: "$direction", value: "X", message: '"X" is not one of the texts the mapping translates for direction: S, H' },
      { file: "upload.csv", line: 3, column: 2, field: "$amount", value: "12.345", message: '"12.345" has more decimals than the currency\'s 2' },
    ]);
  });

  it("locate a required field a row lacks, a calendar-impossible day, a currency that is not ISO and both sides of a split amount, each once", () => {
    const text = "Date;Ccy;Debit;Credit\n2026-02-30;EUR;1,00;\n2026-04-01;EURO;1,00;\n2026-04-01;EUR;;\n2026-04-01;EUR;1,00;2,00\n";
    const mapping: ColumnMapping = { ...statementMapping({ amount: { debit: "Debit", credit: "Credit", decimalSeparator: "," } }), fields: { ...statementMapping({ amount: { debit: "Debit", credit: "Credit", decimalSeparator: "," } }).fields, currency: { column: "Ccy" } } };
    expect(errorsOf(text, mapping, ";")).toEqual([
      { file: "upload.csv", line: 2, column: 1, field: "$booking_date", value: "2026-02-30", message: '"2026-02-30" is not a calendar day' },
      { file: "upload.csv", line: 3, column: 2, field: "$currency", value: "EURO", message: '"EURO" is not an ISO 4217 currency code' },
      { file: "upload.csv", line: 4, column: 3, field: "$amount", message: "the row has no amount, which a bank_statement_line requires" },
      { file: "upload.csv", line: 5, column: 4, field: "$amount", message: "the row has both a debit and a credit amount" },
    ]);
  });

  it("locate an unknown sign at the sign column", () => {
    const mapping = statementMapping({ amount: { column: "Umsatz", sign: { column: "S/H", values: { S: "debit", H: "credit" } } } });
    expect(errorsOf("Date,Umsatz,S/H\n2026-04-01,1.00,D\n", mapping)).toEqual([{ file: "upload.csv", line: 2, column: 3, field: "$amount", value: "D", message: '"D" is not one of the sign column\'s texts: S, H' }]);
  });

  it("name a column the table does not have, on the header line", () => {
    expect(errorsOf("Date,Betrag\n2026-04-01,1.00\n", statementMapping({ amount: { column: "Amount" } }))).toEqual([{ file: "upload.csv", line: 1, field: "Amount", message: 'the table has no column "Amount", which the column mapping reads' }]);
  });

  it("under the lenient policy keep the rows, leave the bad values empty and return the errors as warnings", () => {
    const table = applyColumnMapping(plainTable("Date,Amount\n2026-04-01,abc\n2026-04-02,2.00\n"), statementMapping({ amount: { column: "Amount" } }), { fileName: "upload.csv", policy: "lenient" });
    expect(canonicalColumns(table).$amount).toEqual([null, "2.00"]);
    expect(table.warnings).toEqual([{ file: "upload.csv", line: 2, column: 2, field: "$amount", value: "abc", message: '"abc" is not a number with "." as the decimal separator' }]);
  });

  it("refuse a mapping that does not validate, listing its problems by pointer", () => {
    const invalid = statementMapping({ amount: { column: "Amount", format: "dd.MM.yyyy" } });
    expect(() => applyColumnMapping(plainTable("Date,Amount\n2026-04-01,1\n"), invalid, APPLY)).toThrow(InvalidColumnMappingError);
    expect(() => applyColumnMapping(plainTable("Date,Amount\n2026-04-01,1\n"), invalid, APPLY)).toThrow("/fields/amount/format: format is for dates; amount is money");
  });

  it("report a missing currency once: on the currency where the schema requires it, on the amount where it does not", () => {
    const statement: ColumnMapping = { schema: "bank_statement_line", signature: { columns: ["Date"] }, fields: { booking_date: { column: "Date", format: "yyyy-MM-dd" }, currency: { column: "Ccy" }, amount: { column: "Amount" } } };
    expect(errorsOf("Date,Ccy,Amount\n2026-04-01,,1.00\n", statement)).toEqual([{ file: "upload.csv", line: 2, column: 2, field: "$currency", message: "the row has no currency, which a bank_statement_line requires" }]);
    const invoice: ColumnMapping = { schema: "invoice_line", signature: { columns: ["No"] }, fields: { invoice_number: { column: "No" }, item: { column: "Item" }, quantity: { column: "Qty" }, currency: { column: "Ccy" }, amount: { column: "Amount" } } };
    expect(errorsOf("No,Item,Qty,Ccy,Amount\nINV-1,BOLT,5,,2.10\nINV-2,NUT,5,,\n", invoice)).toEqual([{ file: "upload.csv", line: 2, column: 5, field: "$amount", message: "the row has no currency to read its amount with" }]);
  });
});
