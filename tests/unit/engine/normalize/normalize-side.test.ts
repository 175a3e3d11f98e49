import { describe, expect, it } from "vitest";
import { normalizeSide, validateSideAgainstColumns } from "~/core/engine/normalize";
import { NULL_DATE } from "~/core/engine/types";
import { definitionIssues, rawTable, side } from "./factories";

const NO_LOOKUPS = { lookups: {}, sideName: "source" as const };

function charges() {
  return rawTable({
    "Charge ID": ["ch_1", " ch_2 ", "ch_3", ""],
    Amount: ["(1,234.56)", "20.00", "7.5", null],
    Currency: ["usd", "EUR ", "usd", null],
    Created: ["2026-01-15 22:30:00 -0500", "2026-01-16 08:00:00 +0000", "2026-01-17 00:15:00 +0100", null],
    Type: ["charge", "payment", "refund", null],
  });
}

const chargeMappings = [
  { field: "id", column: "Charge ID", transforms: [{ op: "trim" }] },
  { field: "amount", column: "Amount", transforms: [{ op: "parseAmount", sign: "parentheses", thousandsSeparator: "," }] },
  { field: "currency", column: "Currency" },
  { field: "date", column: "Created", transforms: [{ op: "parseDate", format: "yyyy-MM-dd HH:mm:ss xx", timeZone: "UTC" }] },
  { field: "type", column: "Type" },
];

