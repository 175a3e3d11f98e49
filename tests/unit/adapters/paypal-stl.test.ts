import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { column, errorsOf, fixtureBytes, helpers, lines, readWith } from "./support";

const FILE = "STL-20260302.01.009.CSV";

/** The Windows-1252 fixture as text, to break one value and encode it back the way PayPal wrote it. */
function fixtureAsText(): string {
  return iconv.decode(fixtureBytes(FILE), "windows-1252");
}

function encoded(text: string): Buffer {
  return iconv.encode(text, "windows-1252");
}

/** 1-based character column of `needle` on a 1-based line of the text. */
function columnOf(text: string, line: number, needle: string): number {
  return text.split("\r\n")[line - 1]!.indexOf(needle) + 1;
}

describe("paypal_stl", () => {
  it("reads one record per SB row with CR/DR-signed amounts from hundredths", () => {
    const table = readWith("paypal_stl", fixtureBytes(FILE), FILE);
    expect(lines(table)).toEqual([5, 6, 7, 8]);
    expect(helpers(table)).toEqual({
      "@amount": ["53.09", "116.22", "-24.62", "-100.00"],
      "@gross": ["54.99", "120.00", "-25.00", "-100.00"],
      "@fee": ["1.90", "3.78", "-0.38", "0.00"],
      "@currency": ["USD", "USD", "USD", "USD"],
      "@date": ["2026-03-02", "2026-03-02", "2026-03-02", "2026-03-02"],
      "@initiation_date": ["2026-03-02", "2026-03-02", "2026-03-02", "2026-03-02"],
      "@reference": ["4MX21873HJ5502114", "7PK55102AB3309817", "1TD90344KL8812035", "3WB61190QR2276504"],
      "@invoice": ["INV-4104", "INV-4105", "INV-4088", null],
      "@record_type": ["T0006", "T0006", "T1107", "T0400"],
      "@account_id": Array(4).fill("QW7EXAMPLE9XS"),
    });
  });

  it("keeps the real column name with its double space and decodes Windows-1252 text", () => {
    const table = readWith("paypal_stl", fixtureBytes(FILE), FILE);
    expect(table.columns).toContain("Transaction  Debit or Credit");
    expect(column(table, "Transaction  Debit or Credit")).toEqual(["CR", "CR", "DR", "DR"]);
    expect(column(table, "Custom Field")[1]).toBe('Zoë’s café order, "rush"');
  });

  it("reads the same report saved as UTF-8 identically", () => {
    const utf8 = Buffer.from(fixtureAsText(), "utf8");
    expect(readWith("paypal_stl", utf8, FILE)).toEqual(readWith("paypal_stl", fixtureBytes(FILE), FILE));
  });

  it("reports a section record count that does not match its body rows", () => {
    const text = fixtureAsText().replace('"SC",4', '"SC",5');
    expect(errorsOf("paypal_stl", encoded(text), FILE)).toEqual([
      { file: FILE, line: 10, column: 6, value: "5", message: "the section record count says 5 body rows (SB), but the section has 4" },
    ]);
  });

  it("reports a bad debit/credit indicator and a non-integer amount at their fields", () => {
    const text = fixtureAsText().replace('"CR",5499', '"XX",5499').replace("12000", "120.00");
    expect(errorsOf("paypal_stl", encoded(text), FILE)).toEqual([
      { file: FILE, line: 5, column: columnOf(text, 5, '"XX"'), field: "Transaction  Debit or Credit", value: "XX", message: '"XX" is not a debit or credit indicator (CR or DR)' },
      { file: FILE, line: 6, column: columnOf(text, 6, "120.00"), field: "Gross Transaction Amount", value: "120.00", message: '"120.00" is not an unsigned whole number of minor units' },
    ]);
  });

  it("reports an unknown row type and a body row before any column header", () => {
    const rows = fixtureAsText().split("\r\n");
    rows[3] = rows[3]!.replace('"CH"', '"ZZ"');
    const text = rows.join("\r\n");
    expect(errorsOf("paypal_stl", encoded(text), FILE)).toEqual([{ file: FILE, line: 1, message: "the report has no column header row (CH)" }]);
    const withStrayRow = fixtureAsText().replace('"FH",01', '"FH",01\r\n"SB","X"').replace('"SF"', '"QQ"');
    expect(errorsOf("paypal_stl", encoded(withStrayRow), FILE)).toEqual([
      { file: FILE, line: 3, column: 1, message: "a section body row (SB) comes before its column header row (CH)" },
      { file: FILE, line: 10, column: 1, value: "QQ", message: '"QQ" is not a settlement report row type (RH, FH, SH, CH, SB, SF, SC, RF, RC, FF)' },
    ]);
  });

  it("reports a file that does not start with a report header, and broken quoting", () => {
    expect(errorsOf("paypal_stl", "Transaction ID,Amount\r\n", FILE)).toEqual([{ file: FILE, line: 1, column: 1, value: "Transaction ID", message: 'a PayPal settlement report starts with its "RH" report header row' }]);
    const unclosed = fixtureAsText().replace('"INV-4088"', '"INV-4088');
    // The quote now closes at the next field's opening quote, and text follows it.
    expect(errorsOf("paypal_stl", encoded(unclosed), FILE)).toEqual([
      { file: FILE, line: 7, column: columnOf(unclosed, 7, "9GH12007"), message: "unexpected text after a closing quote" },
    ]);
    const neverClosed = fixtureAsText().replace('"FF",13', '"FF,13');
    expect(errorsOf("paypal_stl", encoded(neverClosed), FILE)).toEqual([{ file: FILE, line: 13, column: 1, message: "a quoted field is never closed" }]);
  });
});
