import { describe, expect, it } from "vitest";
import { columnMappingSchema, mappingFitsHeader, validateColumnMapping, type ColumnMapping } from "~/core/canonical";

const LEDGER: ColumnMapping = {
  schema: "ledger_entry",
  signature: { columns: ["Journal", "Posting Date"] },
  fields: {
    amount: { column: "Amount" },
    currency: { fixed: "EUR" },
    posting_date: { column: "Posting Date", format: "dd.MM.yyyy" },
    reference: { column: "Reference" },
  },
};

describe("validateColumnMapping", () => {
  it("accepts a mapping that gives every required field a usable rule", () => {
    expect(validateColumnMapping(LEDGER)).toEqual([]);
  });

  it("lets a statement line's direction follow from its amount, and no other required field", () => {
    const statement: ColumnMapping = { schema: "bank_statement_line", signature: { columns: ["Date"] }, fields: { amount: { column: "Amount" }, currency: { fixed: "EUR" } } };
    expect(validateColumnMapping(statement)).toEqual([{ pointer: "/fields", message: "bank_statement_line requires booking_date: add a rule for it" }]);
  });

  it("lists every problem at its JSON pointer", () => {
    const broken: ColumnMapping = {
      schema: "invoice_line",
      signature: { columns: ["Invoice No"] },
      fields: {
        invoice_number: { column: "Invoice No", fixed: "X" },
        quantity: { column: "Qty", decimalSeparator: ",", thousandsSeparator: "," },
        amount: { debit: "Debit" },
        "unit/price": { column: "Unit Price" },
        date: { column: "Date" },
        vendor: { column: "Vendor", format: "dd.MM.yyyy", values: { A: "b" } },
        po_number: { column: "PO", pattern: "(a+)+\\1" },
        currency: { fixed: "EURO" },
      },
    };
    expect(validateColumnMapping(broken)).toEqual([
      { pointer: "/fields", message: "invoice_line requires item: add a rule for it" },
      { pointer: "/fields/invoice_number", message: "give exactly one source: column, fixed, or debit and credit" },
      { pointer: "/fields/quantity/thousandsSeparator", message: "the thousands separator must differ from the decimal separator" },
      { pointer: "/fields/amount", message: "a split amount needs both a debit and a credit column" },
      { pointer: "/fields/unit~1price", message: 'invoice_line has no field "unit/price"; its fields are invoice_number, item, quantity, po_number, vendor, unit_price, amount, currency, date' },
      { pointer: "/fields/date", message: 'a date read from a column needs its format, e.g. "dd.MM.yyyy"' },
      { pointer: "/fields/vendor/format", message: "format is for dates; vendor is text" },
      { pointer: "/fields/vendor/values", message: "values translate texts to an enum's values; vendor is text" },
      { pointer: "/fields/po_number/pattern", message: "backreferences such as \\1 are not supported: they cannot be matched in linear time (at character 6 of the pattern)" },
      { pointer: "/fields/currency/fixed", message: '"EURO" is not an ISO 4217 currency code' },
    ]);
  });

  it("checks enum targets, sign columns and date formats", () => {
    const statement: ColumnMapping = {
      schema: "bank_statement_line",
      signature: { columns: ["Date"] },
      fields: {
        amount: { column: "Amount", sign: { column: "S/H", values: {} } },
        currency: { column: "Ccy" },
        booking_date: { column: "Date", format: "dd.MM.yyyy HH" },
        value_date: { column: "Valuta", format: "dd.MM" },
        direction: { column: "Kz", values: { S: "debit", H: "haben" } },
        description: { column: "Text", sign: { column: "S/H", values: { S: "debit" } } },
      },
    };
    expect(validateColumnMapping(statement)).toEqual([
      { pointer: "/fields/amount/sign/values", message: 'list the sign column\'s texts, e.g. { "S": "debit", "H": "credit" }' },
      { pointer: "/fields/booking_date/format", message: '"H" is not a date format letter: use yyyy or yy, MM or M, dd or d' },
      { pointer: "/fields/value_date/format", message: "a date format has one year (yyyy or yy), one month (MM or M) and one day (dd or d)" },
      { pointer: "/fields/direction/values/H", message: '"haben" is not one of direction\'s values: credit, debit' },
      { pointer: "/fields/description/sign", message: "a sign column is for money; description is text" },
    ]);
  });

  it("asks for a currency wherever money is mapped", () => {
    const po: ColumnMapping = { schema: "po_line", signature: { columns: ["PO"] }, fields: { po_number: { column: "PO" }, item: { column: "Item" }, quantity: { column: "Qty" }, amount: { column: "Amount" } } };
    expect(validateColumnMapping(po)).toEqual([{ pointer: "/fields/amount", message: "money is read with its currency's digits: map currency too (a column, or fixed)" }]);
  });
});

describe("columnMappingSchema", () => {
  it("parses a saved mapping and refuses unknown keys and schemas at their paths", () => {
    expect(columnMappingSchema.parse(LEDGER)).toEqual(LEDGER);
    const result = columnMappingSchema.safeParse({ ...LEDGER, schema: "bank_line", fields: { amount: { column: "Amount", colum: "x" } } });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => [issue.path.join("/"), issue.code])).toEqual([
      ["schema", "invalid_value"],
      ["fields/amount", "unrecognized_keys"],
    ]);
  });

  it("refuses a layout without signature columns", () => {
    const result = columnMappingSchema.safeParse({ ...LEDGER, signature: { columns: [] } });
    expect(result.error!.issues.map((issue) => [issue.path.join("/"), issue.message])).toEqual([["signature/columns", "a layout is recognized by at least one column"]]);
  });
});

describe("mappingFitsHeader", () => {
  it("fits a header with every signature column and every column the rules read, whatever else it has", () => {
    expect(mappingFitsHeader(LEDGER, ["Journal", " Posting Date ", "Amount", "Reference", "Text"])).toBe(true);
    expect(mappingFitsHeader(LEDGER, ["Journal", "Posting Date", "Amount"])).toBe(false);
    expect(mappingFitsHeader(LEDGER, ["Posting Date", "Amount", "Reference"])).toBe(false);
  });
});
