import { SaxesParser } from "saxes";
import type { RawTable } from "~/engine/types";
import { isoDateOf } from "./support/dates";
import { LocatedErrors } from "./support/located-errors";
import { decimalToMinor, formatMinor, minorDigits } from "./support/money";
import { RecordTableBuilder } from "./support/table";
import { decodeText } from "./support/text";
import type { AdapterReadOptions, FormatAdapter } from "./types";

/**
 * ISO 20022 bank-to-customer statement, camt.053 (any version, 001.02 to
 * 001.13: elements are matched by local name, namespaces ignored). Source:
 * the ISO 20022 message definition (BankToCustomerStatementV02…) and the
 * common implementation guidelines (CGI-MP, DK, EPC).
 *
 * Document/BkToCstmrStmt/Stmt* each hold an account (Acct/Id/IBAN or
 * Othr/Id), balances (Bal: OPBD opening, CLBD closing) and entries (Ntry*):
 * Amt Ccy="…" (unsigned), CdtDbtInd CRDT|DBIT, Sts, BookgDt, ValDt (Dt or
 * DtTm), AcctSvcrRef, BkTxCd, AddtlNtryInf, and NtryDtls/TxDtls* with Refs
 * (EndToEndId), RltdPties (Dbtr/Cdtr Nm), RmtInf (Ustrd lines, Strd creditor
 * references) and AddtlTxInf. Remittance text is where a PSP's payout id
 * hides ("STRIPE PAYOUT po_…"), so all of it is kept.
 *
 * Output: one record per Ntry, provenance = the line of its <Ntry> start
 * tag. Columns are camt paths: Stmt/Id, Stmt/Acct/Id, Stmt/Acct/Ccy,
 * Ntry/NtryRef, Ntry/Amt, Ntry/Amt/@Ccy, Ntry/CdtDbtInd, Ntry/RvslInd,
 * Ntry/Sts, Ntry/BookgDt, Ntry/ValDt, Ntry/AcctSvcrRef, Ntry/BkTxCd,
 * Ntry/AddtlNtryInf, TxDtls/Refs/EndToEndId, TxDtls/RltdPties/Nm,
 * TxDtls/RmtInf/Ustrd, TxDtls/RmtInf/Strd/Ref, TxDtls/AddtlTxInf, TxDtls/Count.
 * Several TxDtls (a batch booking) are joined with " | "; several Ustrd lines
 * of one TxDtls with a space.
 *
 * Helpers: @amount (DBIT negative), @currency, @date = BookgDt (else ValDt),
 * @value_date, @reference = AcctSvcrRef (else NtryRef, else EndToEndId),
 * @remittance = every remittance text of the entry, @counterparty,
 * @bank_tx_code, @account, @record_type = "credit" | "debit".
 * Checked: OPBD + booked entries = CLBD per statement, when both balances exist.
 */
const SOURCE_COLUMNS = [
  "Stmt/Id",
  "Stmt/Acct/Id",
  "Stmt/Acct/Ccy",
  "Ntry/NtryRef",
  "Ntry/Amt",
  "Ntry/Amt/@Ccy",
  "Ntry/CdtDbtInd",
  "Ntry/RvslInd",
  "Ntry/Sts",
  "Ntry/BookgDt",
  "Ntry/ValDt",
  "Ntry/AcctSvcrRef",
  "Ntry/BkTxCd",
  "Ntry/AddtlNtryInf",
  "TxDtls/Refs/EndToEndId",
  "TxDtls/RltdPties/Nm",
  "TxDtls/RmtInf/Ustrd",
  "TxDtls/RmtInf/Strd/Ref",
  "TxDtls/AddtlTxInf",
  "TxDtls/Count",
] as const;
const HELPERS = ["@amount", "@currency", "@date", "@value_date", "@reference", "@remittance", "@counterparty", "@bank_tx_code", "@account", "@record_type"] as const;

export const camt053: FormatAdapter = {
  name: "camt053",
  title: "ISO 20022 camt.053 bank statement",
  description: "An ISO 20022 camt.053 XML statement: one record per entry (Ntry) with signed amount, booking and value dates, bank reference and all remittance text.",
  signature: { firstBytes: "camt\\.053\\.001\\.|<BkToCstmrStmt[\\s>]" },
  read: readCamt053,
};

interface ElementText {
  text: string;
  line: number;
}

