import { describe, expect, it } from "vitest";
import { getAdapter } from "~/core/adapters";
import { column, errorsOf, fixtureBytes, fixtureText, helpers, lines, readWith } from "./support";

const FILE = "camt053.xml";
const V02 = "camt/camt053-prefixed.v02.xml";
const ENVELOPE = "camt/camt053-envelope.v04.xml";

/** The fixture's entry 3 lists its two transactions by reference only. */
const BATCH_KEPT_WHOLE = {
  file: FILE,
  line: 65,
  column: 7,
  field: "NtryDtls/TxDtls/Amt",
  message: "the batch of 2 transactions is kept as one record with the entry's amount, because its transactions have no amounts",
};

function readLenient(adapter: string, text: string, fileName: string) {
  return getAdapter(adapter)!.read(Buffer.from(text, "utf8"), { sourceId: "file_test", fileName, policy: "lenient" });
}

describe("camt053", () => {
  it("reads one record per transaction (TxDtls) at the Ntry line, and a batch whose transactions have no amounts as one record, warned", () => {
    const table = readWith("camt053", fixtureText(FILE), FILE);
    expect(lines(table)).toEqual([30, 54, 65, 89]);
    expect(column(table, "Stmt/Id")).toEqual(Array(4).fill("NL91ABNA0417164300-2026-04-06"));
    expect(column(table, "Stmt/ElctrncSeqNb")).toEqual(Array(4).fill("96"));
    expect(column(table, "Ntry/Amt")).toEqual(["1140.71", "250.00", "300.00", "89.90"]);
    expect(column(table, "Ntry/CdtDbtInd")).toEqual(["CRDT", "DBIT", "CRDT", "DBIT"]);
    expect(column(table, "Ntry/BookgDt")).toEqual(["2026-04-05", "2026-04-05", "2026-04-06", "2026-04-06T09:30:00+02:00"]);
    expect(column(table, "Btch/NbOfTxs")).toEqual([null, null, "2", null]);
    expect(column(table, "TxDtls/Refs/EndToEndId")).toEqual([null, null, "E2E-INV-2026-118 | E2E-INV-2026-119", null]);
    expect(column(table, "TxDtls/RmtInf/Ustrd")).toEqual(["STRIPE PAYOUT po_1RkZ9yX8wV7uT6sR", null, "INV 2026-118", "Return shipping label 2026-04"]);
    expect(column(table, "TxDtls/Count")).toEqual(["1", "0", "2", "1"]);
    expect(helpers(table)).toEqual({
      "@amount": ["1140.71", "-250.00", "300.00", "-89.90"],
      "@currency": Array(4).fill("EUR"),
      "@date": ["2026-04-05", "2026-04-05", "2026-04-06", "2026-04-06"],
      "@value_date": ["2026-04-05", "2026-04-05", "2026-04-06", "2026-04-06"],
      "@reference": ["2026040500012345", "2026040500012346", "2026040600000777", "2026040600000912"],
      "@end_to_end_id": [null, null, "E2E-INV-2026-118 | E2E-INV-2026-119", null],
      "@remittance": ["STRIPE PAYOUT po_1RkZ9yX8wV7uT6sR", "Monthly account fee", "INV 2026-118 | RF18539007547034", "Return shipping label 2026-04 | SEPA DIRECT DEBIT"],
      "@creditor_reference": [null, null, "RF18539007547034", null],
      "@counterparty": ["Stripe Technology Europe Ltd", null, "Fjell & Fjord AS | Hutte Outdoor GmbH", "Bergsport Versand"],
      "@counterparty_account": [null, null, null, null],
      "@bank_tx_code": ["PMNT/RCDT/ESCT", "FEE", null, null],
      "@charges": Array(4).fill(null),
      "@charges_currency": Array(4).fill(null),
      "@return_reason": Array(4).fill(null),
      "@status": Array(4).fill("BOOK"),
      "@account": Array(4).fill("NL91ABNA0417164300"),
      "@statement_id": Array(4).fill("NL91ABNA0417164300-2026-04-06"),
      "@opening_balance": Array(4).fill("10000.00"),
      "@closing_balance": Array(4).fill("11100.81"),
      "@entry_ref": ["1", "2", "3", "#4"],
      "@entry_amount": ["1140.71", "-250.00", "300.00", "-89.90"],
      "@tx_index": ["1", null, null, "1"],
      "@batch_id": Array(4).fill(null),
      "@message_version": Array(4).fill("camt.053.001.08"),
      "@record_type": ["credit", "debit", "credit", "debit"],
    });
    expect((table as { warnings?: unknown }).warnings).toEqual([BATCH_KEPT_WHOLE]);
  });

  it("reads a statement whose elements carry a namespace prefix the same way", () => {
    const prefixed = fixtureText(FILE).replace(/<(\/?)([A-Za-z])/g, "<$1c:$2").replace('xmlns="urn', 'xmlns:c="urn');
    expect(readWith("camt053", prefixed, FILE)).toEqual(readWith("camt053", fixtureText(FILE), FILE));
  });

  it("reads a Document without a namespace; only the version helper is then unknown", () => {
    const bare = fixtureText(FILE).replace(/ xmlns(:xsi)?="[^"]*"/g, "");
    const table = readWith("camt053", bare, FILE);
    const original = readWith("camt053", fixtureText(FILE), FILE);
    expect(column(table, "@message_version")).toEqual(Array(4).fill(null));
    for (const name of table.columns.filter((name) => name !== "@message_version")) expect({ name, cells: column(table, name) }).toEqual({ name, cells: column(original, name) });
  });

  it("reads every version's namespace from 001.02 to 001.13, with Sts as text before .08 and Sts/Cd from .08", () => {
    for (let version = 2; version <= 13; version++) {
      const code = `camt.053.001.${String(version).padStart(2, "0")}`;
      let text = fixtureText(FILE).replace("camt.053.001.08", code);
      if (version < 8) text = text.replace(/<Sts><Cd>(\w+)<\/Cd><\/Sts>/g, "<Sts>$1</Sts>");
      const table = readWith("camt053", text, FILE);
      expect({ code, version: column(table, "@message_version")[0], amounts: column(table, "@amount") }).toEqual({ code, version: code, amounts: ["1140.71", "-250.00", "300.00", "-89.90"] });
    }
  });

  it("reads version 02 with a ns2 prefix in ISO-8859-1: PRCD opening, a negative balance, TxAmt amounts, repeated Chrgs and TtlNetNtryAmt", () => {
    const table = readWith("camt053", fixtureBytes(V02), V02);
    expect(lines(table)).toEqual([46, 52, 60]);
    expect(column(table, "TxDtls/RltdPties/Dbtr/Nm")).toEqual(["Müller & Söhne KG", "Zoë Lefèvre", null]);
    expect(helpers(table)).toMatchObject({
      "@amount": ["600.00", "400.00", "-50.25"],
      "@opening_balance": ["-120.00", "-120.00", "-120.00"],
      "@closing_balance": ["829.75", "829.75", "829.75"],
      "@counterparty": ["Müller & Söhne KG", "Zoë Lefèvre", "Stadtwerke Essen"],
      "@remittance": ["RE 2026-0301", "RE 2026-0302", "Abschlag März"],
      "@charges": [null, null, "2.25"],
      "@charges_currency": [null, null, "EUR"],
      "@bank_tx_code": ["166", "166", null],
      "@entry_ref": ["#1", "#1", "#2"],
      "@account": ["4711000123", "4711000123", "4711000123"],
      "@statement_id": ["0532026031900001", "0532026031900001", "0532026031900001"],
      "@message_version": ["camt.053.001.02", "camt.053.001.02", "camt.053.001.02"],
    });
  });

  it("reads a Document inside a SWIFT/EBICS BizMsgEnvlp with its AppHdr: JPY without decimals, a Prtry balance type, CDATA and comments", () => {
    const table = readWith("camt053", fixtureBytes(ENVELOPE), ENVELOPE);
    expect(lines(table)).toEqual([36, 53]);
    expect(helpers(table)).toMatchObject({
      "@amount": ["12500", "-1200"],
      "@currency": ["JPY", "JPY"],
      "@opening_balance": ["250000", "250000"],
      "@closing_balance": ["261300", "261300"],
      "@remittance": ["ORDER 5501 <express>", "Account maintenance fee"],
      "@counterparty": ["Sakura Trading KK", null],
      "@message_version": ["camt.053.001.04", "camt.053.001.04"],
    });
    const broken = fixtureText(ENVELOPE).replace('<Amt Ccy="JPY">261300</Amt>', '<Amt Ccy="JPY">261310</Amt>');
    expect(errorsOf("camt053", broken, ENVELOPE)).toEqual([
      { file: ENVELOPE, line: 25, column: 11, field: "Bal/CLBD", value: "261310", message: "the closing balance CLBD 261310 is not the opening balance OPBD 250000 plus the booked entries 11300 (= 261300)" },
    ]);
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
      { file: FILE, line: 56, column: 9, field: "Ntry/Amt/@Ccy", message: "Ntry/Amt has no Ccy attribute" },
      { file: FILE, line: 67, column: 9, field: "Ntry/Amt", value: "300.001", message: '"300.001" has more decimals than the currency\'s 2' },
      { file: FILE, line: 91, column: 9, field: "Ntry/CdtDbtInd", value: "D", message: 'Ntry/CdtDbtInd must be CRDT or DBIT, not "D"' },
    ]);
  });

  it("refuses a closing balance that the opening balance and the booked entries do not reach; the lenient policy reads it with a located warning", () => {
    const broken = fixtureText(FILE).replace('<Amt Ccy="EUR">11100.81</Amt>', '<Amt Ccy="EUR">11110.81</Amt>');
    const expected = {
      file: FILE,
      line: 26,
      column: 9,
      field: "Bal/CLBD",
      value: "11110.81",
      message: "the closing balance CLBD 11110.81 is not the opening balance OPBD 10000.00 plus the booked entries 1100.81 (= 11100.81)",
    };
    expect(errorsOf("camt053", broken, FILE)).toEqual([expected]);
    const lenient = readLenient("camt053", broken, FILE);
    expect(lenient.warnings).toEqual([BATCH_KEPT_WHOLE, expected]);
    expect(lenient.rowCount).toBe(4);
  });

  it("refuses balances in two currencies, and an entry in another currency than the account unless AmtDtls gives the booked amount", () => {
    const mixed = fixtureText(FILE).replace('<Amt Ccy="EUR">11100.81</Amt>', '<Amt Ccy="USD">11100.81</Amt>');
    expect(errorsOf("camt053", mixed, FILE)).toEqual([
      { file: FILE, line: 26, column: 9, field: "Bal/Amt/@Ccy", value: "USD", message: "the CLBD is in USD but the account's balances and entries are in EUR" },
    ]);
    const foreign = fixtureText(FILE).replace('<Amt Ccy="EUR">250.00</Amt>', '<Amt Ccy="CHF">250.00</Amt>');
    expect(errorsOf("camt053", foreign, FILE)).toEqual([
      { file: FILE, line: 56, column: 9, field: "Ntry/Amt/@Ccy", value: "CHF", message: "the entry is in CHF but the account is in EUR, and AmtDtls gives no EUR amount" },
    ]);
    const withCounterValue = foreign.replace('<Amt Ccy="CHF">250.00</Amt>', '<Amt Ccy="CHF">240.00</Amt>\n<AmtDtls><CntrValAmt><Amt Ccy="EUR">250.00</Amt></CntrValAmt></AmtDtls>');
    expect(column(readWith("camt053", withCounterValue, FILE), "@amount")[1]).toBe("-240.00");
  });

  it("checks TxsSummry against the entries", () => {
    const summary = "<TxsSummry><TtlNtries><NbOfNtries>4</NbOfNtries><Sum>1780.61</Sum></TtlNtries><TtlCdtNtries><NbOfNtries>2</NbOfNtries><Sum>1440.71</Sum></TtlCdtNtries></TxsSummry>\n      <Ntry>";
    const good = fixtureText(FILE).replace("<Ntry>", summary);
    expect(readWith("camt053", good, FILE).rowCount).toBe(4);
    const wrong = good.replace("<Sum>1440.71</Sum>", "<Sum>1440.72</Sum>").replace("<NbOfNtries>4</NbOfNtries>", "<NbOfNtries>5</NbOfNtries>");
    expect(errorsOf("camt053", wrong, FILE)).toEqual([
      { file: FILE, line: 30, column: 29, field: "TxsSummry/TtlNtries/NbOfNtries", value: "5", message: "TxsSummry/TtlNtries/NbOfNtries is 5 but there are 4 such entries" },
      { file: FILE, line: 30, column: 125, field: "TxsSummry/TtlCdtNtries/Sum", value: "1440.72", message: "TxsSummry/TtlCdtNtries/Sum is 1440.72 but the entries add up to 1440.71" },
    ]);
  });

  it("refuses a statement message without any Stmt at its root element, not as an empty success", () => {
    const file = "camt/camt053-no-stmt.xml";
    expect(errorsOf("camt053", fixtureBytes(file), file)).toEqual([
      { file, line: 3, column: 3, field: "BkToCstmrStmt/Stmt", message: "BkToCstmrStmt has no Stmt: a camt.053 message holds at least one statement" },
    ]);
  });

  it("reports an XML document that is not a bank-to-customer statement, and names the adapter for another camt message", () => {
    const payment = '<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn/></Document>\n';
    expect(errorsOf("camt053", payment, "pain.xml")).toEqual([{ file: "pain.xml", line: 1, message: "the document has no BkToCstmrStmt element: it is not a camt.053 message" }]);
    const notification = "camt/camt054-batch.v08.xml";
    expect(errorsOf("camt053", fixtureBytes(notification), notification)).toEqual([
      { file: notification, line: 1, message: "the document has no BkToCstmrStmt element: it is not a camt.053 message: it is a camt.054 (BkToCstmrDbtCdtNtfctn); read it with the camt054 adapter" },
    ]);
  });

  it("reads a Dt with a zone as the day written, and an amount with a leading plus (both valid xs types)", () => {
    const text = fixtureText(FILE).replace("<BookgDt><Dt>2026-04-05</Dt></BookgDt>", "<BookgDt><Dt>2026-04-05+02:00</Dt></BookgDt>").replace('<Amt Ccy="EUR">1140.71</Amt>', '<Amt Ccy="EUR">+1140.71</Amt>');
    const table = readWith("camt053", text, FILE);
    expect(column(table, "@date")[0]).toBe("2026-04-05");
    expect(column(table, "@amount")[0]).toBe("1140.71");
    expect(errorsOf("camt053", text.replace('<Amt Ccy="EUR">+1140.71</Amt>', '<Amt Ccy="EUR">-1140.71</Amt>'), FILE)).toEqual([
      { file: FILE, line: 32, column: 9, field: "Ntry/Amt", value: "-1140.71", message: "Ntry/Amt must be unsigned; CdtDbtInd gives the direction" },
    ]);
  });

  it("warns that a statement without a closing balance was not checked, instead of passing it in silence", () => {
    const text = fixtureText(FILE).replace(/<Bal>\s*<Tp><CdOrPrtry><Cd>CLBD[\s\S]*?<\/Bal>/, "");
    const table = readWith("camt053", text, FILE);
    expect(table.rowCount).toBe(4);
    expect((table as { warnings?: unknown }).warnings).toEqual([
      // Five lines up: the CLBD balance before it is gone.
      { ...BATCH_KEPT_WHOLE, line: 60 },
      { file: FILE, line: 8, column: 5, field: "Stmt/Bal", message: "the statement has no closing balance (CLBD or ITBD): its entries were not checked against its balances" },
    ]);
  });

  it("gives a single transaction the entry's booked amount when its own is in another currency", () => {
    const text = fixtureText(ENVELOPE).replace('<Amt Ccy="JPY">12500</Amt>\n              <CdtDbtInd>', '<Amt Ccy="USD">85.00</Amt>\n              <CdtDbtInd>');
    const table = readWith("camt053", text, ENVELOPE);
    expect(column(table, "TxDtls/Amt")).toEqual(["85.00", null]);
    expect(column(table, "@amount")).toEqual(["12500", "-1200"]);
    expect(column(table, "@currency")).toEqual(["JPY", "JPY"]);
  });

  it("takes the version from the AppHdr's MsgDefIdr when the enveloped Document has no namespace", () => {
    const text = fixtureText(ENVELOPE).replace('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04">', "<Document>").replace("camt.053.001.04</MsgDefIdr>", "camt.053.001.05</MsgDefIdr>");
    expect(column(readWith("camt053", text, ENVELOPE), "@message_version")).toEqual(["camt.053.001.05", "camt.053.001.05"]);
  });

  it("refuses elements nested far deeper than any camt message, at the element that goes too deep", () => {
    const deep = `<?xml version="1.0"?>\n<Document><BkToCstmrStmt><Stmt>\n${"<a>".repeat(70)}x${"</a>".repeat(70)}\n</Stmt></BkToCstmrStmt></Document>\n`;
    expect(errorsOf("camt053", deep, "deep.xml")).toEqual([{ file: "deep.xml", line: 3, column: 184, field: "a", message: "elements nest deeper than 64 levels: this is not a camt message" }]);
  });
});
