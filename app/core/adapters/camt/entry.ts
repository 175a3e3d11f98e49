import { isoDateOf } from "../support/dates";
import type { LocatedErrors } from "../support/located-errors";
import { decimalToMinor, formatMinor } from "../support/money";
import { readDirection, readMoney, type Money } from "./amounts";
import { readCharges } from "./charges";
import type { BlockState } from "./block";
import type { IntegrityChecks } from "./integrity";
import { type Leaves, type Leaf } from "./leaves";

/** One NtryDtls: a batch (Btch) and its transactions. */
export interface EntryDetails {
  leaves: Leaves;
  transactions: Leaves[];
}

/** One Ntry while it is read. Its leaves exclude NtryDtls, which `details` holds. */
export interface EntryState {
  index: number;
  leaves: Leaves;
  details: EntryDetails[];
}

/** A transaction's signed amount, in its own currency. */
export interface SignedMoney {
  signed: bigint;
  currency: string;
  exponent: number;
}

/** What the records of an entry are built from, once its amounts, dates and checks are read. */
export interface SettledEntry {
  entry: EntryState;
  amount: SignedMoney | null;
  direction: 1n | -1n | null;
  status: string | null;
  bookingDate: string | null;
  valueDate: string | null;
  /** Per transaction (flattened over NtryDtls), with its batch. */
  transactions: Array<{ leaves: Leaves; batch: Leaves; amount: SignedMoney | null; direction: 1n | -1n | null }>;
  /**
   * A batch whose breakdown does not give every transaction an amount: it is
   * one record, the entry as booked, not one per transaction.
   */
  keptWhole: boolean;
}

/**
 * Statuses whose entries are not on the account yet (pending, information
 * only, future-dated from version 08). Any other status, a bank's own
 * included, is taken as booked: leaving a booked entry out of the balance
 * check would refuse a statement that is right.
 */
const NOT_BOOKED = new Set(["PDNG", "INFO", "FUTR"]);

/**
 * Reads an entry's amount, direction, status and dates, adds it to its
 * block's sums, and checks its batch breakdown: the transactions of a batch
 * booking add up to the entry, each Btch to its TtlAmt and NbOfTxs.
 */
export function settleEntry(entry: EntryState, block: BlockState, errors: LocatedErrors, integrity: IntegrityChecks): SettledEntry {
  const leaves = entry.leaves;
  const reportedBefore = errors.size;
  const amountLeaf = leaves.first("Amt");
  if (!amountLeaf) errors.add(leaves.line, "the entry has no Amt", { column: leaves.column, field: "Ntry/Amt" });
  const money = amountLeaf ? readMoney(amountLeaf, "Ntry/Amt", errors) : null;
  const direction = readDirection(leaves.first("CdtDbtInd"), "Ntry/CdtDbtInd", leaves.line, errors);
  const status = leaves.text("Sts/Cd", "Sts", "Sts/Prtry")?.toUpperCase() ?? null;
  const booked = status === null || !NOT_BOOKED.has(status);
  const bookingDate = dateOf(leaves.first("BookgDt/Dt", "BookgDt/DtTm"), "Ntry/BookgDt", errors);
  const valueDate = dateOf(leaves.first("ValDt/Dt", "ValDt/DtTm"), "Ntry/ValDt", errors);
  if (booked && !leaves.first("BookgDt/Dt", "BookgDt/DtTm", "ValDt/Dt", "ValDt/DtTm")) {
    errors.add(leaves.line, "the booked entry has neither BookgDt nor ValDt", { column: leaves.column, field: "Ntry/BookgDt" });
  }
  const amount = money && direction !== null ? { signed: direction * money.minor, currency: money.currency, exponent: money.exponent } : null;
  const inAccount = amount && amountLeaf ? accountAmount(amount, amountLeaf, leaves, block, errors) : null;
  if (inAccount === null || errors.size > reportedBefore) block.incomplete = true;
  else countEntry(block, inAccount, booked);

  const transactions = entry.details.flatMap((details) =>
    details.transactions.map((transaction) => ({ leaves: transaction, batch: details.leaves, ...transactionAmount(transaction, direction, money?.currency ?? null, errors) })),
  );
  if (transactions.length === 1 && amount && transactions[0]!.amount?.currency !== amount.currency) {
    // A single transaction without its own amount in the entry's currency is the whole entry, as booked.
    transactions[0]!.amount = amount;
  }
  const keptWhole = transactions.length > 1 && keepsBatchWhole(leaves, transactions, integrity);
  if (amount && amountLeaf && transactions.length > 1 && !keptWhole) checkBatchSum(amount, amountLeaf, leaves, transactions, integrity);
  for (const details of entry.details) checkBatch(details, transactions, integrity);
  return { entry, amount, direction, status, bookingDate, valueDate, transactions, keptWhole };
}

