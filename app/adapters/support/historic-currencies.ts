import { minorDigits } from "./money";

/**
 * ISO 4217 codes withdrawn from the current list (Table A.3, "historic
 * denominations") that old bank statements still carry: a 1998 German
 * statement is in DEM, an Italian one in ITL. `currency-codes` only knows the
 * current list (A.1), so these would be refused as "not a currency".
 *
 * The exponents are the ones the currencies were booked with, as CLDR and
 * java.util.Currency list them: lire, pesetas, escudos, drachmas, Belgian and
 * Luxembourg francs and Turkish lire were kept in whole units, the others in
 * hundredths. An amount read in one of these is exact; it is never converted
 * to EUR (the fixed euro rates are a rule-set decision), and the reader warns
 * that the code is historic.
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

export interface CurrencyDigits {
  exponent: number;
  /** The code is a withdrawn (historic) ISO 4217 code: readers warn about it. */
  historic: boolean;
}

/** Minor digits of a current or historic ISO 4217 code; undefined when the code is neither. */
export function currencyDigits(code: string): CurrencyDigits | undefined {
  const current = minorDigits(code);
  if (current !== undefined) return { exponent: current, historic: false };
  const historic = HISTORIC_EXPONENTS.get(code.toUpperCase());
  return historic === undefined ? undefined : { exponent: historic, historic: true };
}

/** The historic codes this table knows, for documentation and tests. */
export function historicCurrencyCodes(): string[] {
  return [...HISTORIC_EXPONENTS.keys()];
}
