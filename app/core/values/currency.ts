import currencyCodes from "currency-codes";

/**
 * ISO 4217 from the `currency-codes` package (it tracks the ISO list and its
 * publish date), indexed once: its own lookup scans the list on every call.
 */
const CURRENT_EXPONENTS: ReadonlyMap<string, number> = new Map(currencyCodes.data.map((record) => [record.code, record.digits]));

/**
 * ISO 4217 codes withdrawn from the current list (List Three, "historic
 * denominations") that old bank statements still carry: a 1998 German
 * statement is in DEM, an Italian one in ITL. `currency-codes` only knows the
 * current list, so these would be refused as "not a currency" by every
 * reader and by the engine.
 *
 * The exponents are the ones the currencies were booked with, as CLDR and
 * java.util.Currency list them: lire, pesetas, escudos, drachmas, Belgian and
 * Luxembourg francs and Turkish lire were kept in whole units, the others in
 * hundredths. An amount in one of these is exact; it is never converted to
 * EUR (the fixed euro rates are a rule-set decision), and readers warn that
 * the code is historic.
 */
const HISTORIC_EXPONENTS: ReadonlyMap<string, number> = new Map([
  ["ATS", 2], // Austrian schilling, euro 1999/2002
  ["BEF", 0], // Belgian franc
  ["CYP", 2], // Cypriot pound, euro 2008
  ["DEM", 2], // Deutsche Mark
  ["EEK", 2], // Estonian kroon, euro 2011
  ["ESP", 0], // Spanish peseta
  ["FIM", 2], // Finnish markka
  ["FRF", 2], // French franc
  ["GRD", 0], // Greek drachma, euro 2001/2002
  ["HRK", 2], // Croatian kuna, euro 2023
  ["IEP", 2], // Irish pound
  ["ITL", 0], // Italian lira
  ["LTL", 2], // Lithuanian litas, euro 2015
  ["LUF", 0], // Luxembourg franc
  ["LVL", 2], // Latvian lats, euro 2014
  ["MTL", 2], // Maltese lira, euro 2008
  ["NLG", 2], // Dutch guilder
  ["PTE", 0], // Portuguese escudo
  ["SIT", 2], // Slovenian tolar, euro 2007
  ["SKK", 2], // Slovak koruna, euro 2009
  ["TRL", 0], // Turkish lira before the 2005 redenomination (TRY)
  ["XEU", 2], // European Currency Unit, replaced 1:1 by EUR in 1999
]);

const EXPONENTS: ReadonlyMap<string, number> = new Map([...HISTORIC_EXPONENTS, ...CURRENT_EXPONENTS]);

/** Minor-unit digits of a current or historic ISO 4217 code (JPY 0, EUR 2, KWD 3, ITL 0), or undefined for an unknown code. */
export function currencyExponent(code: string): number | undefined {
  return EXPONENTS.get(code.toUpperCase());
}

/** A withdrawn ISO 4217 code (DEM, ITL…): readable, but readers warn about it. */
export function isHistoricCurrencyCode(code: string): boolean {
  const upper = code.toUpperCase();
  return HISTORIC_EXPONENTS.has(upper) && !CURRENT_EXPONENTS.has(upper);
}

/** The historic codes known, for documentation and tests. */
export function historicCurrencyCodes(): string[] {
  return [...HISTORIC_EXPONENTS.keys()];
}

/** Exactly an upper-case ISO 4217 code (current or historic), as amounts and currency columns write them. */
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