interface TransactionDetails {
  endToEndId: string[];
  names: string[];
  ustrd: string[];
  structuredRefs: string[];
  additional: string[];
}

interface EntryState {
  line: number;
  fields: Map<string, ElementText>;
  currency: string | null;
  currencyLine: number;
  transactions: TransactionDetails[];
}

interface StatementState {
  id: string | null;
  account: string | null;
  accountCurrency: string | null;
  balances: Array<{ code: string; amount: string; currency: string | null; sign: string; line: number }>;
  bookedSum: Map<string, bigint>;
  /** An entry's amount was reported: the balance check would only repeat that error. */
  incomplete: boolean;
  currentBalance: { code: string; amount: string; currency: string | null; sign: string; line: number } | null;
}

function readCamt053(bytes: Uint8Array, options: AdapterReadOptions): RawTable {
  const errors = new LocatedErrors(options.fileName);
  const table = new RecordTableBuilder([...SOURCE_COLUMNS, ...HELPERS]);
  const parser = new SaxesParser({ position: true, fileName: options.fileName });
  const path: string[] = [];
  let text = "";
  let statement: StatementState | null = null;
  let entry: EntryState | null = null;
  let sawStatementRoot = false;

  parser.on("error", (error) => {
    const message = error.message.replace(/^.*?:\d+:\d+: /, "");
    errors.fail(parser.line, `the XML is not well formed: ${message}`, { column: parser.column + 1 });
  });
  parser.on("opentagstart", (tag) => {
    const name = localName(tag.name);
    path.push(name);
    text = "";
    if (name === "BkToCstmrStmt") sawStatementRoot = true;
    if (name === "Stmt" && parentIs(path, "BkToCstmrStmt")) {
      statement = { id: null, account: null, accountCurrency: null, balances: [], bookedSum: new Map(), incomplete: false, currentBalance: null };
    }
    if (name === "Ntry" && statement) {
      entry = { line: parser.line, fields: new Map(), currency: null, currencyLine: parser.line, transactions: [] };
    }
    if (name === "TxDtls" && entry) entry.transactions.push({ endToEndId: [], names: [], ustrd: [], structuredRefs: [], additional: [] });
    if (name === "Bal" && statement && !entry) statement.currentBalance = { code: "", amount: "", currency: null, sign: "", line: parser.line };
  });
  parser.on("opentag", (tag) => {
    const name = localName(tag.name);
    if (name !== "Amt") return;
    const currency = Object.entries(tag.attributes).find(([attribute]) => localName(attribute) === "Ccy")?.[1];
    const value = typeof currency === "string" ? currency : (currency?.value ?? null);
    if (entry && path[path.length - 2] === "Ntry") {
      entry.currency = value;
      entry.currencyLine = parser.line;
    }
    if (statement?.currentBalance && path[path.length - 2] === "Bal") statement.currentBalance.currency = value;
  });
  parser.on("text", (chunk) => {
    text += chunk;
  });
  parser.on("cdata", (chunk) => {
    text += chunk;
  });
  parser.on("closetag", (tag) => {
    const name = localName(tag.name);
    const value = text.trim();
    text = "";
    const line = parser.line;
    if (entry) {
      collectEntryField(entry, path, value, line);
    } else if (statement) {
      collectStatementField(statement, path, value);
    }
    if (name === "Ntry" && entry && statement) {
      emitEntry(entry, statement, table, errors);
      entry = null;
    }
    if (name === "Bal" && statement?.currentBalance) {
      statement.balances.push(statement.currentBalance);
      statement.currentBalance = null;
    }
    if (name === "Stmt" && statement && parentIs(path, "BkToCstmrStmt")) {
      checkBalances(statement, errors);
      statement = null;
    }
    path.pop();
  });

  parser.write(decodeText(bytes)).close();
  if (!sawStatementRoot) errors.fail(1, "the document has no BkToCstmrStmt element: it is not a camt.053 statement");
  errors.throwIfAny();
  return table.build(options.sourceId);
}

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

function parentIs(path: readonly string[], parent: string): boolean {
  return path[path.length - 2] === parent;
}

/** The path below Ntry, e.g. "BookgDt/Dt" or "NtryDtls/TxDtls/RmtInf/Ustrd". */
function pathBelow(path: readonly string[], element: string): string {
  const index = path.lastIndexOf(element);
  return path.slice(index + 1).join("/");
}

