import { type Random } from "./random";

/**
 * Random camt.052/.053/.054 messages for the property test: a model of the
 * statement (what a bank means), a writer that puts it into XML in one of
 * the dialects banks send (version 02 to 13, default namespace, a prefix or
 * none, the AppHdr/BizMsgEnvlp envelope, Sts as text or Sts/Cd, balance
 * types as Cd or Prtry, Dt or DtTm, TxDtls/Amt or AmtDtls/TxAmt, TxsSummry
 * over all or booked entries, CRLF), and the records the adapter must give.
 */

export type MessageNumber = "052" | "053" | "054";

export interface CurrencyModel {
  code: string;
  exponent: number;
}

export interface TransactionModel {
  /** Unsigned minor units, or null when the bank does not give the transaction's own amount. */
  minor: bigint | null;
  credit: boolean;
  endToEndId: string | null;
  debtor: string | null;
  creditor: string | null;
  ustrd: string[];
  creditorReference: string | null;
}

export interface EntryModel {
  ref: string | null;
  minor: bigint;
  credit: boolean;
  status: "BOOK" | "PDNG" | "INFO";
  bookingDate: string | null;
  valueDate: string;
  accountServicerRef: string;
  batch: { pmtInfId: string } | null;
  transactions: TransactionModel[];
  additionalInfo: string | null;
}

export interface BalanceModel {
  code: string;
  /** Signed minor units. */
  signed: bigint;
}

export interface BlockModel {
  id: string;
  sequence: string | null;
  iban: string | null;
  otherId: string;
  currency: CurrencyModel;
  opening: BalanceModel | null;
  closing: BalanceModel | null;
  entries: EntryModel[];
}

export interface Dialect {
  version: number;
  namespace: "default" | "prefixed" | "none";
  envelope: boolean;
  newline: "\n" | "\r\n";
  balanceCodeAsPrtry: boolean;
  dateTimes: boolean;
  /** Amounts written with one more zero than the currency has ("12.300"). */
  paddedAmounts: boolean;
  summary: "none" | "all" | "booked";
}

export interface MessageModel {
  number: MessageNumber;
  dialect: Dialect;
  blocks: BlockModel[];
}

const ROOTS: Record<MessageNumber, { root: string; block: string }> = {
  "052": { root: "BkToCstmrAcctRpt", block: "Rpt" },
  "053": { root: "BkToCstmrStmt", block: "Stmt" },
  "054": { root: "BkToCstmrDbtCdtNtfctn", block: "Ntfctn" },
};

const CURRENCIES: readonly CurrencyModel[] = [
  { code: "EUR", exponent: 2 },
  { code: "CHF", exponent: 2 },
  { code: "JPY", exponent: 0 },
  { code: "KWD", exponent: 3 },
];
const NAMES = ["Fjell & Fjord AS", "Müller <Söhne> KG", "Zoë Lefèvre", "ACME \"Retail\" Ltd", "Nordlicht Versand GmbH", "O'Brien Ltd"];
const WORDS = ["INV", "2026-118", "payout", "po_1RkZ9yX8", "Rechnung", "März", "ref:7/12", "&", "<b>", "order"];

export function randomMessage(random: Random): MessageModel {
  const number = random.pick<MessageNumber>(["052", "053", "054"]);
  const dialect: Dialect = {
    version: random.int(2, 13),
    namespace: random.pick(["default", "prefixed", "none"] as const),
    envelope: random.chance(0.25),
    newline: random.pick(["\n", "\r\n"] as const),
    balanceCodeAsPrtry: random.chance(0.2),
    dateTimes: random.chance(0.3),
    paddedAmounts: random.chance(0.2),
    summary: random.pick(["none", "all", "booked"] as const),
  };
  const blocks = Array.from({ length: random.int(1, 3) }, (_, index) => randomBlock(random, number, dialect.version, index));
  return { number, dialect, blocks };
}

