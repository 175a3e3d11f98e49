import type { LocatedErrors } from "../support/located-errors";
import { decimalToMinor, minorDigits } from "../support/money";
import type { Leaf } from "./leaves";

/** An amount read exactly: unsigned minor units in its currency. */
export interface Money {
  minor: bigint;
  currency: string;
  exponent: number;
}

/**
 * camt amounts are unsigned decimals with the currency in a Ccy attribute
 * (ActiveOrHistoricCurrencyAndAmount); a CdtDbtInd beside them gives the
 * direction. Reports a missing or unknown currency and a bad or signed
 * decimal at the element, and returns null so reading carries on.
 */
export function readMoney(leaf: Leaf, field: string, errors: LocatedErrors): Money | null {
  const where = { column: leaf.column, field };
  const currency = leaf.currency?.toUpperCase() || null;
  if (currency === null) {
    errors.add(leaf.line, `${field} has no Ccy attribute`, { ...where, field: `${field}/@Ccy` });
    return null;
  }
  const exponent = minorDigits(currency);
  if (exponent === undefined) {
    errors.add(leaf.line, `"${leaf.currency}" is not an ISO 4217 currency code`, { ...where, field: `${field}/@Ccy`, value: leaf.currency });
    return null;
  }
  const minor = decimalToMinor(leaf.text, exponent);
  if (typeof minor === "string") {
    errors.add(leaf.line, minor, { ...where, value: leaf.text });
    return null;
  }
  // xs:decimal allows a leading "+"; a minus has no place where CdtDbtInd gives the direction.
  if (minor < 0n || /^\s*-/.test(leaf.text)) {
    errors.add(leaf.line, `${field} must be unsigned; CdtDbtInd gives the direction`, { ...where, value: leaf.text });
    return null;
  }
  return { minor, currency, exponent };
}

/** CRDT -> 1n, DBIT -> -1n; anything else is reported and gives null. */
export function readDirection(leaf: Leaf | undefined, field: string, line: number, errors: LocatedErrors): 1n | -1n | null {
  if (leaf?.text === "CRDT") return 1n;
  if (leaf?.text === "DBIT") return -1n;
  const written = leaf === undefined ? "" : `, not "${leaf.text}"`;
  errors.add(leaf?.line ?? line, `${field} must be CRDT or DBIT${written}`, { field, value: leaf?.text ?? null, ...(leaf ? { column: leaf.column } : {}) });
  return null;
}

