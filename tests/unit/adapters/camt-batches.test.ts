import { describe, expect, it } from "vitest";
import { CAMT_MESSAGES } from "~/core/adapters/camt/messages";
import { readCamtRecordChunks } from "~/core/adapters/camt/stream";
import { column, errorsOf, lines, readWith } from "./support";

/**
 * How a batch booking (one Ntry, several TxDtls) is read: itemized when
 * every transaction carries its own amount, else one record with the
 * entry's amount, the transactions' references and texts joined, and a
 * warning at the entry. The same in camt.053 and camt.054, and in the
 * chunk-driven reader as in read().
 */
interface Transaction {
  endToEnd: string;
  amount?: string;
  /** Where the amount is written: TxDtls/Amt (version 03 on) or AmtDtls/TxAmt/Amt. */
  at?: "Amt" | "TxAmt";
  remittance: string;
  debtor: string;
}

const ROOTS = { "053": ["BkToCstmrStmt", "Stmt"], "054": ["BkToCstmrDbtCdtNtfctn", "Ntfctn"] } as const;

function document(number: "053" | "054", entryAmount: string, transactions: Transaction[]): string {
  const [root, block] = ROOTS[number];
  const txDtls = transactions.map((transaction) => {
    const amount =
      transaction.amount === undefined
        ? ""
        : transaction.at === "TxAmt"
          ? `<AmtDtls><TxAmt><Amt Ccy="EUR">${transaction.amount}</Amt></TxAmt></AmtDtls>`
          : `<Amt Ccy="EUR">${transaction.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>`;
    return [
      "          <TxDtls>",
      `            <Refs><EndToEndId>${transaction.endToEnd}</EndToEndId></Refs>`,
      `            ${amount}`,
      `            <RltdPties><Dbtr><Nm>${transaction.debtor}</Nm></Dbtr></RltdPties>`,
      `            <RmtInf><Ustrd>${transaction.remittance}</Ustrd></RmtInf>`,
      "          </TxDtls>",
    ].join("\n");
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.${number}.001.08">`,
    `  <${root}>`,
    "    <GrpHdr><MsgId>M-1</MsgId><CreDtTm>2026-05-12T18:00:00+02:00</CreDtTm></GrpHdr>",
    `    <${block}>`,
    "      <Id>B-1</Id>",
    // A statement's balances, on the Acct line so that both messages keep the same lines.
    `      <Acct><Id><IBAN>DE44500105175407324931</IBAN></Id><Ccy>EUR</Ccy></Acct>${number === "053" ? balances(entryAmount) : ""}`,
    "      <Ntry>",
    "        <NtryRef>SDD-1</NtryRef>",
    `        <Amt Ccy="EUR">${entryAmount}</Amt>`,
    "        <CdtDbtInd>CRDT</CdtDbtInd>",
    "        <Sts><Cd>BOOK</Cd></Sts>",
    "        <BookgDt><Dt>2026-05-12</Dt></BookgDt>",
    "        <AcctSvcrRef>BANK-REF-1</AcctSvcrRef>",
    "        <NtryDtls>",
    `          <Btch><PmtInfId>PMT-7</PmtInfId><NbOfTxs>${transactions.length}</NbOfTxs></Btch>`,
    ...txDtls,
    "        </NtryDtls>",
    "      </Ntry>",
    `    </${block}>`,
    `  </${root}>`,
    "</Document>",
    "",
  ].join("\n");
}

function balances(booked: string): string {
  const balance = (code: string, amount: string) => `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-05-12</Dt></Dt></Bal>`;
  return balance("OPBD", "0.00") + balance("CLBD", booked);
}

const ALICE: Transaction = { endToEnd: "E2E-A", remittance: "INVOICE 101", debtor: "Alice Berg" };
const BORIS: Transaction = { endToEnd: "E2E-B", remittance: "INVOICE 102", debtor: "Boris Lind" };
const CARLA: Transaction = { endToEnd: "E2E-C", remittance: "INVOICE 103", debtor: "Carla Nørd" };

const ENTRY_LINE = 8;
const keptWhole = (file: string, which: string) => ({
  file,
  line: ENTRY_LINE,
  column: 7,
  field: "NtryDtls/TxDtls/Amt",
  message: `the batch of 3 transactions is kept as one record with the entry's amount, because ${which}`,
});

function streamed(number: "053" | "054", text: string, fileName: string) {
  const message = CAMT_MESSAGES.find((candidate) => candidate.number === number)!;
  // Cut the text into small pieces, as a file read chunk by chunk is.
  const pieces = text.match(/[\s\S]{1,37}/g)!;
  const reading = readCamtRecordChunks(message, pieces, { sourceId: "file_test", fileName });
  const records = [...reading.records];
  return { records: records.map((record) => ({ line: record.line, amount: record.values["@amount"], remittance: record.values["@remittance"] })), warnings: reading.warnings() };
}

describe.each(["053", "054"] as const)("camt.%s batches", (number) => {
  const adapter = `camt${number}`;
  const file = `batch.camt${number}.xml`;

  it("itemizes a batch whose transactions all carry amounts (TxDtls/Amt or AmtDtls/TxAmt), one record per TxDtls line", () => {
    const text = document(number, "60.00", [
      { ...ALICE, amount: "10.00" },
      { ...BORIS, amount: "20.00", at: "TxAmt" },
      { ...CARLA, amount: "30.00" },
    ]);
    const table = readWith(adapter, text, file);
    expect(lines(table)).toEqual([17, 23, 29]);
    expect(column(table, "@amount")).toEqual(["10.00", "20.00", "30.00"]);
    expect(column(table, "@end_to_end_id")).toEqual(["E2E-A", "E2E-B", "E2E-C"]);
    expect(column(table, "@tx_index")).toEqual(["1", "2", "3"]);
    expect(column(table, "TxDtls/Count")).toEqual(["3", "3", "3"]);
    expect((table as { warnings?: unknown }).warnings).toBeUndefined();
    // The breakdown is still checked against the booking.
    const short = text.replace('<Amt Ccy="EUR">30.00</Amt>', '<Amt Ccy="EUR">29.99</Amt>');
    expect(errorsOf(adapter, short, file)).toEqual([
      { file, line: 10, column: 9, field: "Ntry/Amt", value: "60.00", message: "the entry's 3 transactions add up to 59.99, not the entry's 60.00" },
    ]);
  });

  it("gives a batch whose transactions carry no amounts as one record: the entry's amount, the batch's count, every reference and text joined, warned", () => {
    const text = document(number, "60.00", [ALICE, BORIS, CARLA]);
    const table = readWith(adapter, text, file);
    expect(lines(table)).toEqual([ENTRY_LINE]);
    expect({
      amount: column(table, "@amount"),
      currency: column(table, "@currency"),
      direction: column(table, "@record_type"),
      count: column(table, "TxDtls/Count"),
      endToEnd: column(table, "@end_to_end_id"),
      endToEndColumn: column(table, "TxDtls/Refs/EndToEndId"),
      remittance: column(table, "@remittance"),
      counterparty: column(table, "@counterparty"),
      reference: column(table, "@reference"),
      batch: column(table, "@batch_id"),
      index: column(table, "@tx_index"),
      ownAmount: column(table, "TxDtls/Amt"),
    }).toEqual({
      amount: ["60.00"],
      currency: ["EUR"],
      direction: ["credit"],
      count: ["3"],
      endToEnd: ["E2E-A | E2E-B | E2E-C"],
      endToEndColumn: ["E2E-A | E2E-B | E2E-C"],
      remittance: ["INVOICE 101 | INVOICE 102 | INVOICE 103"],
      counterparty: ["Alice Berg | Boris Lind | Carla Nørd"],
      reference: ["BANK-REF-1"],
      batch: ["PMT-7"],
      index: [null],
      ownAmount: [null],
    });
    expect((table as { warnings?: unknown }).warnings).toEqual([keptWhole(file, "its transactions have no amounts")]);
    expect(streamed(number, text, file)).toEqual({
      records: [{ line: ENTRY_LINE, amount: "60.00", remittance: "INVOICE 101 | INVOICE 102 | INVOICE 103" }],
      warnings: [keptWhole(file, "its transactions have no amounts")],
    });
  });

  it("keeps a batch whole when only some transactions carry amounts, and says how many have none", () => {
    const text = document(number, "60.00", [{ ...ALICE, amount: "10.00" }, BORIS, { ...CARLA, amount: "30.00" }]);
    const table = readWith(adapter, text, file);
    expect(lines(table)).toEqual([ENTRY_LINE]);
    expect(column(table, "@amount")).toEqual(["60.00"]);
    expect(column(table, "@end_to_end_id")).toEqual(["E2E-A | E2E-B | E2E-C"]);
    expect((table as { warnings?: unknown }).warnings).toEqual([keptWhole(file, "1 of its 3 transactions have no amount")]);
    expect(streamed(number, text, file).records).toEqual([{ line: ENTRY_LINE, amount: "60.00", remittance: "INVOICE 101 | INVOICE 102 | INVOICE 103" }]);
  });

  it("gives a single TxDtls without an amount the entry's amount, without a warning", () => {
    const text = document(number, "60.00", [ALICE]);
    const table = readWith(adapter, text, file);
    expect(lines(table)).toEqual([ENTRY_LINE]);
    expect(column(table, "@amount")).toEqual(["60.00"]);
    expect(column(table, "@end_to_end_id")).toEqual(["E2E-A"]);
    expect(column(table, "@tx_index")).toEqual(["1"]);
    expect((table as { warnings?: unknown }).warnings).toBeUndefined();
  });

  it("still refuses a batch whose written amount is unreadable, at the amount", () => {
    const text = document(number, "60.00", [{ ...ALICE, amount: "10.0.0" }, BORIS, CARLA]);
    expect(errorsOf(adapter, text, file).map((error) => ({ line: error.line, field: error.field }))).toEqual([{ line: 19, field: "TxDtls/Amt" }]);
  });
});