function randomBlock(random: Random, number: MessageNumber, version: number, index: number): BlockModel {
  const currency = random.pick(CURRENCIES);
  const entries = Array.from({ length: random.int(0, 6) }, (_, entryIndex) => randomEntry(random, number, version, entryIndex));
  const withBalances = number === "054" ? random.chance(0.2) : random.chance(0.9);
  const openingSigned = BigInt(random.int(-50_000, 500_000));
  const booked = entries.filter((entry) => entry.status === "BOOK").reduce((sum, entry) => sum + (entry.credit ? entry.minor : -entry.minor), 0n);
  const openingCode = number === "052" ? random.pick(["OPBD", "PRCD", "ITBD"]) : random.pick(["OPBD", "PRCD"]);
  const closingCode = number === "052" && openingCode === "ITBD" ? "ITBD" : "CLBD";
  return {
    id: `STMT-${index + 1}-${random.int(1000, 9999)}`,
    sequence: random.chance(0.5) ? String(random.int(1, 400)) : null,
    iban: random.chance(0.7) ? `DE${random.int(10, 99)}500105175407324931` : null,
    otherId: String(random.int(100000, 999999)),
    currency,
    opening: withBalances ? { code: openingCode, signed: openingSigned } : null,
    closing: withBalances ? { code: closingCode, signed: openingSigned + booked } : null,
    entries,
  };
}

function randomEntry(random: Random, number: MessageNumber, version: number, index: number): EntryModel {
  const credit = random.chance(0.5);
  const status = number === "053" ? (random.chance(0.9) ? "BOOK" : "PDNG") : random.pick(["BOOK", "BOOK", "PDNG", "INFO"] as const);
  const count = random.pick([0, 1, 1, 2, 3, 5]);
  const transactions: TransactionModel[] = [];
  const withAmounts = count === 1 ? random.chance(0.5) : random.chance(0.85);
  for (let i = 0; i < count; i++) {
    // In a batch one transaction may run the other way (a return inside a collection); it needs
    // its own amount and direction, which TxDtls has from version 03.
    const opposite = withAmounts && version >= 3 && count > 1 && i === count - 1 && random.chance(0.3);
    transactions.push({
      minor: withAmounts ? BigInt(random.int(1, opposite ? 99 : 100_000)) : null,
      credit: opposite ? !credit : credit,
      endToEndId: random.chance(0.7) ? `E2E-${index}-${i}-${random.int(1, 99999)}` : null,
      debtor: random.chance(0.8) ? random.pick(NAMES) : null,
      creditor: random.chance(0.8) ? random.pick(NAMES) : null,
      ustrd: Array.from({ length: random.int(0, 2) }, () => `${random.pick(WORDS)} ${random.pick(WORDS)}`),
      creditorReference: random.chance(0.3) ? `RF${random.int(10, 99)}${random.int(100000, 999999)}` : null,
    });
  }
  let minor = BigInt(random.int(1, 1_000_000));
  if (withAmounts && count > 1) {
    const signed = transactions.reduce((sum, transaction) => sum + (transaction.credit === credit ? transaction.minor! : -transaction.minor!), 0n);
    if (signed <= 0n) transactions[0]!.minor! += 1n - signed + 100n;
    minor = transactions.reduce((sum, transaction) => sum + (transaction.credit === credit ? transaction.minor! : -transaction.minor!), 0n);
  } else if (withAmounts && count === 1) {
    minor = transactions[0]!.minor!;
  }
  const day = `2026-${String(random.int(1, 12)).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}`;
  return {
    ref: random.chance(0.5) ? `N${index + 1}` : null,
    minor,
    credit,
    status,
    bookingDate: status === "BOOK" || random.chance(0.5) ? day : null,
    valueDate: day,
    accountServicerRef: `ASR${random.int(100000, 999999)}`,
    batch: count > 1 && random.chance(0.7) ? { pmtInfId: `PMT-${random.int(1, 9999)}` } : null,
    transactions,
    additionalInfo: random.chance(0.3) ? random.pick(WORDS) : null,
  };
}

