import currencyCodes from "currency-codes";

/**
 * ISO 4217 from the `currency-codes` package (it tracks the ISO list and its
 * publish date), indexed once: its own lookup scans the list on every call.
 */
const EXPONENTS: ReadonlyMap<string, number> = new Map(currencyCodes.data.map((record) => [record.code, record.digits]));

/** Minor-unit digits of an ISO 4217 code (JPY 0, EUR 2, KWD 3), or undefined for an unknown code. */
export function currencyExponent(code: string): number | undefined {
  return EXPONENTS.get(code.toUpperCase());
}

/** Exactly an upper-case ISO 4217 code, as amounts and currency columns write them. */
export function isIsoCurrencyCode(text: string): boolean {
  return text.length === 3 && EXPONENTS.has(text) && text === text.toUpperCase();
}

/**
 * Symbols read as a currency when no code is given. "$" and "¥" stand for
 * several currencies; they are read as USD and JPY, and a caller that knows
 * better passes the code (CNY has 2 minor digits where JPY has 0).
 */
export const SYMBOL_CURRENCIES: Readonly<Record<string, string>> = { $: "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW" };

/** The ISO code a written symbol or code stands for, if any. */
export function currencyOfSymbol(symbol: string | null | undefined): string | undefined {
  if (!symbol) return undefined;
  if (isIsoCurrencyCode(symbol)) return symbol;
  return SYMBOL_CURRENCIES[symbol];
}