describe("normalizeSide", () => {
  it("maps columns into typed canonical lanes", () => {
    const { table, excludedRows, issues } = normalizeSide(charges(), side({ mappings: chargeMappings }), NO_LOOKUPS);
    expect(table.rowCount).toBe(4);
    expect(Array.from(table.amountMinor)).toEqual([-123456, 2000, 750, Number.NaN]);
    expect(table.currency).toEqual(["USD", "EUR", "USD", null]);
    expect(Array.from(table.date)).toEqual([20469, 20469, 20469, NULL_DATE]);
    expect(table.text).toEqual({ id: ["ch_1", "ch_2", "ch_3", null], type: ["charge", "payment", "refund", null] });
    expect(table.numbers).toEqual({});
    expect(excludedRows).toEqual([]);
    expect(issues).toEqual([]);
  });

  it("keeps the raw table for artifacts", () => {
    const raw = charges();
    expect(normalizeSide(raw, side({ mappings: chargeMappings }), NO_LOOKUPS).table.raw).toBe(raw);
  });

  it("fills unmapped canonical lanes with their absent values", () => {
    const { table } = normalizeSide(rawTable({ ref: ["a", "b"] }), side({ mappings: [{ field: "reference", column: "ref" }] }), NO_LOOKUPS);
    expect(Array.from(table.amountMinor)).toEqual([Number.NaN, Number.NaN]);
    expect(table.currency).toEqual([null, null]);
    expect(Array.from(table.date)).toEqual([NULL_DATE, NULL_DATE]);
    expect(table.text).toEqual({ reference: ["a", "b"] });
  });

  it("parses amount with the default format when the mapping has no parseAmount", () => {
    const raw = rawTable({ total: ["-12.34", "5", "1,000.00"] });
    const { table, issues } = normalizeSide(raw, side({ mappings: [{ field: "amount", column: "total" }] }), NO_LOOKUPS);
    expect(Array.from(table.amountMinor)).toEqual([-1234, 500, Number.NaN]);
    expect(issues).toEqual([
      { row: 2, line: 4, field: "amount", column: "total", value: "1,000.00", message: 'parseAmount (default): unexpected "," at position 2' },
    ]);
  });

  it("reads date as ISO text when the mapping has no parseDate", () => {
    const raw = rawTable({ day: ["2026-01-15", "2026-01-15T23:30:00-05:00", "15/01/2026"] });
    const { table, issues } = normalizeSide(raw, side({ mappings: [{ field: "date", column: "day" }] }), NO_LOOKUPS);
    expect(Array.from(table.date)).toEqual([20468, 20469, NULL_DATE]);
    expect(issues).toEqual([
      {
        row: 2,
        line: 4,
        field: "date",
        column: "day",
        value: "15/01/2026",
        message: 'parseDate (default iso): not a date in format "iso": expected an ISO date like 2026-01-15 or 2026-01-15T10:30:00Z',
      },
    ]);
  });

  it("finds each day in the rule's time zone", () => {
    const raw = rawTable({ at: ["2026-01-15 22:30:00 -0500", "2026-01-16 03:30:00 +0000"] });
    const mappings = [{ field: "date", column: "at", transforms: [{ op: "parseDate", format: "yyyy-MM-dd HH:mm:ss xx", timeZone: "America/New_York" }] }];
    expect(Array.from(normalizeSide(raw, side({ mappings }), NO_LOOKUPS).table.date)).toEqual([20468, 20468]);
  });

  it("upper-cases and trims currency codes and rejects anything but three letters", () => {
    const raw = rawTable({ ccy: ["usd", " gbp ", "US$", "840", ""] });
    const { table, issues } = normalizeSide(raw, side({ mappings: [{ field: "currency", column: "ccy" }] }), NO_LOOKUPS);
    expect(table.currency).toEqual(["USD", "GBP", null, null, null]);
    expect(issues).toEqual([
      { row: 2, line: 4, field: "currency", column: "ccy", value: "US$", message: 'currency: "US$" is not a 3-letter ISO 4217 code' },
      { row: 3, line: 5, field: "currency", column: "ccy", value: "840", message: 'currency: "840" is not a 3-letter ISO 4217 code' },
    ]);
  });

  it("maps a field from a constant without a column", () => {
    const raw = rawTable({ total: ["1.00", "2.00"] });
    const mappings = [{ field: "currency", transforms: [{ op: "constant", value: "usd" }] }];
    expect(normalizeSide(raw, side({ mappings }), NO_LOOKUPS).table.currency).toEqual(["USD", "USD"]);
  });

  it("stores a custom field whose chain ends in a number in numbers", () => {
    const raw = rawTable({ fee: ["0.30", "", "1.25"] });
    const mappings = [{ field: "fee", column: "fee", transforms: [{ op: "parseAmount" }, { op: "negate" }] }];
    const { table } = normalizeSide(raw, side({ mappings }), NO_LOOKUPS);
    expect(Object.keys(table.numbers)).toEqual(["fee"]);
    expect(Array.from(table.numbers.fee!)).toEqual([-30, Number.NaN, -125]);
    expect(table.text).toEqual({});
  });

  it("stores a custom field whose chain ends in text in text", () => {
    const raw = rawTable({ email: [" Ada@Example.com", null] });
    const mappings = [{ field: "email", column: "email", transforms: [{ op: "trim" }, { op: "lower" }] }];
    expect(normalizeSide(raw, side({ mappings }), NO_LOOKUPS).table.text).toEqual({ email: ["ada@example.com", null] });
  });

  it("stores a custom expression field by what it produced", () => {
    const raw = rawTable({ qty: ["2", "3", null], sku: ["A", "B", "C"] });
    const mappings = [
      { field: "units", transforms: [{ op: "expression", expression: "qty * 10" }] },
      { field: "label", transforms: [{ op: "expression", expression: 'sku || "-" || qty' }] },
    ];
    const { table } = normalizeSide(raw, side({ mappings }), NO_LOOKUPS);
    expect(Array.from(table.numbers.units!)).toEqual([20, 30, Number.NaN]);
    expect(table.text).toEqual({ label: ["A-2", "B-3", null] });
  });

  it("stores an empty text result as null so blank keys never match each other", () => {
    const raw = rawTable({ ref: ["  ", "abc", "12"] });
    const mappings = [{ field: "reference", column: "ref", transforms: [{ op: "digitsOnly" }] }];
    expect(normalizeSide(raw, side({ mappings }), NO_LOOKUPS).table.text).toEqual({ reference: [null, null, "12"] });
  });

  it("reports a failed cell with its row, line, field, column and the value the step received, and stores null", () => {
    const raw = rawTable({ Amount: ["1.00", " 2.345 ", "3.00"] });
    const mappings = [{ field: "amount", column: "Amount", transforms: [{ op: "trim" }, { op: "parseAmount" }, { op: "negate" }] }];
    const { table, issues } = normalizeSide(raw, side({ mappings }), NO_LOOKUPS);
    expect(Array.from(table.amountMinor)).toEqual([-100, Number.NaN, -300]);
    expect(issues).toEqual([{ row: 1, line: 3, field: "amount", column: "Amount", value: "2.345", message: "parseAmount: has more than 2 decimal places" }]);
  });

  it("reports a number step given text by an expression", () => {
    const raw = rawTable({ code: ["7", "x"] });
    const mappings = [{ field: "amount", transforms: [{ op: "expression", expression: 'if(code = "x", "n/a", 100)' }, { op: "negate" }] }];
    const { table, issues } = normalizeSide(raw, side({ mappings }), NO_LOOKUPS);
    expect(Array.from(table.amountMinor)).toEqual([-100, Number.NaN]);
    expect(issues).toEqual([
      { row: 1, line: 3, field: "amount", column: null, value: "n/a", message: "negate: got text but needs a number; parse the text with parseAmount first" },
    ]);
  });

  it("reports a fractional amount from an expression instead of storing it", () => {
    const raw = rawTable({ cents: ["300", "100"] });
    const mappings = [{ field: "amount", column: "cents", transforms: [{ op: "parseAmount", minorUnits: 0 }, { op: "expression", expression: "value / 3" }] }];
    const { table, issues } = normalizeSide(raw, side({ mappings }), NO_LOOKUPS);
    expect(Array.from(table.amountMinor)).toEqual([100, Number.NaN]);
    expect(issues).toEqual([
      { row: 1, line: 3, field: "amount", column: "cents", value: String(100 / 3), message: `amount: ${100 / 3} is not a whole number of minor units` },
    ]);
  });

  it("orders issues by row, then by mapping", () => {
    const raw = rawTable({ a: ["x", "1.00"], d: ["bad", "also bad"] });
    const mappings = [
      { field: "amount", column: "a" },
      { field: "date", column: "d" },
    ];
    const { issues } = normalizeSide(raw, side({ mappings }), NO_LOOKUPS);
    expect(issues.map((issue) => [issue.row, issue.field])).toEqual([
      [0, "amount"],
      [0, "date"],
      [1, "date"],
    ]);
  });

  it("applies a lookup with the context's tables", () => {
    const raw = rawTable({ acct: ["4000", "9999"] });
    const mappings = [{ field: "group", column: "acct", transforms: [{ op: "lookup", table: "accounts", onMissing: "default", default: "Other" }] }];
    const { table } = normalizeSide(raw, side({ mappings }), { lookups: { accounts: { "4000": "Sales" } }, sideName: "source" });
    expect(table.text).toEqual({ group: ["Sales", "Other"] });
  });

  it("gives the same output for the same input", () => {
    const definition = side({ mappings: chargeMappings, filter: 'type in ("charge", "payment")' });
    const first = normalizeSide(charges(), definition, NO_LOOKUPS);
    const second = normalizeSide(charges(), definition, NO_LOOKUPS);
    expect(second).toEqual(first);
  });
});

