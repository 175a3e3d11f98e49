import { formatMinor } from "../support/money";
import type { BlockState, EntryTotals } from "./block";
import type { IntegrityChecks } from "./integrity";
import type { Leaf } from "./leaves";

/** Summary sums are plain decimals without a currency; compared at this many digits, more than any currency has. */
const SUM_DIGITS = 6;

/**
 * TxsSummry, when the bank sends it, against the entries: numbers of entries
 * (TtlNtries, TtlCdtNtries, TtlDbtNtries / NbOfNtries), their unsigned sums
 * (Sum) and the net (TtlNetNtry/Amt + CdtDbtInd from version 03, TtlNetNtryAmt
 * + CdtDbtInd in 02). Banks differ on whether pending entries are counted,
 * so a figure that fits either all entries or the booked ones is accepted.
 */
export function checkSummary(block: BlockState, integrity: IntegrityChecks): void {
  if (block.incomplete || block.exponent === null) return;
  const exponent = block.exponent;
  const leaves = block.leaves;
  const views = [block.all, block.bookedTotals];
  const count = (path: string, of: (totals: EntryTotals) => number) => {
    const leaf = leaves.first(path);
    if (!leaf) return;
    const written = /^\d+$/.test(leaf.text) ? Number(leaf.text) : null;
    if (views.some((totals) => of(totals) === written)) return;
    integrity.break(leaf.line, `${path} is ${leaf.text} but there are ${of(block.all)} such entries`, { column: leaf.column, field: path, value: leaf.text });
  };
  const sum = (path: string, of: (totals: EntryTotals) => bigint, signLeaf?: Leaf) => {
    const leaf = leaves.first(path);
    if (!leaf) return;
    const written = decimalAt(leaf.text, SUM_DIGITS);
    const signed = written !== null && signLeaf?.text === "DBIT" ? -written : written;
    const scale = 10n ** BigInt(SUM_DIGITS - exponent);
    if (views.some((totals) => of(totals) * scale === signed)) return;
    const actual = of(block.all);
    integrity.break(leaf.line, `${path} is ${leaf.text} but the entries add up to ${formatMinor(actual, exponent)}`, { column: leaf.column, field: path, value: leaf.text });
  };
  count("TxsSummry/TtlNtries/NbOfNtries", (totals) => totals.credits + totals.debits);
  sum("TxsSummry/TtlNtries/Sum", (totals) => totals.creditSum + totals.debitSum);
  const net = (totals: EntryTotals) => totals.creditSum - totals.debitSum;
  sum("TxsSummry/TtlNtries/TtlNetNtry/Amt", net, leaves.first("TxsSummry/TtlNtries/TtlNetNtry/CdtDbtInd"));
  sum("TxsSummry/TtlNtries/TtlNetNtryAmt", net, leaves.first("TxsSummry/TtlNtries/CdtDbtInd"));
  count("TxsSummry/TtlCdtNtries/NbOfNtries", (totals) => totals.credits);
  sum("TxsSummry/TtlCdtNtries/Sum", (totals) => totals.creditSum);
  count("TxsSummry/TtlDbtNtries/NbOfNtries", (totals) => totals.debits);
  sum("TxsSummry/TtlDbtNtries/Sum", (totals) => totals.debitSum);
}

function decimalAt(text: string, digits: number): bigint | null {
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = (match[3] ?? "").replace(/0+$/, "");
  if (fraction.length > digits) return null;
  const value = BigInt(match[2]! + fraction.padEnd(digits, "0"));
  return match[1] === "-" ? -value : value;
}
