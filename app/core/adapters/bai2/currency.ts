import { currencyDigits, type CurrencyDigits } from "../support/historic-currencies";

export type CurrencyExponent = CurrencyDigits | undefined;

/** Minor digits of a BAI2 currency code: current ISO 4217, else a historic code (old files from European branches of US banks carry them; to be warned about). */
export function bai2CurrencyExponent(code: string): CurrencyExponent {
  return currencyDigits(code);
}