/**
 * Banks book collective payments (a SEPA batch, a card settlement) as one
 * entry and may list its transactions by reference only. Itemizing such a
 * batch would give lines without amounts, and itemizing part of one lines
 * that no longer add up to the booking; so a batch is itemized only when
 * every transaction carries its own amount, and is otherwise the entry as
 * booked, warned at the entry. A transaction whose amount is written but
 * unreadable has been reported as an error already and counts as given.
 */
function keepsBatchWhole(entry: Leaves, transactions: SettledEntry["transactions"], integrity: IntegrityChecks): boolean {
  const amountless = transactions.filter((transaction) => !transaction.leaves.first("Amt", "AmtDtls/TxAmt/Amt")).length;
  if (amountless === 0) return false;
  const which = amountless === transactions.length ? "its transactions have no amounts" : `${amountless} of its ${transactions.length} transactions have no amount`;
  integrity.warn(entry.line, `the batch of ${transactions.length} transactions is kept as one record with the entry's amount, because ${which}`, {
    column: entry.column,
    field: "NtryDtls/TxDtls/Amt",
  });
  return true;
}

/**
 * The entry's amount in the account's currency. Ntry/Amt is in the account
 * currency by the standard; a bank that writes the original currency there
 * must give the booked counter-value in AmtDtls, else the entry cannot be
 * added to the balance and is an error.
 */
function accountAmount(amount: SignedMoney, amountLeaf: Leaf, leaves: Leaves, block: BlockState, errors: LocatedErrors): bigint | null {
  const account = block.accountCurrency;
  if (account === null || amount.currency === account) return amount.signed;
  const counterValue = leaves.matching(/^AmtDtls\/.*\/Amt$/).find((leaf) => leaf.currency?.toUpperCase() === account);
  const money = counterValue ? readMoney(counterValue, `Ntry/${counterValue.path}`, errors) : null;
  if (money) return amount.signed < 0n ? -money.minor : money.minor;
  if (!counterValue) {
    errors.add(amountLeaf.line, `the entry is in ${amount.currency} but the account is in ${account}, and AmtDtls gives no ${account} amount`, {
      column: amountLeaf.column,
      field: "Ntry/Amt/@Ccy",
      value: amount.currency,
    });
  }
  return null;
}

function countEntry(block: BlockState, signed: bigint, booked: boolean): void {
  const views = booked ? [block.all, block.bookedTotals] : [block.all];
  for (const totals of views) {
    if (signed < 0n) {
      totals.debits++;
      totals.debitSum -= signed;
    } else {
      totals.credits++;
      totals.creditSum += signed;
    }
  }
  if (booked) block.booked += signed;
}

/**
 * TxDtls/Amt (version 03 on), else AmtDtls/TxAmt/Amt; of the two, the one in
 * the entry's currency where one is (a foreign payment gives the original
 * currency in one and the booked amount in the other). Signed by
 * TxDtls/CdtDbtInd where the version has it, else as the entry.
 */
function transactionAmount(leaves: Leaves, entryDirection: 1n | -1n | null, entryCurrency: string | null, errors: LocatedErrors): { amount: SignedMoney | null; direction: 1n | -1n | null } {
  const directionLeaf = leaves.first("CdtDbtInd");
  const direction = directionLeaf ? readDirection(directionLeaf, "TxDtls/CdtDbtInd", leaves.line, errors) : entryDirection;
  const candidates = (["Amt", "AmtDtls/TxAmt/Amt"] as const).flatMap((path) => {
    const leaf = leaves.first(path);
    return leaf ? [{ path, leaf }] : [];
  });
  const chosen = candidates.find((candidate) => candidate.leaf.currency?.toUpperCase() === entryCurrency) ?? candidates[0];
  const money: Money | null = chosen ? readMoney(chosen.leaf, `TxDtls/${chosen.path}`, errors) : null;
  return { amount: money && direction !== null ? { signed: direction * money.minor, currency: money.currency, exponent: money.exponent } : null, direction };
}

