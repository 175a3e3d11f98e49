import { describe, expect, it } from "vitest";
import { column, errorsOf, fixtureBytes, fixtureText, helpers, lines, readWith } from "./support";

const FILE = "camt/camt052-intraday.v13.xml";

describe("camt052", () => {
  it("reads an intraday report: interim balances, booked and pending entries", () => {
    const table = readWith("camt052", fixtureBytes(FILE), FILE);
    expect(lines(table)).toEqual([39, 58, 66]);
    expect(column(table, "Rpt/Id")).toEqual(Array(3).fill("RPT-20260612-1400-CHF"));
    expect(column(table, "Rpt/ElctrncSeqNb")).toEqual(Array(3).fill("31"));
    expect(column(table, "Ntry/Sts")).toEqual(["BOOK", "PDNG", "BOOK"]);
    expect(column(table, "TxDtls/Refs/InstrId")).toEqual([null, null, "PAY-4471"]);
    expect(helpers(table)).toEqual({
      "@amount": ["1500.00", "-200.00", "-99.99"],
      "@currency": Array(3).fill("CHF"),
      "@date": ["2026-06-12", "2026-06-13", "2026-06-12"],
      "@value_date": ["2026-06-12", "2026-06-13", "2026-06-12"],
      "@reference": ["ZKB-0612-00041", "ZKB-0612-00052", "ZKB-0612-00057"],
      "@end_to_end_id": ["PO-2026-330", null, "SUP-4471"],
      "@remittance": ["210000000003139471430009017", "Standing order, executes tomorrow", "Invoice 4471 June ads"],
      "@creditor_reference": ["210000000003139471430009017", null, null],
      "@counterparty": ["Alpenglas AG", null, "Bergbahn Werbung GmbH"],
      "@counterparty_account": ["CH5604835012345678009", null, "80-2-2"],
      "@bank_tx_code": ["PMNT/RCDT/DMCT", null, null],
      "@charges": Array(3).fill(null),
      "@charges_currency": Array(3).fill(null),
      "@return_reason": Array(3).fill(null),
      "@status": ["BOOK", "PDNG", "BOOK"],
      "@account": Array(3).fill("CH9300762011623852957"),
      "@statement_id": Array(3).fill("RPT-20260612-1400-CHF"),
      "@opening_balance": Array(3).fill("5000.00"),
      "@closing_balance": Array(3).fill("6400.01"),
      "@entry_ref": ["#1", "#2", "#3"],
      "@entry_amount": ["1500.00", "-200.00", "-99.99"],
      "@tx_index": ["1", null, "1"],
      "@batch_id": Array(3).fill(null),
      "@message_version": Array(3).fill("camt.052.001.13"),
      "@record_type": ["credit", "debit", "debit"],
    });
  });

  it("keeps pending entries out of the balance identity: booking one breaks it at the closing interim balance", () => {
    const booked = fixtureText(FILE).replace("<Sts><Cd>PDNG</Cd></Sts>", "<Sts><Cd>BOOK</Cd></Sts>");
    expect(errorsOf("camt052", booked, FILE)).toEqual([
      { file: FILE, line: 24, column: 9, field: "Bal/ITBD", value: "6400.01", message: "the closing balance ITBD 6400.01 is not the opening balance ITBD 5000.00 plus the booked entries 1200.01 (= 6200.01)" },
    ]);
  });

  it("takes OPBD over an interim balance as the opening one, and CLBD as the closing one", () => {
    const withDayBalances = fixtureText(FILE)
      .replace("<Cd>ITBD</Cd></CdOrPrtry></Tp>\n        <Amt Ccy=\"CHF\">5000.00</Amt>", "<Cd>OPBD</Cd></CdOrPrtry></Tp>\n        <Amt Ccy=\"CHF\">4000.00</Amt>")
      .replace("<Cd>ITAV</Cd>", "<Cd>CLBD</Cd>")
      .replace('<Amt Ccy="CHF">6200.01</Amt>', '<Amt Ccy="CHF">5400.01</Amt>');
    const table = readWith("camt052", withDayBalances, FILE);
    expect(column(table, "@opening_balance")).toEqual(Array(3).fill("4000.00"));
    expect(column(table, "@closing_balance")).toEqual(Array(3).fill("5400.01"));
  });

  it("refuses a report message without Rpt", () => {
    const empty = fixtureText(FILE).replace(/<Rpt>[\s\S]*<\/Rpt>/, "");
    expect(errorsOf("camt052", empty, FILE)).toEqual([
      { file: FILE, line: 3, column: 3, field: "BkToCstmrAcctRpt/Rpt", message: "BkToCstmrAcctRpt has no Rpt: a camt.052 message holds at least one report" },
    ]);
  });
});