/** The model as XML in its dialect. */
export function writeMessage(message: MessageModel): string {
  const { dialect } = message;
  const { root, block } = ROOTS[message.number];
  const version = String(dialect.version).padStart(2, "0");
  const namespace = `urn:iso:std:iso:20022:tech:xsd:camt.${message.number}.001.${version}`;
  const p = dialect.namespace === "prefixed" ? "ns2:" : "";
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const out = (depth: number, text: string) => lines.push(`${"  ".repeat(depth)}${text}`);
  const leaf = (depth: number, name: string, value: string) => out(depth, `<${p}${name}>${escape(value)}</${p}${name}>`);
  const amount = (depth: number, name: string, minor: bigint, currency: CurrencyModel) =>
    out(depth, `<${p}${name} Ccy="${currency.code}">${decimal(minor, currency.exponent, dialect.paddedAmounts)}</${p}${name}>`);
  const nsAttribute = dialect.namespace === "default" ? ` xmlns="${namespace}"` : dialect.namespace === "prefixed" ? ` xmlns:ns2="${namespace}"` : "";
  let depth = 0;
  if (dialect.envelope) {
    out(0, '<BizMsgEnvlp xmlns="urn:swift:xsd:envelope">');
    out(1, '<AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02">');
    out(2, `<MsgDefIdr>camt.${message.number}.001.${version}</MsgDefIdr>`);
    out(1, "</AppHdr>");
    depth = 1;
  }
  out(depth, `<${p}Document${nsAttribute}>`);
  out(depth + 1, `<${p}${root}>`);
  out(depth + 2, `<${p}GrpHdr><${p}MsgId>MSG-1</${p}MsgId><${p}CreDtTm>2026-12-01T06:00:00</${p}CreDtTm></${p}GrpHdr>`);
  for (const model of message.blocks) {
    const d = depth + 2;
    out(d, `<${p}${block}>`);
    leaf(d + 1, "Id", model.id);
    if (model.sequence !== null) leaf(d + 1, "ElctrncSeqNb", model.sequence);
    out(d + 1, `<${p}Acct>`);
    if (model.iban !== null) out(d + 2, `<${p}Id><${p}IBAN>${model.iban}</${p}IBAN></${p}Id>`);
    else out(d + 2, `<${p}Id><${p}Othr><${p}Id>${model.otherId}</${p}Id></${p}Othr></${p}Id>`);
    leaf(d + 2, "Ccy", model.currency.code);
    out(d + 1, `</${p}Acct>`);
    for (const balance of [model.opening, model.closing]) {
      if (!balance) continue;
      out(d + 1, `<${p}Bal>`);
      const kind = dialect.balanceCodeAsPrtry ? "Prtry" : "Cd";
      out(d + 2, `<${p}Tp><${p}CdOrPrtry><${p}${kind}>${balance.code}</${p}${kind}></${p}CdOrPrtry></${p}Tp>`);
      amount(d + 2, "Amt", balance.signed < 0n ? -balance.signed : balance.signed, model.currency);
      leaf(d + 2, "CdtDbtInd", balance.signed < 0n ? "DBIT" : "CRDT");
      out(d + 2, `<${p}Dt><${p}Dt>2026-12-01</${p}Dt></${p}Dt>`);
      out(d + 1, `</${p}Bal>`);
    }
    if (dialect.summary !== "none") writeSummary(model, dialect.summary === "booked", (text) => out(d + 1, text), p);
    for (const entry of model.entries) writeEntry(entry, model.currency, dialect, d + 1, out, leaf, amount, p);
    out(d, `</${p}${block}>`);
  }
  out(depth + 1, `</${p}${root}>`);
  out(depth, `</${p}Document>`);
  if (dialect.envelope) out(0, "</BizMsgEnvlp>");
  return lines.join(dialect.newline) + dialect.newline;
}

