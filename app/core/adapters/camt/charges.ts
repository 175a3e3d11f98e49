import { decimalToMinor, minorDigits } from "../support/money";
import type { Leaf, Leaves } from "./leaves";

export interface Charges {
  /** Unsigned total, exact. */
  minor: bigint;
  currency: string;
  exponent: number;
}

/**
 * The charges of a transaction or entry as one exact total:
 * Chrgs/TtlChrgsAndTaxAmt (version 03 on), else the sum of Chrgs/Rcrd/Amt,
 * else of Chrgs/Amt (version 02, where Chrgs repeats). Null when there are
 * none; the leaf that spoils it when they are not one amount in one ISO
 * currency (mixed currencies, a bad decimal).
 */
export function readCharges(leaves: Leaves): Charges | { unreadable: Leaf } | null {
  const total = leaves.first("Chrgs/TtlChrgsAndTaxAmt");
  const records = leaves.all("Chrgs/Rcrd/Amt");
  const parts = total ? [total] : records.length > 0 ? records : leaves.all("Chrgs/Amt");
  if (parts.length === 0) return null;
  const currency = parts[0]!.currency?.toUpperCase() ?? "";
  const exponent = minorDigits(currency);
  let minor = 0n;
  for (const part of parts) {
    const parsed = exponent === undefined ? null : decimalToMinor(part.text, exponent);
    if (parsed === null || typeof parsed === "string" || parsed < 0n || part.currency?.toUpperCase() !== currency) return { unreadable: part };
    minor += parsed;
  }
  return { minor, currency, exponent: exponent! };
}
