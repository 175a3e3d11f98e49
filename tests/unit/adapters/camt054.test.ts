import { describe, expect, it } from "vitest";
import { getAdapter, recognizeAdapter } from "~/core/adapters";
import { column, errorsOf, fixtureBytes, fixtureText, helpers, lines, readWith } from "./support";

const FILE = "camt/camt054-batch.v08.xml";

describe("camt054", () => {
  it("breaks a batch booking down into one record per TxDtls, each tied to its entry and batch", () => {
    const table = readWith("camt054", fixtureBytes(FILE), FILE);
    expect(lines(table)).toEqual([37, 58, 76, 97]);
    expect(column(table, "Ntfctn/Id")).toEqual(Array(4).fill("NTF-20260512-77-1"));
    expect(column(table, "Btch/PmtInfId")).toEqual(["PMTINF-SDD-0510", "PMTINF-SDD-0510", "PMTINF-SDD-0510", null]);
    expect(column(table, "Btch/TtlAmt")).toEqual(["356.40", "356.40", "356.40", null]);
    expect(column(table, "TxDtls/Refs/InstrId")).toEqual(["INSTR-0510-001", null, null, null]);
    expect(column(table, "TxDtls/Refs/TxId")).toEqual(["TX-0510-001", null, null, null]);
    expect(column(table, "TxDtls/Refs/MsgId")).toEqual(["COLL-2026-05-10", null, null, null]);
    expect(column(table, "TxDtls/Refs/MndtId")).toEqual(["MNDT-2024-0031", "MNDT-2025-0112", null, null]);
    expect(column(table, "TxDtls/Refs/AcctSvcrRef")).toEqual([null, null, "RTN-0512-009", null]);
    expect(column(table, "TxDtls/BkTxCd")).toEqual([null, null, "PMNT/RDDT/UPDD", null]);
    expect(helpers(table)).toEqual({
      "@amount": ["129.90", "249.00", "-22.50", "-35.50"],
      "@currency": Array(4).fill("EUR"),
      "@date": Array(4).fill("2026-05-12"),
      "@value_date": ["2026-05-12", "2026-05-12", "2026-05-12", "2026-05-13"],
      "@reference": ["20260512-SDD-4471", "20260512-SDD-4471", "20260512-SDD-4471", "20260512-SCT-0093"],
      "@end_to_end_id": ["ORD-88120", "ORD-88121", "ORD-87990", null],
      "@remittance": ["Order 88120 May subscription", "RF71 2026 0451 INV-2026-0451", null, "Label invoice 2026-19 | SEPA Credit Transfer"],
      "@creditor_reference": [null, "RF71 2026 0451 INV-2026-0451", null, null],
      // The returned collection keeps its original parties: the payer (Dbtr) is still the counterparty.
      "@counterparty": ["Lena Kowalski", "Jonas Berg", "Paul Richter", "Paketdienst Sued AG"],
      "@counterparty_account": ["DE02120300000000202051", "0532013000", "DE89370400440532013000", "AT611904300234573201"],
      "@bank_tx_code": ["PMNT/RDDT/ESDD", "PMNT/RDDT/ESDD", "PMNT/RDDT/UPDD", "NTRF+116"],
      "@charges": [null, null, "3.00", null],
      "@charges_currency": [null, null, "EUR", null],
      "@return_reason": [null, null, "AM04", null],
      "@status": Array(4).fill("BOOK"),
      "@account": Array(4).fill("DE44500105175407324931"),
      "@statement_id": Array(4).fill("NTF-20260512-77-1"),
      "@opening_balance": Array(4).fill(null),
      "@closing_balance": Array(4).fill(null),
      "@entry_ref": ["B-0001", "B-0001", "B-0001", "B-0002"],
      "@entry_amount": ["356.40", "356.40", "356.40", "-35.50"],
      "@tx_index": ["1", "2", "3", "1"],
      "@batch_id": ["PMTINF-SDD-0510", "PMTINF-SDD-0510", "PMTINF-SDD-0510", null],
      "@message_version": Array(4).fill("camt.054.001.08"),
      "@record_type": ["credit", "credit", "debit", "debit"],
    });
  });

  it("refuses a batch whose transactions do not add up to the entry and its TtlAmt; lenient reads it with the same warnings", () => {
    const broken = fixtureText(FILE).replace('<Amt Ccy="EUR">249.00</Amt>', '<Amt Ccy="EUR">250.00</Amt>');
    const expected = [
      { file: FILE, line: 22, column: 9, field: "Ntry/Amt", value: "356.40", message: "the entry's 3 transactions add up to 357.40, not the entry's 356.40" },
      { file: FILE, line: 34, column: 13, field: "Btch/TtlAmt", value: "356.40", message: "Btch/TtlAmt is 356.40 but the batch's transactions add up to 357.40" },
    ];
    expect(errorsOf("camt054", broken, FILE)).toEqual(expected);
    const lenient = getAdapter("camt054")!.read(Buffer.from(broken), { sourceId: "file_test", fileName: FILE, policy: "lenient" });
    expect(lenient.warnings).toEqual(expected);
    expect(column(lenient, "@amount")).toEqual(["129.90", "250.00", "-22.50", "-35.50"]);
  });

  it("refuses a Btch/NbOfTxs that is not the number of TxDtls listed", () => {
    const broken = fixtureText(FILE).replace("<NbOfTxs>3</NbOfTxs>", "<NbOfTxs>4</NbOfTxs>");
    expect(errorsOf("camt054", broken, FILE)).toEqual([{ file: FILE, line: 33, column: 13, field: "Btch/NbOfTxs", value: "4", message: "Btch/NbOfTxs is 4 but the batch lists 3 TxDtls" }]);
  });

  it("checks the notification's TxsSummry", () => {
    const broken = fixtureText(FILE).replace("<Sum>35.50</Sum>", "<Sum>35.05</Sum>");
    expect(errorsOf("camt054", broken, FILE)).toEqual([
      { file: FILE, line: 18, column: 49, field: "TxsSummry/TtlDbtNtries/Sum", value: "35.05", message: "TxsSummry/TtlDbtNtries/Sum is 35.05 but the entries add up to 35.50" },
    ]);
  });

  it("refuses a notification message without Ntfctn", () => {
    const empty = fixtureText(FILE).replace(/<Ntfctn>[\s\S]*<\/Ntfctn>/, "");
    expect(errorsOf("camt054", empty, FILE)).toEqual([
      { file: FILE, line: 3, column: 3, field: "BkToCstmrDbtCdtNtfctn/Ntfctn", message: "BkToCstmrDbtCdtNtfctn has no Ntfctn: a camt.054 message holds at least one notification" },
    ]);
  });

  it("is recognised from its first bytes, also with a prefix and no namespace", () => {
    expect(recognizeAdapter([], fixtureText(FILE).slice(0, 4096))?.name).toBe("camt054");
    expect(recognizeAdapter([], '<?xml version="1.0"?>\n<n:Document><n:BkToCstmrDbtCdtNtfctn>')?.name).toBe("camt054");
    expect(recognizeAdapter([], '<?xml version="1.0"?>\n<Document><BkToCstmrAcctRpt>')?.name).toBe("camt052");
  });
});