function collectStatementField(statement: StatementState, path: readonly string[], value: string): void {
  const below = pathBelow(path, "Stmt");
  if (below === "Id") statement.id = value;
  else if (below === "Acct/Id/IBAN" || below === "Acct/Id/Othr/Id") statement.account = value;
  else if (below === "Acct/Ccy") statement.accountCurrency = value;
  const balance = statement.currentBalance;
  if (!balance) return;
  const inBalance = pathBelow(path, "Bal");
  if (inBalance === "Tp/CdOrPrtry/Cd") balance.code = value;
  else if (inBalance === "Amt") balance.amount = value;
  else if (inBalance === "CdtDbtInd") balance.sign = value;
}

function collectEntryField(entry: EntryState, path: readonly string[], value: string, line: number): void {
  const transaction = entry.transactions[entry.transactions.length - 1];
  if (path.includes("TxDtls") && transaction) {
    const below = pathBelow(path, "TxDtls");
    if (below === "Refs/EndToEndId" && value !== "NOTPROVIDED") transaction.endToEndId.push(value);
    else if (/^RltdPties\/(Dbtr|Cdtr)(\/Pty)?\/Nm$/.test(below)) transaction.names.push(value);
    else if (below === "RmtInf/Ustrd") transaction.ustrd.push(value);
    else if (below === "RmtInf/Strd/CdtrRefInf/Ref") transaction.structuredRefs.push(value);
    else if (below === "AddtlTxInf") transaction.additional.push(value);
    return;
  }
  const below = pathBelow(path, "Ntry");
  if (below !== "" && !entry.fields.has(below)) entry.fields.set(below, { text: value, line });
}