/**
 * A batch's transactions add up to its entry. Some banks give each
 * transaction's gross amount and book the entry net of the charges (card
 * and acquirer settlements): the sum less the charges passes too.
 */
function checkBatchSum(entryAmount: SignedMoney, amountLeaf: Leaf, entry: Leaves, transactions: SettledEntry["transactions"], integrity: IntegrityChecks): void {
  const sum = signedSum(transactions, entryAmount.currency);
  if (sum === null || sum === entryAmount.signed) return;
  let charges = 0n;
  for (const leaves of [entry, ...transactions.map((transaction) => transaction.leaves)]) {
    const read = readCharges(leaves);
    if (read && !("unreadable" in read) && read.currency === entryAmount.currency) charges += read.minor;
  }
  if (charges > 0n && sum - charges === entryAmount.signed) return;
  integrity.break(amountLeaf.line, `the entry's ${transactions.length} transactions add up to ${formatMinor(sum, entryAmount.exponent)}, not the entry's ${formatMinor(entryAmount.signed, entryAmount.exponent)}`, {
    column: amountLeaf.column,
    field: "Ntry/Amt",
    value: amountLeaf.text,
  });
}

/** Btch/NbOfTxs and Btch/TtlAmt (+ CdtDbtInd) against the TxDtls the bank listed, when it listed any. */
function checkBatch(details: EntryDetails, transactions: SettledEntry["transactions"], integrity: IntegrityChecks): void {
  const own = transactions.filter((transaction) => transaction.batch === details.leaves);
  if (own.length === 0) return;
  const count = details.leaves.first("Btch/NbOfTxs");
  // One TxDtls under a batch of many is the batch's own summary (a collection booked whole), not a short breakdown.
  if (count && own.length > 1 && count.text !== String(own.length)) {
    integrity.break(count.line, `Btch/NbOfTxs is ${count.text} but the batch lists ${own.length} TxDtls`, { column: count.column, field: "Btch/NbOfTxs", value: count.text });
  }
  const total = details.leaves.first("Btch/TtlAmt");
  if (own.length < 2) return;
  const currency = total?.currency?.toUpperCase() ?? own[0]!.amount?.currency;
  if (!total || !currency) return;
  const sum = signedSum(own, currency);
  if (sum === null) return;
  const exponent = own[0]!.amount!.exponent;
  const sign = details.leaves.text("Btch/CdtDbtInd");
  const expected = sign === "DBIT" ? -sum : sign === "CRDT" ? sum : sum < 0n ? -sum : sum;
  const parsed = decimalToMinor(total.text, exponent);
  const written = typeof parsed === "string" ? null : parsed;
  if (written === expected) return;
  integrity.break(total.line, `Btch/TtlAmt is ${total.text} but the batch's transactions add up to ${formatMinor(sign === null && sum < 0n ? -sum : sum, exponent)}`, {
    column: total.column,
    field: "Btch/TtlAmt",
    value: total.text,
  });
}

/** The transactions' signed sum, or null when one has no amount or one in another currency (nothing to compare). */
function signedSum(transactions: SettledEntry["transactions"], currency: string): bigint | null {
  let sum = 0n;
  for (const transaction of transactions) {
    if (!transaction.amount || transaction.amount.currency !== currency) return null;
    sum += transaction.amount.signed;
  }
  return sum;
}

/** Dt is yyyy-mm-dd (with an optional zone); DtTm an ISO date-time whose written day is kept. */
function dateOf(leaf: Leaf | undefined, field: string, errors: LocatedErrors): string | null {
  if (!leaf) return null;
  // xs:date may carry a zone ("2026-04-06+02:00", "2026-04-06Z"); the day is as written.
  const iso = isoDateOf(leaf.text.replace(/^(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})$/, "$1"), "ymd");
  if (iso === null) errors.add(leaf.line, `"${leaf.text}" is not an ISO date`, { column: leaf.column, field, value: leaf.text });
  return iso;
}