function writeSummary(model: BlockModel, bookedOnly: boolean, out: (text: string) => void, p: string): void {
  const counted = model.entries.filter((entry) => !bookedOnly || entry.status === "BOOK");
  const credits = counted.filter((entry) => entry.credit);
  const debits = counted.filter((entry) => !entry.credit);
  const sum = (entries: EntryModel[]) => decimal(entries.reduce((total, entry) => total + entry.minor, 0n), model.currency.exponent, false);
  out(`<${p}TxsSummry>`);
  out(`  <${p}TtlNtries><${p}NbOfNtries>${counted.length}</${p}NbOfNtries><${p}Sum>${sum(counted)}</${p}Sum></${p}TtlNtries>`);
  out(`  <${p}TtlCdtNtries><${p}NbOfNtries>${credits.length}</${p}NbOfNtries><${p}Sum>${sum(credits)}</${p}Sum></${p}TtlCdtNtries>`);
  out(`  <${p}TtlDbtNtries><${p}NbOfNtries>${debits.length}</${p}NbOfNtries><${p}Sum>${sum(debits)}</${p}Sum></${p}TtlDbtNtries>`);
  out(`</${p}TxsSummry>`);
}

function writeEntry(
  entry: EntryModel,
  currency: CurrencyModel,
  dialect: Dialect,
  d: number,
  out: (depth: number, text: string) => void,
  leaf: (depth: number, name: string, value: string) => void,
  amount: (depth: number, name: string, minor: bigint, currency: CurrencyModel) => void,
  p: string,
): void {
  const date = (name: string, day: string) => out(d + 1, dialect.dateTimes ? `<${p}${name}><${p}DtTm>${day}T10:15:00+01:00</${p}DtTm></${p}${name}>` : `<${p}${name}><${p}Dt>${day}</${p}Dt></${p}${name}>`);
  out(d, `<${p}Ntry>`);
  if (entry.ref !== null) leaf(d + 1, "NtryRef", entry.ref);
  amount(d + 1, "Amt", entry.minor, currency);
  leaf(d + 1, "CdtDbtInd", entry.credit ? "CRDT" : "DBIT");
  if (dialect.version >= 8) out(d + 1, `<${p}Sts><${p}Cd>${entry.status}</${p}Cd></${p}Sts>`);
  else leaf(d + 1, "Sts", entry.status);
  if (entry.bookingDate !== null) date("BookgDt", entry.bookingDate);
  date("ValDt", entry.valueDate);
  leaf(d + 1, "AcctSvcrRef", entry.accountServicerRef);
  if (entry.transactions.length > 0) {
    out(d + 1, `<${p}NtryDtls>`);
    if (entry.batch) {
      out(d + 2, `<${p}Btch>`);
      leaf(d + 3, "PmtInfId", entry.batch.pmtInfId);
      leaf(d + 3, "NbOfTxs", String(entry.transactions.length));
      out(d + 2, `</${p}Btch>`);
    }
    for (const transaction of entry.transactions) {
      out(d + 2, `<${p}TxDtls>`);
      if (transaction.endToEndId !== null) out(d + 3, `<${p}Refs><${p}EndToEndId>${transaction.endToEndId}</${p}EndToEndId></${p}Refs>`);
      if (transaction.minor !== null && dialect.version >= 3) {
        amount(d + 3, "Amt", transaction.minor, currency);
        leaf(d + 3, "CdtDbtInd", transaction.credit ? "CRDT" : "DBIT");
      } else if (transaction.minor !== null) {
        // Version 02 has no TxDtls/Amt: the amount is in AmtDtls and the direction is the entry's.
        out(d + 3, `<${p}AmtDtls><${p}TxAmt>`);
        amount(d + 4, "Amt", transaction.minor, currency);
        out(d + 3, `</${p}TxAmt></${p}AmtDtls>`);
      }
      const party = (role: string, name: string) => (dialect.version >= 8 ? `<${p}${role}><${p}Pty><${p}Nm>${escape(name)}</${p}Nm></${p}Pty></${p}${role}>` : `<${p}${role}><${p}Nm>${escape(name)}</${p}Nm></${p}${role}>`);
      if (transaction.debtor !== null || transaction.creditor !== null) {
        out(d + 3, `<${p}RltdPties>`);
        if (transaction.debtor !== null) out(d + 4, party("Dbtr", transaction.debtor));
        if (transaction.creditor !== null) out(d + 4, party("Cdtr", transaction.creditor));
        out(d + 3, `</${p}RltdPties>`);
      }
      if (transaction.ustrd.length > 0 || transaction.creditorReference !== null) {
        out(d + 3, `<${p}RmtInf>`);
        for (const line of transaction.ustrd) leaf(d + 4, "Ustrd", line);
        if (transaction.creditorReference !== null) out(d + 4, `<${p}Strd><${p}CdtrRefInf><${p}Ref>${transaction.creditorReference}</${p}Ref></${p}CdtrRefInf></${p}Strd>`);
        out(d + 3, `</${p}RmtInf>`);
      }
      out(d + 2, `</${p}TxDtls>`);
    }
    out(d + 1, `</${p}NtryDtls>`);
  }
  if (entry.additionalInfo !== null) leaf(d + 1, "AddtlNtryInf", entry.additionalInfo);
  out(d, `</${p}Ntry>`);
}