describe("the scope filter", () => {
  it("excludes rows whose type is not in the list", () => {
    const { excludedRows, issues } = normalizeSide(charges(), side({ mappings: chargeMappings, filter: 'type in ("charge", "payment")' }), NO_LOOKUPS);
    expect(excludedRows).toEqual([2, 3]);
    expect(issues).toEqual([]);
  });

  it("excludes a row whose filter is null", () => {
    const raw = rawTable({ Type: ["charge", null] });
    const { excludedRows } = normalizeSide(raw, side({ mappings: [{ field: "id", column: "Type" }], filter: 'Type = "charge"' }), NO_LOOKUPS);
    expect(excludedRows).toEqual([1]);
  });

  it("keeps excluded rows in the table", () => {
    const { table } = normalizeSide(charges(), side({ mappings: chargeMappings, filter: 'type = "charge"' }), NO_LOOKUPS);
    expect(table.rowCount).toBe(4);
    expect(table.text.id).toEqual(["ch_1", "ch_2", "ch_3", null]);
  });

  it("sees amounts as integer minor units and dates as ISO text", () => {
    const { excludedRows } = normalizeSide(charges(), side({ mappings: chargeMappings, filter: 'amount >= 750 and date = "2026-01-16"' }), NO_LOOKUPS);
    expect(excludedRows).toEqual([0, 3]);
  });

  it("reads a mapped field over a column with the same name", () => {
    const raw = rawTable({ type: [" Charge", "charge"], id: ["1", "2"] });
    const mappings = [
      { field: "id", column: "id" },
      { field: "type", column: "type", transforms: [{ op: "trim" }, { op: "lower" }] },
    ];
    expect(normalizeSide(raw, side({ mappings, filter: 'type = "charge"' }), NO_LOOKUPS).excludedRows).toEqual([]);
  });

  it("reads raw columns that are not mapped", () => {
    const { excludedRows } = normalizeSide(charges(), side({ mappings: chargeMappings.slice(0, 2), filter: '`Type` = "refund"' }), NO_LOOKUPS);
    expect(excludedRows).toEqual([0, 1, 3]);
  });

  it("excludes and reports a row whose filter is not a condition", () => {
    const raw = rawTable({ kind: ["a", "b"] });
    const { excludedRows, issues } = normalizeSide(raw, side({ mappings: [{ field: "id", column: "kind" }], filter: 'if(kind = "a", true, kind)' }), NO_LOOKUPS);
    expect(excludedRows).toEqual([1]);
    expect(issues).toEqual([{ row: 1, line: 3, field: "filter", column: null, value: "b", message: "filter: produced a value that is not true or false" }]);
  });
});

