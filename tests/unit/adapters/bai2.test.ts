import { describe, expect, it } from "vitest";
import { column, errorsOf, fixtureText, helpers, lines, readWith } from "./support";

const FILE = "bai2.txt";

describe("bai2", () => {
  it("reads one record per 16 detail, signed by type code, with 88 continuation text joined", () => {
    const table = readWith("bai2", fixtureText(FILE), FILE);
    expect(lines(table)).toEqual([5, 7, 8, 9, 10]);
    expect(column(table, "Type Code")).toEqual(["165", "195", "475", "451", "909"]);
    expect(column(table, "Amount")).toEqual(["114488", "222500", "12500", "212500", "1000"]);
    expect(column(table, "Funds Type")).toEqual(["0", "S", "V", "0", "0"]);
    expect(column(table, "Text")[0]).toBe("ORIG CO NAME:STRIPE ORIG ID:1800948598 DESC DATE:260306 CO ENTRY DESCR:TRANSFER SEC:CCD IND ID:po_1QbZ9y\nX8wV7uT6sR IND NAME:ACME GOODS LLC");
    expect(helpers(table)).toEqual({
      "@amount": ["1144.88", "2225.00", "-125.00", "-2125.00", null],
      "@currency": Array(5).fill("USD"),
      "@date": Array(5).fill("2026-03-05"),
      "@value_date": [null, null, "2026-03-06", null, null],
      "@reference": ["1QbZ9yX8", "FW2026030500889", "CHK0001042", "ACH7781", "ADJ1"],
      "@customer_reference": [null, null, "1042", null, null],
      "@remittance": [
        "ORIG CO NAME:STRIPE ORIG ID:1800948598 DESC DATE:260306 CO ENTRY DESCR:TRANSFER SEC:CCD IND ID:po_1QbZ9yX8wV7uT6sR IND NAME:ACME GOODS LLC",
        "INCOMING WIRE, REF 8891, FROM HUTTE OUTDOOR GMBH",
        "CHECK PAID",
        "ADP PAYROLL FEES",
        "BANK CUSTOM ADJUSTMENT",
      ],
      "@type_code": ["165", "195", "475", "451", "909"],
      "@account": Array(5).fill("0001234567"),
      "@record_type": ["credit", "credit", "debit", "debit", "other"],
      "@statement_id": Array(5).fill("0001234567/260306/1"),
      "@opening_balance": Array(5).fill("25000.00"),
      "@closing_balance": Array(5).fill("26119.88"),
    });
  });

  it("reports control totals and record counts that do not match, at each trailer", () => {
    const broken = fixtureText(FILE).replace("16,451,212500,", "16,451,212600,");
    expect(errorsOf("bai2", broken, FILE)).toEqual([
      { file: FILE, line: 11, column: 2, field: "Control Total", value: "6236964", message: "the account control total says 6236964, but the account's amounts add up to 6237064" },
      { file: FILE, line: 12, column: 2, field: "Control Total", value: "6236964", message: "the group control total says 6236964, but the group's amounts add up to 6237064" },
      { file: FILE, line: 13, column: 2, field: "Control Total", value: "6236964", message: "the file control total says 6236964, but the file's amounts add up to 6237064" },
    ]);
    const lostRecord = fixtureText(FILE).replace("16,909,1000,0,ADJ1,,BANK CUSTOM ADJUSTMENT/\n", "").replace(/6236964/g, "6235964");
    expect(errorsOf("bai2", lostRecord, FILE)).toEqual([
      { file: FILE, line: 10, column: 3, field: "Number of Records", value: "9", message: "the account trailer says 9 records, but the account has 8" },
      { file: FILE, line: 11, column: 4, field: "Number of Records", value: "11", message: "the group trailer says 11 records, but the group has 10" },
      { file: FILE, line: 12, column: 4, field: "Number of Records", value: "13", message: "the file trailer says 13 records, but the file has 12" },
    ]);
  });

  it("reports a bad type code, a signed detail amount and an unknown record code, once each: totals over a broken record are not checked", () => {
    const broken = fixtureText(FILE).replace("16,475,12500,", "16,47,12500,").replace("16,451,212500,", "16,451,-212500,").replace("98,", "97,");
    expect(errorsOf("bai2", broken, FILE)).toEqual([
      { file: FILE, line: 8, column: 2, field: "Type Code", value: "47", message: '"47" is not a three-digit BAI2 type code' },
      { file: FILE, line: 9, column: 3, field: "Amount", value: "-212500", message: '"-212500" is not an unsigned BAI2 amount (whole minor units)' },
      { file: FILE, line: 12, column: 1, value: "97", message: '"97" is not a BAI2 record code (01, 02, 03, 16, 88, 49, 98, 99)' },
    ]);
  });

  it("reports a file that does not start with a file header", () => {
    expect(errorsOf("bai2", "02,ACMEGOODS,021000021,1,260305,2400,USD,2/\n", FILE)).toEqual([{ file: FILE, line: 1, column: 1, message: 'a BAI2 file starts with its "01" file header record' }]);
  });
});
