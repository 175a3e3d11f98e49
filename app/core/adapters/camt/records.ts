import { formatMinor } from "../support/money";
import type { BlockState } from "./block";
import { readCharges } from "./charges";
import type { HelperColumn } from "./columns";
import type { SettledEntry } from "./entry";
import type { CamtRecordSink } from "./table";
import { statementBalances } from "./identity";
import type { IntegrityChecks } from "./integrity";
import type { Leaves } from "./leaves";
import type { CamtMessage } from "./messages";

export type RecordValues = Record<string, string | null>;


/**
 * The records of one entry. A batch booking (several TxDtls) gives one
 * record per transaction at its TxDtls line, so a payout's breakdown can be
 * matched item by item; an entry with one TxDtls or none is one record at
 * its Ntry line. Entry and batch values repeat on each record. A batch
 * kept whole (not every transaction has an amount) is one record at its
 * Ntry line, with the entry's amount and its transactions' texts joined.
 */
export function writeEntryRecords(table: CamtRecordSink, message: CamtMessage, block: BlockState, settled: SettledEntry, version: string | null, integrity: IntegrityChecks): void {
  const entry = settled.entry.leaves;
  // A block's own fields and balances come before its entries in every version's schema: read them once.
  block.recordValues ??= blockValues(message, block, version);
  const shared = entryValues(settled);
  if (settled.transactions.length === 0) {
    table.add(entry.line, block.recordValues, shared, transactionValues(settled, null, 0, integrity));
    return;
  }
  if (settled.keptWhole) {
    table.add(entry.line, block.recordValues, shared, wholeBatchValues(settled, integrity));
    return;
  }
  const batch = settled.transactions.length > 1;
  settled.transactions.forEach((transaction, index) => {
    table.add(batch ? transaction.leaves.line : entry.line, block.recordValues!, shared, transactionValues(settled, transaction, index, integrity));
  });
}

function blockValues(message: CamtMessage, block: BlockState, version: string | null): RecordValues {
  const leaves = block.leaves;
  const account = leaves.text("Acct/Id/IBAN", "Acct/Id/Othr/Id");
  const { opening, closing } = statementBalances(message, block.balances);
  return {
    [`${message.block}/Id`]: leaves.text("Id"),
    [`${message.block}/ElctrncSeqNb`]: leaves.text("ElctrncSeqNb"),
    [`${message.block}/Acct/Id`]: account,
    [`${message.block}/Acct/Ccy`]: leaves.text("Acct/Ccy"),
    "@account": account,
    "@statement_id": leaves.text("Id", "ElctrncSeqNb", "LglSeqNb"),
    "@opening_balance": balanceText(opening),
    "@closing_balance": balanceText(closing),
    "@message_version": version,
  };
}

function balanceText(chosen: ReturnType<typeof statementBalances>["opening"]): string | null {
  return chosen && chosen.signed !== null ? formatMinor(chosen.signed, chosen.exponent) : null;
}

function entryValues(settled: SettledEntry): RecordValues {
  const leaves = settled.entry.leaves;
  return {
    "Ntry/NtryRef": leaves.text("NtryRef"),
    "Ntry/Amt": leaves.text("Amt"),
    "Ntry/Amt/@Ccy": leaves.first("Amt")?.currency ?? null,
    "Ntry/CdtDbtInd": leaves.text("CdtDbtInd"),
    "Ntry/RvslInd": leaves.text("RvslInd"),
    "Ntry/Sts": settled.status,
    "Ntry/BookgDt": leaves.text("BookgDt/Dt", "BookgDt/DtTm"),
    "Ntry/ValDt": leaves.text("ValDt/Dt", "ValDt/DtTm"),
    "Ntry/AcctSvcrRef": leaves.text("AcctSvcrRef"),
    "Ntry/BkTxCd": bankTransactionCode(leaves),
    "Ntry/BkTxCd/Prtry/Cd": leaves.text("BkTxCd/Prtry/Cd"),
    "Ntry/AddtlNtryInf": leaves.text("AddtlNtryInf"),
    "@date": settled.bookingDate ?? settled.valueDate,
    "@value_date": settled.valueDate,
    "@status": settled.status,
    "@entry_ref": leaves.text("NtryRef") ?? `#${settled.entry.index}`,
    "@entry_amount": settled.amount ? formatMinor(settled.amount.signed, settled.amount.exponent) : null,
  };
}

