import { describe, expect, it } from "vitest";
import { getAdapter, type AdapterTable } from "~/core/adapters";
import { column, errorsOf, fixtureText, lines } from "./support";

/** One fixture per BAI2 dialect feature (tests/fixtures/adapters/bai2/), each a consistent file whose totals add up. */

function read(text: string, fileName: string, policy: "strict" | "lenient" = "strict"): AdapterTable {
  return getAdapter("bai2")!.read(Buffer.from(text, "utf8"), { sourceId: "file_test", fileName, policy });
}

function fixture(name: string): string {
  return fixtureText(`bai2/${name}`);
}

function columns(table: AdapterTable, names: string[]): Record<string, Array<string | null>> {
  return Object.fromEntries(names.map((name) => [name, column(table, name)]));
}

describe("bai2 dialects", () => {
  it("reads several /-terminated records on one physical line, with or without a space between them", () => {
    const table = read(fixture("multi-record-lines.txt"), "multi.txt");
    expect(lines(table)).toEqual([2, 2]);
    expect(columns(table, ["@amount", "@reference", "@customer_reference", "@remittance", "@statement_id", "@opening_balance", "@closing_balance"])).toEqual({
      "@amount": ["700.00", "-200.00"],
      "@reference": ["REF1", "REF2"],
      "@customer_reference": ["CUST1", null],
      "@remittance": ["ACH CREDIT", "FEE"],
      "@statement_id": ["111222333/260306/7", "111222333/260306/7"],
      "@opening_balance": ["1000.00", "1000.00"],
      "@closing_balance": ["1500.00", "1500.00"],
    });
    expect(table.warnings).toBeUndefined();
  });

  it("resumes a record exactly where it stopped in its 88: a cut value is joined, a leading comma starts a new field", () => {
    const table = read(fixture("continuation-mid-field.txt"), "continued.txt");
    expect(lines(table)).toEqual([6, 9]);
    expect(columns(table, ["Customer Reference Number", "Bank Reference Number", "Text", "@remittance", "@amount", "@currency", "@opening_balance", "@closing_balance"])).toEqual({
      "Customer Reference Number": ["INV-2026-0042", null],
      "Bank Reference Number": ["BNK-77", "BNK-78"],
      Text: ["SEPA CREDIT FROM NORDWIND HANDEL GMBH, INVOICE 2026-00\n42 AND 2026-0043", "OUTGOING TRANSFER"],
      "@remittance": ["SEPA CREDIT FROM NORDWIND HANDEL GMBH, INVOICE 2026-0042 AND 2026-0043", "OUTGOING TRANSFER"],
      "@amount": ["1500.00", "-500.00"],
      "@currency": ["EUR", "EUR"],
      "@opening_balance": ["1234.56", "1234.56"],
      "@closing_balance": ["2234.56", "2234.56"],
    });
  });

  it("reads every funds type's extra fields on 03 summaries (a D split by its 88 too) and 16 details, never adding availability to the totals", () => {
    const table = read(fixture("funds-types.txt"), "funds.txt");
    expect(columns(table, ["Funds Type", "@amount", "@value_date", "@reference", "@customer_reference", "@remittance"])).toEqual({
      "Funds Type": ["0", "1", "2", "S", "V", "D", "Z", null],
      "@amount": ["100.00", "100.00", "100.00", "150.00", "100.00", "50.00", "-250.00", "-150.00"],
      "@value_date": [null, null, null, null, "2026-03-07", null, null, null],
      "@reference": ["R0", "R1", "R2", "R3", "R4", "R5", "R6", "R7"],
      "@customer_reference": [null, null, null, null, null, null, null, "C7"],
      "@remittance": ["IMMEDIATE", "ONE DAY", "TWO DAY", "SPLIT", "VALUE DATED", "DISTRIBUTED", "UNKNOWN AVAIL", "BLANK FUNDS"],
    });
    expect(table.warnings).toBeUndefined();
  });

  it("skips an empty first summary group and reads signed balances; a blank 16 amount is zero", () => {
    const table = read(fixture("empty-summary.txt"), "empty.txt");
    expect(columns(table, ["@account", "@amount", "@opening_balance", "@closing_balance", "@record_type"])).toEqual({
      "@account": ["777888999", "777888000"],
      "@amount": ["400.00", "0.00"],
      "@opening_balance": ["-250.00", null],
      "@closing_balance": ["150.00", null],
      "@record_type": ["credit", "debit"],
    });
  });

  it("reads records without a trailing / and a record wrapped onto the next line without an 88", () => {
    const table = read(fixture("no-slash-wrapped.txt"), "noslash.txt");
    expect(lines(table)).toEqual([4]);
    expect(columns(table, ["Text", "@remittance", "@amount", "@date"])).toEqual({
      Text: ["WIRE TO SUPPLIER ACME\n TOOLS LTD"],
      "@remittance": ["WIRE TO SUPPLIER ACME TOOLS LTD"],
      "@amount": ["-200.00"],
      "@date": ["2026-03-05"],
    });
  });

  it("reads a fixed-length file padded to 80 columns, and the same file with no line breaks at all", () => {
    const padded = fixture("fixed-length.txt");
    const unbroken = padded.replace(/\n/g, "");
    for (const text of [padded, unbroken]) {
      const table = read(text, "fixed.txt");
      expect(lines(table)).toEqual([4, 6]);
      expect(columns(table, ["@amount", "@currency", "@remittance", "@opening_balance", "@closing_balance"])).toEqual({
        "@amount": ["300000", "-50000"],
        "@currency": ["JPY", "JPY"],
        "@remittance": ["FURIKOMI FROM YAMADA SHOJI KK INVOICE 7781 PAYMENT FOR MARCH DELIVERIES", null],
        "@opening_balance": ["1000000", "1000000"],
        "@closing_balance": ["1250000", "1250000"],
      });
    }
  });

  it("ignores NUL and Ctrl-Z padding at the end and reads a YYYYMMDD as-of date", () => {
    const text = `${fixture("multi-record-lines.txt").replace("260305,2400", "20260305,2400")}\u0000\u0000\u001a`;
    expect(column(read(text, "padded.txt"), "@date")).toEqual(["2026-03-05", "2026-03-05"]);
  });

  it("reads a historic currency with its exponent and warns about it and about an impossible value date", () => {
    const table = read(fixture("historic-dem.txt"), "dem.txt");
    expect(columns(table, ["@amount", "@currency", "@value_date", "@date"])).toEqual({ "@amount": ["100.00"], "@currency": ["DEM"], "@value_date": [null], "@date": ["1999-01-01"] });
    expect(table.warnings).toEqual([
      { file: "dem.txt", line: 3, column: 3, field: "Currency Code", value: "DEM", message: '"DEM" is a historic ISO 4217 currency code (withdrawn); read with 2 minor digits' },
      { file: "dem.txt", line: 4, column: 5, field: "Value Date", value: "990230", message: '"990230" is not a YYMMDD calendar date; the value date is left empty' },
    ]);
  });
});