describe("camt054 batch dialects", () => {
  it("accepts a batch of gross amounts booked net of their charges", () => {
    // Entry 356.40 = 129.90 + 249.00 - 22.50; make the return's charges 3.00 part of the booking.
    const net = fixtureText(FILE).replace('<Amt Ccy="EUR">356.40</Amt>\n        <CdtDbtInd>', '<Amt Ccy="EUR">353.40</Amt>\n        <CdtDbtInd>').replace("<Sum>391.90</Sum>", "<Sum>388.90</Sum>").replace("<Sum>356.40</Sum>", "<Sum>353.40</Sum>");
    expect(column(readWith("camt054", net, FILE), "@entry_amount")).toEqual(["353.40", "353.40", "353.40", "-35.50"]);
    const off = net.replace('<TtlChrgsAndTaxAmt Ccy="EUR">3.00</TtlChrgsAndTaxAmt>', '<TtlChrgsAndTaxAmt Ccy="EUR">2.00</TtlChrgsAndTaxAmt>');
    expect(errorsOf("camt054", off, FILE).map((error) => error.field)).toEqual(["Ntry/Amt"]);
  });

  it("takes a single TxDtls under a batch of many as the batch's summary, not a short breakdown", () => {
    const summary = fixtureText(FILE).replace("<NbOfTxs>3</NbOfTxs>", "<NbOfTxs>40</NbOfTxs>").replace(/<TxDtls>\s*<Refs>\s*<EndToEndId>ORD-88121[\s\S]*?<\/TxDtls>\s*<TxDtls>[\s\S]*?<\/TxDtls>/, "");
    const table = readWith("camt054", summary, FILE);
    expect(column(table, "Btch/NbOfTxs")).toEqual(["40", null]);
    expect(column(table, "@batch_id")).toEqual(["PMTINF-SDD-0510", null]);
  });

  it("counts an entry with a bank's own status as booked, and a future-dated one (FUTR) as not", () => {
    const withBalances = fixtureText(FILE).replace(
      "<TxsSummry>",
      '<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-05-12</Dt></Dt></Bal>\n<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">420.90</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-05-12</Dt></Dt></Bal>\n<TxsSummry>',
    );
    const proprietary = withBalances.replace("<Sts><Cd>BOOK</Cd></Sts>", "<Sts><Prtry>GEBUCHT</Prtry></Sts>");
    expect(column(readWith("camt054", proprietary, FILE), "@status")).toEqual(["GEBUCHT", "GEBUCHT", "GEBUCHT", "BOOK"]);
    const future = withBalances.replace("<Sts><Cd>BOOK</Cd></Sts>", "<Sts><Cd>FUTR</Cd></Sts>");
    expect(errorsOf("camt054", future, FILE).map((error) => error.field)).toEqual(["Bal/CLBD"]);
  });

  it("keeps the purpose written beside a structured reference (Strd/AddtlRmtInf) in the remittance", () => {
    const text = fixtureText(FILE).replace("<CdtrRefInf><Ref>RF71 2026 0451</Ref></CdtrRefInf>", "<CdtrRefInf><Ref>RF71 2026 0451</Ref></CdtrRefInf>\n<AddtlRmtInf>Payout po_9QxT</AddtlRmtInf>");
    expect(column(readWith("camt054", text, FILE), "@remittance")[1]).toBe("RF71 2026 0451 INV-2026-0451 | Payout po_9QxT");
  });

  it("takes a transaction's amount in the entry's currency where the bank gives the original currency too", () => {
    const text = fixtureText(FILE).replace('<Amt Ccy="EUR">129.90</Amt>', '<Amt Ccy="USD">140.00</Amt>\n<CdtDbtInd>CRDT</CdtDbtInd>\n<AmtDtls><TxAmt><Amt Ccy="EUR">129.90</Amt></TxAmt></AmtDtls>').replace("<CdtDbtInd>CRDT</CdtDbtInd>\n<CdtDbtInd>CRDT</CdtDbtInd>", "<CdtDbtInd>CRDT</CdtDbtInd>");
    const table = readWith("camt054", text, FILE);
    expect(column(table, "@amount")).toEqual(["129.90", "249.00", "-22.50", "-35.50"]);
    expect(column(table, "TxDtls/Amt/@Ccy")[0]).toBe("USD");
  });
});
