import { describe, expect, it } from "vitest";
import { AdapterError, getAdapter, type AdapterErrorLocation, type AdapterTable } from "~/core/adapters";
import { column, errorsOf, fixtureText } from "./support";

const FILE = "mt940.sta";

function readLenient(adapter: string, text: string, file = FILE): AdapterTable {
  return getAdapter(adapter)!.read(Buffer.from(text, "utf8"), { sourceId: "file_test", fileName: file, policy: "lenient" });
}

function strictErrors(adapter: string, text: string, file = FILE): AdapterErrorLocation[] {
  try {
    getAdapter(adapter)!.read(Buffer.from(text, "utf8"), { sourceId: "file_test", fileName: file, policy: "strict" });
  } catch (error) {
    expect(error).toBeInstanceOf(AdapterError);
    return (error as AdapterError).errors;
  }
  throw new Error("read without error");
}

describe("mt940 statement integrity", () => {
  it("refuses a :61: after the statement's :62F: instead of adding it to a statement it would unbalance", () => {
    // The user-reported case: the line after the closing balance was silently counted in.
    const text = fixtureText(FILE).replace(":62F:C260306EUR11100,81\r\n", ":62F:C260306EUR11100,81\r\n:61:2603060306D10,00NMSCNONREF\r\n:86:STRAY LINE\r\n");
    expect(errorsOf("mt940", text, FILE)).toEqual([
      { file: FILE, line: 16, field: ":61:", message: "a :61: statement line comes after the statement's closing balance (line 15): it belongs to no statement" },
    ]);
  });

  it("accepts :64:, :65: and a statement-level :86: after the closing balance", () => {
    const text = fixtureText(FILE).replace(":62F:C260306EUR11100,81\r\n", ":62F:C260306EUR11100,81\r\n:64:C260306EUR11100,81\r\n:65:C260307EUR11100,81\r\n:86:END OF STATEMENT\r\n");
    const table = readLenient("mt940", text);
    expect(table.rowCount).toBe(5);
    expect(table.warnings).toBeUndefined();
    expect(column(table, "@remittance")[3]).toBe("REVERSAL OF CREDIT 2026-03-01");
  });

  it("makes a balance break an error under strict and a located warning under lenient, with the records kept", () => {
    const text = fixtureText(FILE).replace(":62F:C260306EUR11100,81", ":62F:C260306EUR11100,18");
    const located = { file: FILE, line: 15, field: ":62F:", value: "C260306EUR11100,18", message: "the closing balance 11100.18 is not the opening balance plus the statement lines (11100.81)" };
    expect(strictErrors("mt940", text)).toEqual([located]);
    const table = readLenient("mt940", text);
    expect(table.warnings).toEqual([located]);
    expect(table.rowCount).toBe(5);
    expect(column(table, "@closing_balance")[0]).toBe("11100.18");
  });

  it("checks that a :60M: continues the :62M: of the page before", () => {
    const text = fixtureText("mt940/german.sta").replace(":60M:C980227DEM8750,00", ":60M:C980227DEM8570,00").replace(":62F:C980227DEM8000,00", ":62F:C980227DEM7820,00");
    expect(strictErrors("mt940", text, "german.sta")).toEqual([
      { file: "german.sta", line: 15, field: ":60M:", value: "C980227DEM8570,00", message: "the intermediate opening balance DEM 8570.00 is not the previous page's closing balance DEM 8750.00 (line 11)" },
    ]);
  });

  it("locates a closing balance in another currency than the opening balance", () => {
    const text = fixtureText(FILE).replace(":62F:C260306EUR11100,81", ":62F:C260306USD11100,81");
    expect(strictErrors("mt940", text)).toEqual([{ file: FILE, line: 15, column: 13, field: ":62F:", value: "USD", message: "the currency USD differs from the statement's EUR" }]);
    expect(readLenient("mt940", text).warnings).toHaveLength(1);
  });

  it("locates an available balance (:64:) in another currency", () => {
    const text = fixtureText(FILE).replace(":62F:C260306EUR11100,81\r\n", ":62F:C260306EUR11100,81\r\n:64:C260306GBP11100,81\r\n");
    expect(strictErrors("mt940", text)).toEqual([{ file: FILE, line: 16, column: 12, field: ":64:", value: "GBP", message: "the currency GBP differs from the statement's EUR" }]);
  });

  it("refuses a statement without a closing balance under both policies", () => {
    const text = fixtureText(FILE).replace(":62F:C260306EUR11100,81\r\n", "");
    const expected = [{ file: FILE, line: 1, field: ":20:", value: "STMT260306", message: "the statement has no :62F: or :62M: closing balance" }];
    expect(strictErrors("mt940", text)).toEqual(expected);
    expect(() => readLenient("mt940", text)).toThrow(AdapterError);
  });

  it("refuses a statement without an opening balance", () => {
    const text = fixtureText(FILE).replace(":60F:C260306EUR11100,81\r\n:61:2603091231D15,00NCHGNONREF\r\n:86:CARD FEE DECEMBER\r\n", "");
    expect(strictErrors("mt940", text)).toEqual([{ file: FILE, line: 17, field: ":20:", value: "STMT260309", message: "the statement has no :60F: or :60M: opening balance" }]);
  });
});