function emitEntry(entry: EntryState, statement: StatementState, table: RecordTableBuilder, errors: LocatedErrors): void {
  const field = (name: string) => entry.fields.get(name)?.text || null;
  const lineOf = (name: string) => entry.fields.get(name)?.line ?? entry.line;
  const amountText = field("Amt");
  const indicator = field("CdtDbtInd");
  const currency = entry.currency?.trim().toUpperCase() || null;
  const exponent = currency === null ? undefined : minorDigits(currency);
  let amount: string | null = null;
  const reportedBefore = errors.size;
  if (amountText === null) errors.add(entry.line, "the entry has no Amt", { field: "Ntry/Amt" });
  if (currency === null) errors.add(entry.currencyLine, "the entry's Amt has no Ccy attribute", { field: "Ntry/Amt/@Ccy" });
  else if (exponent === undefined) errors.add(entry.currencyLine, `"${currency}" is not an ISO 4217 currency code`, { field: "Ntry/Amt/@Ccy", value: currency });
  if (indicator !== "CRDT" && indicator !== "DBIT") {
    errors.add(lineOf("CdtDbtInd"), `CdtDbtInd must be CRDT or DBIT${indicator === null ? "" : `, not "${indicator}"`}`, { field: "Ntry/CdtDbtInd", value: indicator });
  }
  if (amountText !== null && exponent !== undefined && (indicator === "CRDT" || indicator === "DBIT")) {
    const minor = decimalToMinor(amountText, exponent);
    if (typeof minor === "string" || minor < 0n) {
      errors.add(lineOf("Amt"), typeof minor === "string" ? minor : "Amt must be unsigned; CdtDbtInd gives the direction", { field: "Ntry/Amt", value: amountText });
    } else {
      const signed = indicator === "DBIT" ? -minor : minor;
      amount = formatMinor(signed, exponent);
      const status = field("Sts") ?? field("Sts/Cd");
      if (status === null || status === "BOOK") statement.bookedSum.set(currency!, (statement.bookedSum.get(currency!) ?? 0n) + signed);
    }
  }
  if (amount === null && errors.size > reportedBefore) statement.incomplete = true;
  const bookingText = field("BookgDt/Dt") ?? field("BookgDt/DtTm");
  const valueText = field("ValDt/Dt") ?? field("ValDt/DtTm");
  const bookingDate = dateOf(bookingText, lineOf(field("BookgDt/Dt") ? "BookgDt/Dt" : "BookgDt/DtTm"), "Ntry/BookgDt", errors);
  const valueDate = dateOf(valueText, lineOf(field("ValDt/Dt") ? "ValDt/Dt" : "ValDt/DtTm"), "Ntry/ValDt", errors);
  if (bookingText === null && valueText === null) errors.add(entry.line, "the entry has neither BookgDt nor ValDt", { field: "Ntry/BookgDt" });

  const join = (pick: (transaction: TransactionDetails) => string[], separator: string) =>
    entry.transactions
      .map((transaction) => pick(transaction).join(separator))
      .filter((part) => part !== "")
      .join(" | ") || null;
  const ustrd = join((transaction) => transaction.ustrd, " ");
  const structured = join((transaction) => transaction.structuredRefs, " ");
  const additional = join((transaction) => transaction.additional, " ");
  const endToEnd = join((transaction) => transaction.endToEndId, " ");
  const names = join((transaction) => transaction.names, ", ");
  const bankTxCode =
    [field("BkTxCd/Domn/Cd"), field("BkTxCd/Domn/Fmly/Cd"), field("BkTxCd/Domn/Fmly/SubFmlyCd")].filter((part) => part !== null).join("/") ||
    field("BkTxCd/Prtry/Cd");
  const remittance = [ustrd, structured, additional, field("AddtlNtryInf")].filter((part) => part !== null).join(" | ") || null;

  table.add(entry.line, {
    "Stmt/Id": statement.id,
    "Stmt/Acct/Id": statement.account,
    "Stmt/Acct/Ccy": statement.accountCurrency,
    "Ntry/NtryRef": field("NtryRef"),
    "Ntry/Amt": amountText,
    "Ntry/Amt/@Ccy": entry.currency,
    "Ntry/CdtDbtInd": indicator,
    "Ntry/RvslInd": field("RvslInd"),
    "Ntry/Sts": field("Sts") ?? field("Sts/Cd"),
    "Ntry/BookgDt": bookingText,
    "Ntry/ValDt": valueText,
    "Ntry/AcctSvcrRef": field("AcctSvcrRef"),
    "Ntry/BkTxCd": bankTxCode,
    "Ntry/AddtlNtryInf": field("AddtlNtryInf"),
    "TxDtls/Refs/EndToEndId": endToEnd,
    "TxDtls/RltdPties/Nm": names,
    "TxDtls/RmtInf/Ustrd": ustrd,
    "TxDtls/RmtInf/Strd/Ref": structured,
    "TxDtls/AddtlTxInf": additional,
    "TxDtls/Count": String(entry.transactions.length),
    "@amount": amount,
    "@currency": exponent === undefined ? null : currency,
    "@date": bookingDate ?? valueDate,
    "@value_date": valueDate,
    "@reference": field("AcctSvcrRef") ?? field("NtryRef") ?? endToEnd,
    "@remittance": remittance,
    "@counterparty": names,
    "@bank_tx_code": bankTxCode,
    "@account": statement.account,
    "@record_type": indicator === "DBIT" ? "debit" : indicator === "CRDT" ? "credit" : null,
  });
}

/** Dt is yyyy-mm-dd; DtTm an ISO date-time whose written day is kept. */
function dateOf(text: string | null, line: number, field: string, errors: LocatedErrors): string | null {
  if (text === null) return null;
  const iso = isoDateOf(text, "ymd");
  if (iso === null) errors.add(line, `"${text}" is not an ISO date`, { field, value: text });
  return iso;
}

/** Opening booked balance + booked entries must give the closing booked balance, or entries are missing. */
function checkBalances(statement: StatementState, errors: LocatedErrors): void {
  const opening = statement.balances.find((balance) => balance.code === "OPBD");
  const closing = statement.balances.find((balance) => balance.code === "CLBD");
  if (statement.incomplete || !opening || !closing || !opening.currency || opening.currency !== closing.currency) return;
  const exponent = minorDigits(opening.currency.toUpperCase());
  if (exponent === undefined) return;
  const signed = (balance: { amount: string; sign: string }) => {
    const minor = decimalToMinor(balance.amount, exponent);
    if (typeof minor === "string") return null;
    return balance.sign === "DBIT" ? -minor : minor;
  };
  const start = signed(opening);
  const end = signed(closing);
  if (start === null || end === null) return;
  const expected = start + (statement.bookedSum.get(opening.currency.toUpperCase()) ?? 0n);
  if (expected !== end) {
    errors.add(closing.line, `the closing balance CLBD ${formatMinor(end, exponent)} is not the opening balance plus the booked entries (${formatMinor(expected, exponent)})`, {
      field: "Bal/CLBD",
      value: closing.amount,
    });
  }
}
