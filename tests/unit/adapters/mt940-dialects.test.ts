import { describe, expect, it } from "vitest";
import { column, errorsOf, fixtureBytes, fixtureText, helpers, lines, readWith } from "./support";
import { getAdapter, type AdapterTable } from "~/core/adapters";
import type { RawTable } from "~/core/engine/types";

function warningsOf(table: RawTable): AdapterTable["warnings"] {
  return (table as AdapterTable).warnings;
}

/** One fixture per bank dialect (tests/fixtures/adapters/mt940/), each written by hand from the bank's public format guide. */
describe("mt940 dialects", () => {
  it("reads FIN envelopes in every form: SOH/ETX framing, the trailer glued onto :62F:, {5:} on a later line, {4: followed by :20:", () => {
    const file = "mt940/envelope.sta";
    const table = readWith("mt940", fixtureBytes(file), file);
    expect(lines(table)).toEqual([6, 14, 24]);
    expect(column(table, ":20:")).toEqual(["ENV-1", "ENV-2", "ENV-3"]);
    expect(helpers(table)).toMatchObject({
      "@amount": ["-100.00", "250.50", "-0.50"],
      "@opening_balance": ["1000.00", "900.00", "1150.50"],
      "@closing_balance": ["900.00", "1150.50", "1150.00"],
      "@statement_id": ["00012/001", "00013/001", "00014/001"],
      "@reference": ["B6C06ABC123", null, null],
      "@remittance": ["PAYMENT INVOICE 1", "PAYOUT 77", "FEE"],
    });
    expect(column(table, ":86:end_to_end_id")).toEqual(["INV-1", null, null]);
    expect(warningsOf(table)).toBeUndefined();
  });

  it("reads the same statement with LF, CRLF or CR line ends and trailing blanks", () => {
    const file = "mt940/envelope.sta";
    const crlf = fixtureText(file);
    const expected = readWith("mt940", crlf, file).cells;
    for (const variant of [crlf.replace(/\r\n/g, "\n"), crlf.replace(/\r\n/g, "\r"), crlf.replace(/\r\n/g, "  \t\r\n")]) {
      expect(readWith("mt940", variant, file).cells).toEqual(expected);
    }
  });

  it("reads '@@' written instead of line breaks", () => {
    const file = "mt940/at-separators.sta";
    const table = readWith("mt940", fixtureBytes(file), file);
    expect(lines(table)).toEqual([1, 6]);
    expect(helpers(table)).toMatchObject({ "@amount": ["5.00", "-15.00"], "@remittance": ["ONE", "TWO"], "@closing_balance": ["15.00", "0.00"] });
  });

  it("reads Rabobank's :940: first line and its /EREF/ /ORDP/ /BENM/ /REMI/ /MARF/ /CSID/ details, and drops the currency from @account", () => {
    const file = "mt940/rabobank.sta";
    const table = readWith("mt940", fixtureBytes(file), file);
    expect(lines(table)).toEqual([6, 10]);
    expect(column(table, ":61:supplementary")).toEqual(["NL12ABNA0417164300", null]);
    expect(column(table, ":86:end_to_end_id")).toEqual(["E2E-0001", "NOTPROVIDED"]);
    expect(column(table, ":86:mandate_reference")).toEqual([null, "MANDATE-42"]);
    expect(column(table, ":86:creditor_id")).toEqual([null, "NL98ZZZ999999990000"]);
    expect(helpers(table)).toMatchObject({
      "@amount": ["1500.00", "-49.95"],
      // NOTPROVIDED is SEPA's "no end-to-end id", never a reference.
      "@reference": ["E2E-0001", null],
      "@remittance": ["INVOICE 2026-118 PAYMENT", "MONTHLY SUBSCRIPTION MARCH"],
      "@counterparty": ["ACME GOODS BV", "TELECOM NL BV"],
      "@account": ["NL91RABO0123456789", "NL91RABO0123456789"],
      "@closing_balance": ["6450.05", "6450.05"],
    });
  });

  it("reads ING's header lines, /CNTP/, /PREF/, /RTRN/, /REMI/STRD/ and the statement-level :86: after :65:", () => {
    const file = "mt940/ing.sta";
    const table = readWith("mt940", fixtureBytes(file), file);
    expect(lines(table)).toEqual([9, 13]);
    expect(column(table, ":21:")).toEqual(["NONREF", "NONREF"]);
    expect(column(table, ":61:supplementary")).toEqual(["/TRCD/00100/", "/TRCD/01016/"]);
    expect(column(table, ":86:counterparty_iban")).toEqual(["NL44RABO0123456789", "DE89370400440532013000"]);
    expect(column(table, ":86:counterparty_bic")).toEqual(["RABONL2U", "COBADEFFXXX"]);
    expect(column(table, ":86:payment_reference")).toEqual([null, "PMT-2026-03"]);
    expect(column(table, ":86:return_reason")).toEqual([null, "MS03"]);
    expect(column(table, ":86:mandate_reference")).toEqual([null, "MDT-7"]);
    expect(helpers(table)).toMatchObject({
      "@amount": ["3000.00", "-120.00"],
      "@reference": ["00000000001001", "00000000001002"],
      // The :86: lines were cut mid-word at 65 characters: joined with nothing, the name is whole.
      "@counterparty": ["SHOPIFY INTERNATIONAL", "CLOUD HOSTING GMBH"],
      "@remittance": ["PAYOUT 55 MARCH", "CUR/RF18539007547034"],
      "@account": ["NL20INGB0001234567", "NL20INGB0001234567"],
    });
  });

  it("reads ABN AMRO's BIC / 940 / BIC header lines, '-' message separators, the :28: tag and /TRTP/ details", () => {
    const file = "mt940/abnamro.sta";
    const table = readWith("mt940", fixtureBytes(file), file);
    expect(lines(table)).toEqual([8, 20]);
    expect(column(table, ":86:posting_text")).toEqual(["SEPA OVERBOEKING", null]);
    expect(helpers(table)).toMatchObject({
      "@amount": ["-25.00", "10.00"],
      "@counterparty": ["J JANSEN", null],
      "@remittance": ["TERUGBETALING LENING", "BEA   NR:XXXX01   07.03.26/12.00 REFUND CAFE AMSTERDAM"],
      "@statement_id": ["6001/1", "6002/1"],
    });
  });

  it("reads header lines between messages without the '-' separator, and keeps :NS: out of the :86: text", () => {
    const file = "mt940/abnamro.sta";
    const text = fixtureText(file).replace(":62F:C260306EUR75,00\n-\n", ":62F:C260306EUR75,00\n").replace(":86:BEA", ":NS:22Kartenzahlung\n:86:BEA");
    const table = readWith("mt940", text, file);
    expect(lines(table)).toEqual([8, 19]);
    expect(column(table, ":86:")[1]).toBe("BEA   NR:XXXX01   07.03.26/12.00 REFUND CAFE AMSTERDAM");
    expect(column(table, "@closing_balance")).toEqual(["75.00", "85.00"]);
  });

  it("reads a German statement: DEM, 30 February, blank entry date, 'S' padded type, GVC subfields with any separator, :60M:/:62M: pages", () => {
    const file = "mt940/german.sta";
    const table = readWith("mt940", fixtureBytes(file), file);
    expect(lines(table)).toEqual([5, 8, 16]);
    expect(column(table, ":61:value_date")).toEqual(["980230", "980227", "980227"]);
    expect(column(table, ":61:entry_date")).toEqual(["0227", null, null]);
    expect(column(table, ":61:funds_code")).toEqual(["R", "R", null]);
    expect(column(table, ":61:type")).toEqual(["NMSC", "S", "NCHG"]);
    expect(column(table, ":86:gvc")).toEqual(["020", "051", "805"]);
    expect(column(table, ":86:posting_text")).toEqual(["UEBERWEISUNG", "GUTSCHRIFT", "ENTGELT"]);
    expect(column(table, ":86:primanota")).toEqual(["0599", "9310", null]);
    expect(column(table, ":86:purpose")).toEqual(["RECHNUNG 4711 VOM 20.02.1998", "EREF+RE-2026-7MREF+M-123CRED+DE98ZZZ09999999999SVWZ+RECHNUNG 7 VIELEN DANK", "KONTOFUEHRUNG"]);
    expect(column(table, ":86:counterparty_bic")).toEqual(["10020030", null, null]);
    expect(column(table, ":86:counterparty_iban")).toEqual(["9876543210", null, null]);
    expect(column(table, ":86:text_key_addition")).toEqual(["997", null, null]);
    expect(column(table, ":86:end_to_end_id")).toEqual([null, "RE-2026-7", null]);
    expect(column(table, ":86:mandate_reference")).toEqual([null, "M-123", null]);
    expect(column(table, ":86:creditor_id")).toEqual([null, "DE98ZZZ09999999999", null]);
    expect(helpers(table)).toEqual({
      "@amount": ["-1500.00", "250.00", "-750.00"],
      "@currency": ["DEM", "DEM", "DEM"],
      "@date": ["1998-02-27", "1998-02-27", "1998-02-27"],
      "@value_date": ["1998-02-28", "1998-02-27", "1998-02-27"],
      "@reference": [null, "RE-2026-7", null],
      "@remittance": ["RECHNUNG 4711 VOM 20.02.1998", "RECHNUNG 7 VIELEN DANK", "KONTOFUEHRUNG"],
      "@counterparty": ["MUELLER GMBH", "HANS SCHMIDT", null],
      "@account": Array(3).fill("10020030/1234567890"),
      "@record_type": ["debit", "credit", "debit"],
      "@statement_id": ["00027/001", "00027/001", "00027/002"],
      "@opening_balance": ["10000.00", "10000.00", "8750.00"],
      "@closing_balance": ["8750.00", "8750.00", "8000.00"],
    });
    const historic = "DEM is a withdrawn (historic) ISO 4217 code: amounts are read with its 2 minor digits and not converted";
    expect(warningsOf(table)).toEqual([
      { file, line: 4, column: 13, field: ":60F:", value: "DEM", message: historic },
      { file, line: 5, column: 5, field: ":61:", value: "980230", message: 'the value date "980230" is not a calendar day: read as the month\'s last day, 1998-02-28' },
      { file, line: 15, column: 13, field: ":60M:", value: "DEM", message: historic },
      { file, line: 21, field: ":28C:", value: "00030/001", message: "statements 28, 29 are missing before this one" },
      { file, line: 22, column: 13, field: ":60F:", value: "DEM", message: historic },
    ]);
  });

  it("warns about a missing page of a multi-page statement", () => {
    const file = "mt940/german.sta";
    const text = fixtureText(file).replace(":28C:00027/002", ":28C:00027/004");
    expect(warningsOf(readWith("mt940", text, file))).toContainEqual({ file, line: 14, field: ":28C:", value: "00027/004", message: "pages 2, 3 of statement 27 are missing before this one" });
  });

  it("clamps a 31 April entry date and warns, keeping the written text", () => {
    const file = "mt940.sta";
    const text = fixtureText(file).replace(":61:2603050305D250,00", ":61:2604300431D250,00");
    const table = readWith("mt940", text, file);
    expect(column(table, ":61:entry_date")[1]).toBe("0431");
    expect(column(table, "@date")[1]).toBe("2026-04-30");
    expect(warningsOf(table)).toEqual([{ file, line: 9, column: 11, field: ":61:", value: "0431", message: 'the entry date "0431" is not a calendar day: read as the month\'s last day, 2026-04-30' }]);
  });

  it("still refuses a month that does not exist and a currency that never was", () => {
    const file = "mt940.sta";
    const text = fixtureText(file).replace(":61:2603050305D250,00", ":61:2613050305D250,00").replace(":60F:C260306EUR11100,81", ":60F:C260306XEX11100,81");
    expect(errorsOf("mt940", text, file)).toEqual([
      { file, line: 9, column: 5, field: ":61:", value: "261305", message: '"261305" is not a YYMMDD value date' },
      { file, line: 20, column: 13, field: ":60F:", value: "XEX", message: '"XEX" is not an ISO 4217 currency code' },
    ]);
  });

  it("exposes the same records one statement at a time through readMt940Records", async () => {
    const { readMt940Records } = await import("~/core/adapters/mt940");
    const file = "mt940/german.sta";
    const streamed = readMt940Records(fixtureBytes(file), { sourceId: "file_test", fileName: file });
    const records = [...streamed.records];
    expect(records.map((record) => record.line)).toEqual([5, 8, 16]);
    expect(records.map((record) => record.values["@amount"])).toEqual(["-1500.00", "250.00", "-750.00"]);
    expect(streamed.errors()).toBe(0);
    expect(streamed.warnings()).toEqual(getAdapter("mt940")!.read(fixtureBytes(file), { sourceId: "file_test", fileName: file }).warnings);
  });
});
