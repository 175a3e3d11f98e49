import { currencyExponent, isHistoricCurrencyCode } from "~/core/values/currency";

export { historicCurrencyCodes } from "~/core/values/currency";

/**
 * Adapters' view of current and historic ISO 4217 codes: the exponent and
 * whether to warn. The table itself lives with the other currency facts in
 * app/core/values/currency.ts, so the readers, the engine's normalize and
 * the adapters agree on which codes exist.
 */
export interface CurrencyDigits {
  exponent: number;
  /** The code is a withdrawn (historic) ISO 4217 code: readers warn about it. */
  historic: boolean;
}

/** Minor digits of a current or historic ISO 4217 code; undefined when the code is neither. */
export function currencyDigits(code: string): CurrencyDigits | undefined {
  const exponent = currencyExponent(code);
  return exponent === undefined ? undefined : { exponent, historic: isHistoricCurrencyCode(code) };
}