describe("definition problems", () => {
  it("collects every problem with its pointer before reading rows", () => {
    const definition = side({
      mappings: [
        { field: "id", column: "Charge ID" },
        { field: "amount", column: "Amount", transforms: [{ op: "expression", expression: "value +" }] },
        { field: "reference", column: "Memo" },
        { field: "group", column: "Type", transforms: [{ op: "lookup", table: "regions" }] },
      ],
      filter: "type in (",
    });
    expect(definitionIssues(() => normalizeSide(charges(), definition, { lookups: {}, sideName: "target" }))).toEqual([
      { pointer: "/target/mappings/1/transforms/0/expression", message: "the expression ends too early: expected a value (at character 8)" },
      { pointer: "/target/mappings/2/column", message: 'no column "Memo" in the file; its columns are "Charge ID", "Amount", "Currency", "Created", "Type"' },
      { pointer: "/target/mappings/3/transforms/0/table", message: 'no lookup table named "regions" in the rule set\'s lookups' },
      {
        pointer: "/target/filter",
        message: "'in' lists may only hold literal values (text, numbers, true, false or null) but found the end of the expression (at character 10)",
      },
    ]);
  });

  it("refuses a filter naming neither a mapped field nor a column", () => {
    const definition = side({ mappings: chargeMappings, filter: 'tpye = "charge"' });
    expect(definitionIssues(() => normalizeSide(charges(), definition, NO_LOOKUPS))).toEqual([
      { pointer: "/source/filter", message: 'unknown name "tpye": not a mapped field or a column of the file' },
    ]);
  });

  it("refuses a missing concat column with the index of the column", () => {
    const definition = side({ mappings: [{ field: "id", transforms: [{ op: "concat", columns: ["Charge ID", "Invoice"] }] }] });
    expect(definitionIssues(() => normalizeSide(charges(), definition, NO_LOOKUPS))).toEqual([
      { pointer: "/source/mappings/0/transforms/0/columns/1", message: 'no column "Invoice" in the file' },
    ]);
  });

  it("refuses a mapping without a column whose chain does not produce a value", () => {
    const definition = side({ mappings: [{ field: "id", transforms: [{ op: "trim" }] }] });
    expect(definitionIssues(() => normalizeSide(charges(), definition, NO_LOOKUPS))).toEqual([
      {
        pointer: "/source/mappings/0/column",
        message: 'is required: "trim" needs a value to work on; only constant, concat, coalesce and expression can start a mapping without a column',
      },
    ]);
  });

  it("refuses a field mapped twice", () => {
    const definition = side({ mappings: [{ field: "id", column: "Charge ID" }, { field: "id", column: "Type" }] });
    expect(definitionIssues(() => normalizeSide(charges(), definition, NO_LOOKUPS))).toEqual([
      { pointer: "/source/mappings/1/field", message: '"id" is already mapped at /source/mappings/0' },
    ]);
  });

  it("refuses a number step on text before reading rows", () => {
    const definition = side({ mappings: [{ field: "amount", column: "Amount", transforms: [{ op: "absolute" }] }] });
    expect(definitionIssues(() => normalizeSide(charges(), definition, NO_LOOKUPS))).toEqual([
      { pointer: "/source/mappings/0/transforms/0/op", message: "absolute needs a number; parse the text with parseAmount first" },
    ]);
  });

  it("refuses a date that comes from a number", () => {
    const definition = side({ mappings: [{ field: "date", column: "Amount", transforms: [{ op: "parseAmount" }] }] });
    expect(definitionIssues(() => normalizeSide(charges(), definition, NO_LOOKUPS))).toEqual([
      { pointer: "/source/mappings/0/transforms", message: "date cannot come from a number; parse the text with parseDate" },
    ]);
  });
});

