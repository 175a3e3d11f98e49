import type { LocatedErrors } from "../support/located-errors";
import { readDirection, readMoney } from "./amounts";
import { Leaves } from "./leaves";

/** One balance (Bal) as read: its type code and signed amount, or null where it was unreadable (reported). */
export interface Balance {
  code: string | null;
  signed: bigint | null;
  currency: string | null;
  exponent: number;
  line: number;
  column: number;
  amountText: string | null;
}

/** Entry counts and unsigned sums (account minor units) by direction, for the TxsSummry check. */
export interface EntryTotals {
  credits: number;
  creditSum: bigint;
  debits: number;
  debitSum: bigint;
}

/** One Stmt, Rpt or Ntfctn while it is read: its own fields, balances, and what its entries add up to. */
export interface BlockState {
  leaves: Leaves;
  balances: Balance[];
  /** Acct/Ccy, else the first balance's currency: the currency every entry is booked in. */
  accountCurrency: string | null;
  exponent: number | null;
  /** Booked entries' signed sum, in the account currency. */
  booked: bigint;
  all: EntryTotals;
  bookedTotals: EntryTotals;
  /** Every Ntry opened so far, readable or not: an entry's position in its block. */
  entriesSeen: number;
  /** An entry or balance was unreadable (reported): the sums would only repeat that error. */
  incomplete: boolean;
  /** The block's own record values, read once at its first entry. */
  recordValues?: Record<string, string | null>;
}

export function newBlock(line: number, column: number): BlockState {
  const totals = (): EntryTotals => ({ credits: 0, creditSum: 0n, debits: 0, debitSum: 0n });
  return { leaves: new Leaves(line, column), balances: [], accountCurrency: null, exponent: null, booked: 0n, all: totals(), bookedTotals: totals(), entriesSeen: 0, incomplete: false };
}

/**
 * A Bal as read: its type (Tp/CdOrPrtry/Cd, or Prtry where a bank names
 * standard types proprietarily, or Tp/Cd of the first version), its amount
 * signed by CdtDbtInd. Every balance must be in the account's currency.
 */
export function readBalance(block: BlockState, leaves: Leaves, errors: LocatedErrors): void {
  const code = leaves.text("Tp/CdOrPrtry/Cd", "Tp/CdOrPrtry/Prtry", "Tp/Cd")?.toUpperCase() ?? null;
  const amountLeaf = leaves.first("Amt");
  const balance: Balance = { code, signed: null, currency: null, exponent: 0, line: amountLeaf?.line ?? leaves.line, column: amountLeaf?.column ?? leaves.column, amountText: amountLeaf?.text ?? null };
  block.balances.push(balance);
  if (!amountLeaf) {
    errors.add(leaves.line, "the balance has no Amt", { column: leaves.column, field: "Bal/Amt" });
    block.incomplete = true;
    return;
  }
  const money = readMoney(amountLeaf, "Bal/Amt", errors);
  const direction = readDirection(leaves.first("CdtDbtInd"), "Bal/CdtDbtInd", leaves.line, errors);
  if (!money || direction === null) {
    block.incomplete = true;
    return;
  }
  balance.currency = money.currency;
  balance.exponent = money.exponent;
  balance.signed = direction * money.minor;
  if (block.accountCurrency === null) {
    block.accountCurrency = money.currency;
    block.exponent = money.exponent;
  } else if (money.currency !== block.accountCurrency) {
    errors.add(amountLeaf.line, `the ${code ?? "balance"} is in ${money.currency} but the account's balances and entries are in ${block.accountCurrency}`, {
      column: amountLeaf.column,
      field: "Bal/Amt/@Ccy",
      value: money.currency,
    });
    block.incomplete = true;
  }
}