/** The records the adapter must give for the model, as helper values. */
export function expectedRecords(message: MessageModel): Array<Record<string, string | null>> {
  const records: Array<Record<string, string | null>> = [];
  for (const block of message.blocks) {
    const exponent = block.currency.exponent;
    const balance = (model: BalanceModel | null) => (model ? decimal(model.signed, exponent, false) : null);
    block.entries.forEach((entry, entryIndex) => {
      const entrySigned = entry.credit ? entry.minor : -entry.minor;
      const shared = {
        "@currency": block.currency.code,
        "@date": entry.bookingDate ?? entry.valueDate,
        "@status": entry.status,
        "@statement_id": block.id,
        "@account": block.iban ?? block.otherId,
        "@opening_balance": balance(block.opening),
        "@closing_balance": balance(block.closing),
        "@entry_ref": entry.ref ?? `#${entryIndex + 1}`,
        "@entry_amount": decimal(entrySigned, exponent, false),
        "@batch_id": entry.transactions.length > 1 || entry.batch ? (entry.batch?.pmtInfId ?? null) : null,
      };
      if (entry.transactions.length === 0) {
        records.push({ ...shared, "@amount": decimal(entrySigned, exponent, false), "@tx_index": null, "@end_to_end_id": null, "@counterparty": null, "@remittance": entry.additionalInfo, "@record_type": entry.credit ? "credit" : "debit" });
        return;
      }
      if (entry.transactions.length > 1 && entry.transactions.some((transaction) => transaction.minor === null)) {
        // A batch whose transactions do not all carry an amount is the entry as booked, its texts joined.
        const joined = (parts: Array<string | null>) => [...new Set(parts.filter((part): part is string => part !== null && part !== ""))].join(" | ") || null;
        records.push({
          ...shared,
          "@amount": decimal(entrySigned, exponent, false),
          "@tx_index": null,
          "@end_to_end_id": joined(entry.transactions.map((transaction) => transaction.endToEndId)),
          "@counterparty": joined(entry.transactions.map((transaction) => (transaction.credit ? transaction.debtor : transaction.creditor))),
          "@remittance": joined([...entry.transactions.flatMap((transaction) => [transaction.ustrd.join(" ") || null, transaction.creditorReference]), entry.additionalInfo]),
          "@record_type": entry.credit ? "credit" : "debit",
        });
        return;
      }
      entry.transactions.forEach((transaction, index) => {
        const direction = transaction.credit;
        const own = transaction.minor === null ? null : direction ? transaction.minor : -transaction.minor;
        const signed = own ?? (entry.transactions.length === 1 ? entrySigned : null);
        const remittance = [transaction.ustrd.join(" ") || null, transaction.creditorReference, entry.additionalInfo].filter((part) => part !== null).join(" | ") || null;
        records.push({
          ...shared,
          "@amount": signed === null ? null : decimal(signed, exponent, false),
          "@tx_index": String(index + 1),
          "@end_to_end_id": transaction.endToEndId,
          "@counterparty": direction ? transaction.debtor : transaction.creditor,
          "@remittance": remittance,
          "@record_type": direction ? "credit" : "debit",
        });
      });
    });
  }
  return records;
}

export function decimal(minor: bigint, exponent: number, padded: boolean): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, "0");
  const text = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return `${negative ? "-" : ""}${text}${padded ? (exponent === 0 ? ".0" : "0") : ""}`;
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