describe("validateSideAgainstColumns", () => {
  it("checks a side against column names alone, under the given pointer prefix", () => {
    const definition = side({ mappings: [{ field: "id", column: "order_id" }, { field: "amount", column: "total" }], filter: "status = 'paid'" });
    expect(validateSideAgainstColumns(definition, ["order_id", "amount"], "/definition/source")).toEqual([
      { pointer: "/definition/source/mappings/1/column", message: 'no column "total" in the file; its columns are "order_id", "amount"' },
      { pointer: "/definition/source/filter", message: 'unknown name "status": not a mapped field or a column of the file' },
    ]);
  });

  it("checks lookup tables only when given them", () => {
    const definition = side({ mappings: [{ field: "group", column: "acct", transforms: [{ op: "lookup", table: "accounts" }] }] });
    expect(validateSideAgainstColumns(definition, ["acct"], "/source")).toEqual([]);
    expect(validateSideAgainstColumns(definition, ["acct"], "/source", {})).toEqual([
      { pointer: "/source/mappings/0/transforms/0/table", message: 'no lookup table named "accounts" in the rule set\'s lookups' },
    ]);
  });
});

describe("normalizeSide text lanes", () => {
  it("shares a column mapped as is, and copies one holding \"\" so that a blank stays null", () => {
    const raw = rawTable({ Ref: ["r1", null, "r3"], Note: ["a", "", "c"] });
    const { table } = normalizeSide(raw, side({ mappings: [{ field: "reference", column: "Ref" }, { field: "description", column: "Note" }] }), NO_LOOKUPS);
    expect(table.text.reference).toBe(raw.cells[0]);
    expect(table.text.description).not.toBe(raw.cells[1]);
    expect(table.text.description).toEqual(["a", null, "c"]);
  });
});