function transactionValues(settled: SettledEntry, transaction: SettledEntry["transactions"][number] | null, index: number, integrity: IntegrityChecks): RecordValues {
  const entry = settled.entry.leaves;
  const tx = transaction?.leaves ?? null;
  const batch = transaction?.batch ?? null;
  const amount = transaction ? transaction.amount : settled.amount;
  const direction = transaction ? transaction.direction : settled.direction;
  const endToEnd = textOf(tx, "Refs/EndToEndId");
  const endToEndId = endToEnd === "NOTPROVIDED" ? null : endToEnd;
  const debtor = textOf(tx, "RltdPties/Dbtr/Pty/Nm", "RltdPties/Dbtr/Nm");
  const creditor = textOf(tx, "RltdPties/Cdtr/Pty/Nm", "RltdPties/Cdtr/Nm");
  const debtorAccount = textOf(tx, "RltdPties/DbtrAcct/Id/IBAN", "RltdPties/DbtrAcct/Id/Othr/Id");
  const creditorAccount = textOf(tx, "RltdPties/CdtrAcct/Id/IBAN", "RltdPties/CdtrAcct/Id/Othr/Id");
  // The counterparty is the side opposite the account holder: who paid a credit, who was paid by a debit.
  // A return or reversal keeps the original transaction's parties while its direction flips, so the side flips too.
  const returned = tx?.first("RtrInf/Rsn/Cd", "RtrInf/Rsn/Prtry", "RtrInf/AddtlInf") !== undefined || entry.text("RvslInd") === "true";
  const counterpartyIsDebtor = returned ? direction === -1n : direction !== -1n;
  const counterparty = !counterpartyIsDebtor ? (creditor ?? textOf(tx, "RltdPties/UltmtCdtr/Pty/Nm", "RltdPties/UltmtCdtr/Nm")) : (debtor ?? textOf(tx, "RltdPties/UltmtDbtr/Pty/Nm", "RltdPties/UltmtDbtr/Nm"));
  const { ustrd, structured, structuredText, additional } = remittanceOf(tx);
  const charges = chargesOf(tx?.hasUnder("Chrgs/") ? tx : settled.transactions.length <= 1 ? entry : null, integrity);
  const txCode = tx ? bankTransactionCode(tx) : null;
  const names = [debtor, creditor].filter((name) => name !== null).join(", ") || null;
  const isBatch = settled.transactions.length > 1 || batch?.first("Btch/NbOfTxs", "Btch/MsgId", "Btch/PmtInfId") !== undefined;
  return {
    "Btch/MsgId": batch?.text("Btch/MsgId") ?? null,
    "Btch/PmtInfId": batch?.text("Btch/PmtInfId") ?? null,
    "Btch/NbOfTxs": batch?.text("Btch/NbOfTxs") ?? null,
    "Btch/TtlAmt": batch?.text("Btch/TtlAmt") ?? null,
    "TxDtls/Amt": textOf(tx, "Amt"),
    "TxDtls/Amt/@Ccy": tx?.first("Amt")?.currency ?? null,
    "TxDtls/CdtDbtInd": textOf(tx, "CdtDbtInd"),
    "TxDtls/Refs/EndToEndId": endToEndId,
    "TxDtls/Refs/AcctSvcrRef": textOf(tx, "Refs/AcctSvcrRef"),
    "TxDtls/Refs/InstrId": textOf(tx, "Refs/InstrId"),
    "TxDtls/Refs/TxId": textOf(tx, "Refs/TxId"),
    "TxDtls/Refs/PmtInfId": textOf(tx, "Refs/PmtInfId"),
    "TxDtls/Refs/MsgId": textOf(tx, "Refs/MsgId"),
    "TxDtls/Refs/MndtId": textOf(tx, "Refs/MndtId"),
    "TxDtls/BkTxCd": txCode,
    "TxDtls/BkTxCd/Prtry/Cd": textOf(tx, "BkTxCd/Prtry/Cd"),
    "TxDtls/RltdPties/Nm": names,
    "TxDtls/RltdPties/Dbtr/Nm": debtor,
    "TxDtls/RltdPties/DbtrAcct": debtorAccount,
    "TxDtls/RltdPties/Cdtr/Nm": creditor,
    "TxDtls/RltdPties/CdtrAcct": creditorAccount,
    "TxDtls/RmtInf/Ustrd": ustrd,
    "TxDtls/RmtInf/Strd/Ref": structured,
    "TxDtls/RtrInf/Rsn/Cd": textOf(tx, "RtrInf/Rsn/Cd", "RtrInf/Rsn/Prtry"),
    "TxDtls/AddtlTxInf": additional,
    "TxDtls/Count": String(settled.transactions.length),
    "@amount": amount ? formatMinor(amount.signed, amount.exponent) : null,
    "@currency": amount?.currency ?? settled.amount?.currency ?? null,
    "@reference": entry.text("AcctSvcrRef") ?? textOf(tx, "Refs/AcctSvcrRef") ?? entry.text("NtryRef") ?? endToEndId,
    "@end_to_end_id": endToEndId,
    "@remittance": [ustrd, structured, structuredText, additional, entry.text("AddtlNtryInf")].filter((part) => part !== null).join(" | ") || null,
    "@creditor_reference": structured,
    "@counterparty": counterparty,
    "@counterparty_account": counterpartyIsDebtor ? debtorAccount : creditorAccount,
    "@bank_tx_code": txCode ?? bankTransactionCode(entry),
    "@charges": charges?.amount ?? null,
    "@charges_currency": charges?.currency ?? null,
    "@return_reason": textOf(tx, "RtrInf/Rsn/Cd", "RtrInf/Rsn/Prtry"),
    "@tx_index": transaction ? String(index + 1) : null,
    "@batch_id": isBatch ? (batch?.text("Btch/PmtInfId", "Btch/MsgId") ?? textOf(tx, "Refs/PmtInfId", "Refs/MsgId")) : null,
    "@record_type": direction === -1n ? "debit" : direction === 1n ? "credit" : null,
  } satisfies Partial<Record<HelperColumn, string | null>> & RecordValues;
}

