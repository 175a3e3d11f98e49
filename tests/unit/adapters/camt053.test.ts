import { describe, expect, it } from "vitest";
import { column, errorsOf, fixtureText, helpers, lines, readWith } from "./support";

const FILE = "camt053.xml";

describe("camt053", () => {
  it("reads one record per Ntry at the line of its start tag, with signed amounts and all remittance text", () => {
    const table = readWith("camt053", fixtureText(FILE), FILE);
    expect(lines(table)).toEqual([30, 54, 65, 89]);
    expect(column(table, "Stmt/Id")).toEqual(Array(4).fill("NL91ABNA0417164300-2026-04-06"));
    expect(column(table, "Ntry/Amt")).toEqual(["1140.71", "250.00", "300.00", "89.90"]);
    expect(column(table, "Ntry/CdtDbtInd")).toEqual(["CRDT", "DBIT", "CRDT", "DBIT"]);
    expect(column(table, "Ntry/Sts")).toEqual(["BOOK", "BOOK", "BOOK", "BOOK"]);
    expect(column(table, "Ntry/BookgDt")).toEqual(["2026-04-05", "2026-04-05", "2026-04-06", "2026-04-06T09:30:00+02:00"]);
    expect(column(table, "TxDtls/Refs/EndToEndId")).toEqual([null, null, "E2E-INV-2026-118 | E2E-INV-2026-119", null]);
    expect(column(table, "TxDtls/RmtInf/Ustrd")).toEqual(["STRIPE PAYOUT po_1RkZ9yX8wV7uT6sR", null, "INV 2026-118", "Return shipping label 2026-04"]);
    expect(column(table, "TxDtls/Count")).toEqual(["1", "0", "2", "1"]);
    expect(helpers(table)).toEqual({
      "@amount": ["1140.71", "-250.00", "300.00", "-89.90"],
      "@currency": ["EUR", "EUR", "EUR", "EUR"],
      "@date": ["2026-04-05", "2026-04-05", "2026-04-06", "2026-04-06"],
      "@value_date": ["2026-04-05", "2026-04-05", "2026-04-06", "2026-04-06"],
      "@reference": ["2026040500012345", "2026040500012346", "2026040600000777", "2026040600000912"],
      "@remittance": ["STRIPE PAYOUT po_1RkZ9yX8wV7uT6sR", "Monthly account fee", "INV 2026-118 | RF18539007547034", "Return shipping label 2026-04 | SEPA DIRECT DEBIT"],
      "@counterparty": ["Stripe Technology Europe Ltd", null, "Fjell & Fjord AS | Hutte Outdoor GmbH", "Bergsport Versand"],
      "@bank_tx_code": ["PMNT/RCDT/ESCT", "FEE", null, null],
      "@account": Array(4).fill("NL91ABNA0417164300"),
      "@record_type": ["credit", "debit", "credit", "debit"],
    });
  });

  it("reads a statement whose elements carry a namespace prefix the same way", () => {
    const prefixed = fixtureText(FILE)
      .replace(/<(\/?)([A-Za-z])/g, "<$1c:$2")
      .replace('xmlns="urn', 'xmlns:c="urn')
      .replace(/<c:Amt Ccy=/g, "<c:Amt Ccy=");
    expect(readWith("camt053", prefixed, FILE)).toEqual(readWith("camt053", fixtureText(FILE), FILE));
  });

  it("reports XML that is not well formed at its line and column", () => {
    const broken = fixtureText(FILE).replace("<AcctSvcrRef>2026040500012346</AcctSvcrRef>", "<AcctSvcrRef>2026040500012346</AcctSvcrRf>");
    expect(errorsOf("camt053", broken, FILE)).toEqual([{ file: FILE, line: 61, column: 51, message: "the XML is not well formed: unexpected close tag." }]);
  });

  it("never resolves an external entity: the document is refused, nothing is read from outside", () => {
    const withEntity = '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Document><BkToCstmrStmt><Stmt><Ntry>&x;</Ntry></Stmt></BkToCstmrStmt></Document>\n';
    expect(errorsOf("camt053", withEntity, "entity.xml")).toEqual([{ file: "entity.xml", line: 3, column: 41, message: "the XML is not well formed: undefined entity." }]);
  });

  it("reports a bad credit/debit indicator, a missing currency and a bad amount at their elements", () => {
    const broken = fixtureText(FILE)
      .replace('<Amt Ccy="EUR">250.00</Amt>', "<Amt>250.00</Amt>")
      .replace('<Amt Ccy="EUR">300.00</Amt>', '<Amt Ccy="EUR">300.001</Amt>')
      .replace("<CdtDbtInd>DBIT</CdtDbtInd>\n        <Sts><Cd>BOOK</Cd></Sts>\n        <BookgDt><DtTm>", "<CdtDbtInd>D</CdtDbtInd>\n        <Sts><Cd>BOOK</Cd></Sts>\n        <BookgDt><DtTm>");
    expect(errorsOf("camt053", broken, FILE)).toEqual([
      { file: FILE, line: 56, field: "Ntry/Amt/@Ccy", message: "the entry's Amt has no Ccy attribute" },
      { file: FILE, line: 67, field: "Ntry/Amt", value: "300.001", message: '"300.001" has more decimals than the currency\'s 2' },
      { file: FILE, line: 91, field: "Ntry/CdtDbtInd", value: "D", message: 'CdtDbtInd must be CRDT or DBIT, not "D"' },
    ]);
  });

  it("reports a closing balance that the opening balance and the booked entries do not reach", () => {
    const broken = fixtureText(FILE).replace('<Amt Ccy="EUR">11100.81</Amt>', '<Amt Ccy="EUR">11110.81</Amt>');
    expect(errorsOf("camt053", broken, FILE)).toEqual([
      { file: FILE, line: 24, field: "Bal/CLBD", value: "11110.81", message: "the closing balance CLBD 11110.81 is not the opening balance plus the booked entries (11100.81)" },
    ]);
  });

  it("reports an XML document that is not a bank-to-customer statement", () => {
    const payment = '<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn/></Document>\n';
    expect(errorsOf("camt053", payment, "pain.xml")).toEqual([{ file: "pain.xml", line: 1, message: "the document has no BkToCstmrStmt element: it is not a camt.053 statement" }]);
  });
});