describe("bai2 integrity under the strict and lenient policies", () => {
  const broken = () => fixture("funds-types.txt").replace("015,520000", "015,530000").replace(/1227000/g, "1237000");

  it("refuses a statement whose opening ledger plus entries is not its closing ledger, at the 015 amount", () => {
    expect(errorsOf("bai2", broken(), "funds.txt")).toEqual([
      {
        file: "funds.txt",
        line: 3,
        column: 9,
        field: "Closing Ledger",
        value: "530000",
        message: "opening ledger 5000.00 + total credits (100) 600.00 − total debits (400) 400.00 = 5200.00, but the closing ledger (015) says 5300.00",
      },
    ]);
  });

  it("checks the identity with the details' credits and debits when the 03 gives no totals", () => {
    const text = fixture("multi-record-lines.txt").replace("015,150000", "015,150100").replace(/340000/g, "340100");
    expect(errorsOf("bai2", text, "multi.txt")).toEqual([
      {
        file: "multi.txt",
        line: 2,
        column: 9,
        field: "Closing Ledger",
        value: "150100",
        message: "opening ledger 1000.00 + credits 700.00 − debits 200.00 = 1500.00, but the closing ledger (015) says 1501.00",
      },
    ]);
  });

  it("does not check an account that reports balances only, or whose details are a subset of its 100/400 totals", () => {
    const balancesOnly = ["01,BANKID,CUSTID,260306,0600,14,,,2/", "02,CUSTID,BANKID,1,260305,,USD,2/", "03,777888000,,010,100,,,015,900,,/", "49,1000,2/", "98,1000,1,4/", "99,1000,1,6/", ""].join("\n");
    expect(read(balancesOnly, "empty.txt").warnings).toBeUndefined();
    // The 03 says 4 credits of 600.00 in all, but only some were sent as 16s: the totals decide.
    const subset = fixture("funds-types.txt").replace("16,142,10000,0,R0,,IMMEDIATE/\n", "").replace("49,1227000,11/", "49,1217000,10/").replace(/1227000/g, "1217000").replace("1,13/", "1,12/").replace("1,15/", "1,14/");
    expect(read(subset, "funds.txt").rowCount).toBe(7);
  });

  it("reads the same file under lenient, with the break as a located warning", () => {
    const table = read(broken(), "funds.txt", "lenient");
    expect(table.rowCount).toBe(8);
    expect(table.warnings).toEqual([expect.objectContaining({ line: 3, column: 9, field: "Closing Ledger" })]);
  });

  it("turns a control total and record count mismatch into warnings under lenient, and errors under strict", () => {
    const text = fixture("multi-record-lines.txt").replace("49,340000,4/", "49,340001,5/");
    expect(errorsOf("bai2", text, "multi.txt")).toEqual([
      { file: "multi.txt", line: 2, column: 2, field: "Control Total", value: "340001", message: "the account control total says 340001, but the account's amounts add up to 340000" },
      { file: "multi.txt", line: 2, column: 3, field: "Number of Records", value: "5", message: "the account trailer says 5 records, but the account has 4" },
    ]);
    const table = read(text, "multi.txt", "lenient");
    expect([table.rowCount, table.warnings?.map((warning) => warning.field)]).toEqual([2, ["Control Total", "Number of Records"]]);
  });

  it("locates a bad field inside an 88 continuation at the 88's line and field position", () => {
    const text = fixture("continuation-mid-field.txt").replace("88,56,,,015,223456", "88,56,,,015,22X456");
    expect(errorsOf("bai2", text, "continued.txt")[0]).toEqual({
      file: "continued.txt",
      line: 4,
      column: 6,
      field: "Amount",
      value: "22X456",
      message: '"22X456" is not a BAI2 amount (whole minor units, optionally signed)',
    });
  });

  it("refuses a D distribution count the record does not hold, at the count, and reports no total as its consequence", () => {
    const text = fixture("funds-types.txt").replace("16,206,5000,D,2,", "16,206,5000,D,9999999,");
    expect(errorsOf("bai2", text, "funds.txt")).toEqual([
      { file: "funds.txt", line: 10, column: 5, field: "Number of Distributions", value: "9999999", message: '"9999999" is not a number of distributions this record holds' },
    ]);
  });

  it("refuses a file cut before its file trailer", () => {
    const text = fixture("multi-record-lines.txt").replace("98,340000,1,6/99,340000,1,8/\n", "");
    expect(errorsOf("bai2", text, "multi.txt")).toEqual([{ file: "multi.txt", line: 2, column: 1, message: "the file ends without its file trailer (99)" }]);
  });
});
