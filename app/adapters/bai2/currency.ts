import { minorDigits } from "../support/money";

/**
 * Exponents of ISO 4217 codes withdrawn since (ISO 4217 "List Three",
 * historic denominations), which old BAI2 files from European branches of
 * US banks still carry and `currency-codes` no longer lists. Until the
 * shared table lands (app/adapters/support/historic-currencies.ts, owned by
 * the MT940 adapter), BAI2 keeps this small one.
 */
const HISTORIC_EXPONENTS: ReadonlyMap<string, number> = new Map([
  ["ATS", 2],
  ["BEF", 0],
  ["CYP", 2],
  ["DEM", 2],
  ["EEK", 2],
  ["ESP", 0],
  ["FIM", 2],
  ["FRF", 2],
  ["GRD", 0],
  ["IEP", 2],
  ["ITL", 0],
  ["LTL", 2],
  ["LUF", 0],
  ["LVL", 2],
  ["MTL", 2],
  ["NLG", 2],
  ["PTE", 0],
  ["SIT", 2],
  ["SKK", 2],
  ["XEU", 2],
]);

export type CurrencyExponent = { exponent: number; historic: boolean } | undefined;

/** Minor digits of a BAI2 currency code: current ISO 4217, else a historic code (to be warned about). */
export function bai2CurrencyExponent(code: string): CurrencyExponent {
  const current = minorDigits(code);
  if (current !== undefined) return { exponent: current, historic: false };
  const historic = HISTORIC_EXPONENTS.get(code.toUpperCase());
  return historic === undefined ? undefined : { exponent: historic, historic: true };
}
