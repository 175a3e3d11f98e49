import { currencyExponent } from "~/core/values/currency";

/**
 * Exact decimal money for adapters: texts become bigint minor units, sums
 * stay exact, and helper columns are written back as signed major-unit
 * decimals with exactly the currency's minor digits. No float ever holds an
 * amount (the house rule), so a check like "net = gross - fee" cannot be
 * fooled by 0.1 + 0.2.
 */

export interface DecimalFormat {
  /** "." or "," (EU marketplaces write "12,34"). */
  decimalSeparator: "." | ",";
  /** Grouping character to drop ("1,234.56"); none by default. */
  thousandsSeparator?: "," | "." | "";
}

export const DOT_DECIMAL: DecimalFormat = { decimalSeparator: "." };

/** Minor digits of an ISO currency; undefined when the code is not ISO 4217. */
export function minorDigits(currency: string): number | undefined {
  return currencyExponent(currency);
}

/**
 * "-1234.5" at exponent 2 -> -123450n. Returns a message when the text is not
 * a plain decimal or carries more precision than the currency has (trailing
 * zeros beyond it are fine: "12.300" is 12.30).
 */
export function decimalToMinor(text: string, exponent: number, format: DecimalFormat = DOT_DECIMAL): bigint | string {
  let body = text.trim();
  let negative = false;
  if (body.startsWith("-") || body.startsWith("+")) {
    negative = body[0] === "-";
    body = body.slice(1);
  }
  if (format.thousandsSeparator) {
    const grouped = format.thousandsSeparator === "." ? /^\d{1,3}(\.\d{3})+(,\d*)?$/ : /^\d{1,3}(,\d{3})+(\.\d*)?$/;
    if (grouped.test(body)) body = body.split(format.thousandsSeparator).join("");
  }
  const separator = format.decimalSeparator;
  const pattern = separator === "." ? /^(\d+)(?:\.(\d*))?$|^\.(\d+)$/ : /^(\d+)(?:,(\d*))?$|^,(\d+)$/;
  const match = pattern.exec(body);
  if (!match) return `"${text}" is not a decimal amount (expected digits with "${separator}" as the decimal separator)`;
  const whole = match[1] ?? "0";
  let fraction = match[2] ?? match[3] ?? "";
  while (fraction.length > exponent && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  if (fraction.length > exponent) return `"${text}" has more decimals than the currency's ${exponent}`;
  const minor = BigInt(whole + fraction.padEnd(exponent, "0"));
  return negative ? -minor : minor;
}

/** Unsigned integer minor units ("10000") as PayPal and BAI2 write them. */
export function integerToMinor(text: string): bigint | string {
  const body = text.trim();
  if (!/^\d+$/.test(body)) return `"${text}" is not an unsigned whole number of minor units`;
  return BigInt(body);
}

/** -123450n at exponent 2 -> "-1234.50"; exponent 0 -> "-123450". */
export function formatMinor(minor: bigint, exponent: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, "0");
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? "" : `.${digits.slice(-exponent)}`;
  return `${negative ? "-" : ""}${whole}${fraction}`;
}