function remittanceOf(tx: Leaves | null): { ustrd: string | null; structured: string | null; structuredText: string | null; additional: string | null } {
  return {
    ustrd: joinedTexts(tx, "RmtInf/Ustrd"),
    structured: [...(tx?.all("RmtInf/Strd/CdtrRefInf/Ref") ?? []), ...(tx?.all("RmtInf/Strd/RfrdDocInf/Nb") ?? [])].map((leaf) => leaf.text).join(" ") || null,
    // Banks that send a structured reference often put the payment purpose beside it, in Strd/AddtlRmtInf.
    structuredText: joinedTexts(tx, "RmtInf/Strd/AddtlRmtInf"),
    additional: joinedTexts(tx, "AddtlTxInf"),
  };
}

/** A transaction's first text at the paths (module functions rather than closures per record: see pathBelow in read.ts). */
function textOf(tx: Leaves | null, ...paths: string[]): string | null {
  return tx?.text(...paths) ?? null;
}

function joinedTexts(tx: Leaves | null, path: string): string | null {
  return tx?.all(path).map((leaf) => leaf.text).join(" ") || null;
}

/** Texts joined as `@remittance` joins its parts; each distinct text once, in file order. */
function joinParts(parts: ReadonlyArray<string | null>): string | null {
  return [...new Set(parts.filter((part): part is string => part !== null && part !== ""))].join(" | ") || null;
}

/** The columns whose values are the entry's own, not a join of its transactions', in a batch kept whole. */
const ENTRY_OWN_COLUMNS = ["@amount", "@currency", "@record_type", "@tx_index", "@charges", "@charges_currency", "TxDtls/Amt", "TxDtls/Amt/@Ccy", "TxDtls/CdtDbtInd"] as const;

/**
 * One record for a batch kept whole: the entry's amount, direction and
 * charges, the batch's count, and each other column's values over the
 * transactions joined, so that every reference and remittance text stays
 * searchable and matchable. The transactions' own amounts, where some have
 * one, are not given: the record's amount is the booking.
 */
function wholeBatchValues(settled: SettledEntry, integrity: IntegrityChecks): RecordValues {
  const entry = settled.entry.leaves;
  const items = settled.transactions.map((transaction, index) => transactionValues(settled, transaction, index, integrity));
  const values: RecordValues = {};
  for (const column of Object.keys(items[0] ?? {})) values[column] = joinParts(items.map((item) => item[column] ?? null));
  for (const column of ENTRY_OWN_COLUMNS) values[column] = null;
  const amount = settled.amount;
  const charges = chargesOf(entry, integrity);
  const texts = settled.transactions.flatMap((transaction) => Object.values(remittanceOf(transaction.leaves)));
  return {
    ...values,
    "TxDtls/Count": String(settled.transactions.length),
    "@amount": amount ? formatMinor(amount.signed, amount.exponent) : null,
    "@currency": amount?.currency ?? null,
    "@record_type": settled.direction === -1n ? "debit" : settled.direction === 1n ? "credit" : null,
    "@reference": entry.text("AcctSvcrRef") ?? values["TxDtls/Refs/AcctSvcrRef"] ?? entry.text("NtryRef") ?? values["@end_to_end_id"] ?? null,
    "@remittance": joinParts([...texts, entry.text("AddtlNtryInf")]),
    "@bank_tx_code": bankTransactionCode(entry) ?? values["@bank_tx_code"] ?? null,
    "@charges": charges?.amount ?? null,
    "@charges_currency": charges?.currency ?? null,
  } satisfies Partial<Record<HelperColumn, string | null>> & RecordValues;
}

/** Domn/Fmly/SubFmly ("PMNT/RCDT/ESCT"), else the proprietary code (Prtry/Cd). */
function bankTransactionCode(leaves: Leaves): string | null {
  const domain = [leaves.text("BkTxCd/Domn/Cd"), leaves.text("BkTxCd/Domn/Fmly/Cd"), leaves.text("BkTxCd/Domn/Fmly/SubFmlyCd")].filter((part) => part !== null).join("/");
  return domain || leaves.text("BkTxCd/Prtry/Cd");
}

/** Charges in two currencies cannot be one figure: a warning, and none is given. */
function chargesOf(leaves: Leaves | null, integrity: IntegrityChecks): { amount: string; currency: string } | null {
  const charges = leaves ? readCharges(leaves) : null;
  if (charges === null) return null;
  if ("unreadable" in charges) {
    const leaf = charges.unreadable;
    integrity.warn(leaf.line, "the charges are not one amount in one ISO currency; @charges is left empty", { column: leaf.column, field: "Chrgs", value: leaf.text });
    return null;
  }
  return { amount: formatMinor(charges.minor, charges.exponent), currency: charges.currency };
}
