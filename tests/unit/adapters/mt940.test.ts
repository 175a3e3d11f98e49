import { describe, expect, it } from "vitest";
import { column, errorsOf, fixtureText, helpers, lines, readWith } from "./support";

const FILE = "mt940.sta";

describe("mt940", () => {
  it("reads one record per :61: line with its :86: text, across statements and the SWIFT envelope", () => {
    const table = readWith("mt940", fixtureText(FILE), FILE);
    expect(lines(table)).toEqual([5, 9, 11, 13, 21]);
    expect(column(table, ":20:")).toEqual(["STMT260306", "STMT260306", "STMT260306", "STMT260306", "STMT260309"]);
    expect(column(table, ":28C:")).toEqual(["00064/001", "00064/001", "00064/001", "00064/001", "00065/001"]);
    expect(column(table, ":61:mark")).toEqual(["C", "D", "C", "RC", "D"]);
    expect(column(table, ":61:type")).toEqual(["NTRF", "NMSC", "NTRF", "NTRF", "NCHG"]);
    expect(column(table, ":61:customer_reference")).toEqual(["NONREF", "NONREF", "INV2026-118", "REF-998", "NONREF"]);
    expect(column(table, ":61:supplementary")).toEqual(["/OCMT/EUR1140,71/", null, null, null, null]);
    // The source keeps :86: as its lines; the remittance joins them so the wrapped payout id is whole.
    expect(column(table, ":86:")[0]).toBe("STRIPE PAYOUT po_1RkZ9yX8wV7u\nT6sR STRIPE TECHNOLOGY EUROPE LTD");
    expect(helpers(table)).toEqual({
      "@amount": ["1140.71", "-250.00", "300.00", "-89.90", "-15.00"],
      "@currency": Array(5).fill("EUR"),
      // The last entry date (Dec 31) lies before its value date (Mar 9): it belongs to the year before.
      "@date": ["2026-03-05", "2026-03-05", "2026-03-06", "2026-03-06", "2025-12-31"],
      "@value_date": ["2026-03-05", "2026-03-05", "2026-03-06", "2026-03-06", "2026-03-09"],
      "@reference": ["2026030500012345", null, "2026030600000777", "REF-998", null],
      "@remittance": ["STRIPE PAYOUT po_1RkZ9yX8wV7uT6sR STRIPE TECHNOLOGY EUROPE LTD", "MONTHLY ACCOUNT FEE", "INV 2026-118 AND INV 2026-119 ACME GOODS", "REVERSAL OF CREDIT 2026-03-01", "CARD FEE DECEMBER"],
      "@account": Array(5).fill("NL91ABNA0417164300"),
      "@record_type": ["credit", "debit", "credit", "debit", "debit"],
      "@counterparty": Array(5).fill(null),
      "@statement_id": ["00064/001", "00064/001", "00064/001", "00064/001", "00065/001"],
      "@opening_balance": ["10000.00", "10000.00", "10000.00", "10000.00", "11100.81"],
      "@closing_balance": ["11100.81", "11100.81", "11100.81", "11100.81", "11085.81"],
    });
  });

  it("reports a closing balance that the opening balance and the lines do not reach", () => {
    const broken = fixtureText(FILE).replace(":62F:C260306EUR11100,81", ":62F:C260306EUR11100,18");
    expect(errorsOf("mt940", broken, FILE)).toEqual([
      { file: FILE, line: 15, field: ":62F:", value: "C260306EUR11100,18", message: "the closing balance 11100.18 is not the opening balance plus the statement lines (11100.81)" },
    ]);
  });

  it("reports a malformed statement line and a bad balance once each, without balance checks repeating them", () => {
    const broken = fixtureText(FILE)
      .replace(":61:2603050305D250,00NMSCNONREF", ":61:2603050305X250,00NMSCNONREF")
      .replace(":60F:C260306EUR11100,81", ":60F:C260306EUR11100.81");
    expect(errorsOf("mt940", broken, FILE)).toEqual([
      {
        file: FILE,
        line: 9,
        field: ":61:",
        value: "2603050305X250,00NMSCNONREF",
        message: "a :61: line is value date YYMMDD, [entry date MMDD], C/D/RC/RD, [funds code], amount with a decimal comma, type (e.g. NTRF), references",
      },
      { file: FILE, line: 20, field: ":60F:", value: "C260306EUR11100.81", message: "a balance is written C|D, YYMMDD, currency and amount with a decimal comma, e.g. C260105EUR1234,56" },
    ]);
  });

  it("keeps an :86: continuation line that starts with a colon as text, not as a tag", () => {
    const text = fixtureText(FILE).replace(":86:MONTHLY ACCOUNT FEE", ":86:MONTHLY ACCOUNT FEE\r\n:FEB 2026");
    const table = readWith("mt940", text, FILE);
    expect(column(table, ":86:")[1]).toBe("MONTHLY ACCOUNT FEE\n:FEB 2026");
    expect(column(table, "@remittance")[1]).toBe("MONTHLY ACCOUNT FEE:FEB 2026");
  });

  it("reports a file that is not MT940", () => {
    expect(errorsOf("mt940", "Date,Amount\n2026-01-01,1.00\n", "export.csv")).toEqual([{ file: "export.csv", line: 1, message: "the file has no :20: tag: it is not an MT940 statement" }]);
  });

  it("reports text outside any tag and a statement line before its statement", () => {
    const broken = "EXPORTED 2026-03-06\r\n" + fixtureText(FILE).replace(":20:STMT260306\r\n", "");
    expect(errorsOf("mt940", broken, FILE)).toEqual([
      { file: FILE, line: 1, column: 1, value: "EXPORTED 2026-03-06", message: "text outside any tag: MT940 lines start with a :tag: or continue the previous one" },
      { file: FILE, line: 5, field: ":61:", message: "a :61: statement line comes before the statement's :20: and :60F: opening balance" },
      { file: FILE, line: 9, field: ":61:", message: "a :61: statement line comes before the statement's :20: and :60F: opening balance" },
      { file: FILE, line: 11, field: ":61:", message: "a :61: statement line comes before the statement's :20: and :60F: opening balance" },
      { file: FILE, line: 13, field: ":61:", message: "a :61: statement line comes before the statement's :20: and :60F: opening balance" },
    ]);
  });
});