describe("mt942 interim report", () => {
  const REPORT = "mt942/interim.sta";

  it("reads entries with :13D:, the :34F: currency and GVC details; @opening/@closing_balance stay empty", () => {
    const table = readLenient("mt942", fixtureText(REPORT), REPORT);
    expect([...table.provenance.line]).toEqual([9, 11, 13]);
    expect(column(table, ":13D:")).toEqual(Array(3).fill("2603061430+0100"));
    expect(column(table, "@amount")).toEqual(["1200.00", "-80.25", "-19.75"]);
    expect(column(table, "@currency")).toEqual(["EUR", "EUR", "EUR"]);
    expect(column(table, "@remittance")).toEqual(["STRIPE PAYOUT 0306", "HOSTING MAERZ", "ENTGELT"]);
    expect(column(table, "@reference")).toEqual(["PAY-991", null, null]);
    expect(column(table, "@counterparty")).toEqual(["STRIPE PAYMENTS EUROPE", "CLOUD GMBH", null]);
    expect(column(table, "@statement_id")).toEqual(Array(3).fill("00012/00001"));
    expect(column(table, "@opening_balance")).toEqual([null, null, null]);
    expect(column(table, "@closing_balance")).toEqual([null, null, null]);
    expect(table.warnings).toBeUndefined();
  });

  it("checks :90D:/:90C: against the entries: a mismatch is an integrity break", () => {
    const text = fixtureText(REPORT).replace(":90D:2EUR100,00", ":90D:3EUR100,00").replace(":90C:1EUR1200,00", ":90C:1EUR1200,01");
    const expected = [
      { file: REPORT, line: 15, field: ":90D:", message: ":90D: declares 3 debit entries for 100.00, the report has 2 for 100.00" },
      { file: REPORT, line: 16, field: ":90C:", message: ":90C: declares 1 credit entries for 1200.01, the report has 1 for 1200.00" },
    ];
    expect(strictErrors("mt942", text, REPORT)).toEqual(expected);
    expect(readLenient("mt942", text, REPORT).warnings).toEqual(expected);
  });

  it("counts a zero-amount debit among the debit entries (by its mark, not its sign)", () => {
    const text = fixtureText(REPORT).replace(":61:2603060306D19,75NCHGNONREF", ":61:2603060306D0,00NCHGNONREF").replace(":90D:2EUR100,00", ":90D:2EUR80,25");
    const table = readLenient("mt942", text, REPORT);
    expect(table.warnings).toBeUndefined();
    expect(column(table, "@record_type")).toEqual(["credit", "debit", "debit"]);
  });

  it("locates a :90D: in another currency than the floor limit", () => {
    const text = fixtureText(REPORT).replace(":90D:2EUR100,00", ":90D:2CHF100,00");
    expect(strictErrors("mt942", text, REPORT)).toEqual([{ file: REPORT, line: 15, column: 7, field: ":90D:", value: "CHF", message: "the currency CHF differs from the statement's EUR" }]);
  });

  it("locates a second floor limit in another currency", () => {
    const text = fixtureText(REPORT).replace(":34F:EURC0,", ":34F:USDC0,");
    expect(strictErrors("mt942", text, REPORT)).toEqual([{ file: REPORT, line: 7, column: 6, field: ":34F:", value: "USD", message: "the currency USD differs from the statement's EUR" }]);
  });

  it("refuses an entry before the floor limit that gives its currency", () => {
    const text = fixtureText(REPORT).replace(":34F:EURD0,\r\n:34F:EURC0,\r\n", "");
    expect(errorsOf("mt942", text, REPORT)[0]).toEqual({ file: REPORT, line: 7, field: ":61:", message: "a :61: statement line comes before the report's :34F: floor limit, which gives its currency" });
  });

  it("refuses a malformed :13D:", () => {
    const text = fixtureText(REPORT).replace(":13D:2603061430+0100", ":13D:2603062530+0100");
    expect(errorsOf("mt942", text, REPORT)).toEqual([{ file: REPORT, line: 8, field: ":13D:", value: "2603062530+0100", message: "a date/time indication is written YYMMDDhhmm and a UTC offset, e.g. 2603061430+0100" }]);
  });
});
