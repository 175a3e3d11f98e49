import { currencyExponent } from "./currency";

/**
 * Money as people type it ("$1,000.00", "1 000,5", "250") read into exact
 * integer minor units of one currency, and minor units written back as the
 * plain major-unit text an input starts from. Only string and BigInt
 * arithmetic: "0.29" must be 29 cents, never 28.999….
 */
export type MoneyEntry = { ok: true; minor: bigint } | { ok: false; problem: string };

/** Grouping characters people type between thousands: comma, space, no-break spaces, apostrophe, underscore. */
const GROUPING = /[\s\u00a0\u202f'’_]/g;

export function parseMoneyEntry(text: string, currency: string, options: { allowNegative?: boolean } = {}): MoneyEntry {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) return { ok: false, problem: `${currency || "The currency"} is not an ISO 4217 currency code` };
  let body = text.trim();
  if (body === "") return { ok: false, problem: "Enter an amount" };

  let negative = false;
  if (body.startsWith("-") || body.startsWith("−")) {
    negative = true;
    body = body.slice(1).trim();
  }
  // A leading or trailing currency code or symbol is what the field already shows: accept it, but only this currency's code.
  const code = currency.toUpperCase();
  if (body.toUpperCase().startsWith(code)) body = body.slice(code.length).trim();
  else if (body.toUpperCase().endsWith(code)) body = body.slice(0, -code.length).trim();
  body = body.replace(/^[^\d.,\s-−]{1,3}\s*/, "").replace(/\s*[^\d.,\s]{1,3}$/, "").trim();
  if (!negative && (body.startsWith("-") || body.startsWith("−"))) {
    negative = true;
    body = body.slice(1);
  }
  if (negative && !options.allowNegative) return { ok: false, problem: "Enter an amount of zero or more" };

  const compact = body.replace(GROUPING, "");
  if (!/^[\d.,]+$/.test(compact) || !/\d/.test(compact)) return { ok: false, problem: "Enter an amount such as 1,000.00" };

  const split = splitDecimal(compact);
  if (!split) return { ok: false, problem: "Enter an amount such as 1,000.00" };
  const { whole, fraction } = split;
  if (fraction.length > exponent) {
    return { ok: false, problem: exponent === 0 ? `${code} has no minor units` : `${code} has ${exponent} decimal place${exponent === 1 ? "" : "s"}` };
  }
  const minor = BigInt(whole === "" ? "0" : whole) * 10n ** BigInt(exponent) + BigInt(fraction === "" ? "0" : fraction.padEnd(exponent, "0"));
  return { ok: true, minor: negative ? -minor : minor };
}

/**
 * Which mark is the decimal one. With both, the last one is; a lone dot is;
 * a lone comma is grouping when every group after it has three digits
 * ("1,000", "1,000,000") and the decimal mark otherwise ("12,5").
 */
function splitDecimal(text: string): { whole: string; fraction: string } | null {
  const lastDot = text.lastIndexOf(".");
  const lastComma = text.lastIndexOf(",");
  let decimalAt = -1;
  if (lastDot >= 0 && lastComma >= 0) decimalAt = Math.max(lastDot, lastComma);
  else if (lastDot >= 0) decimalAt = text.indexOf(".") === lastDot ? lastDot : -2;
  else if (lastComma >= 0) {
    const groups = text.split(",");
    const grouping = groups.length > 1 && groups.slice(1).every((group) => group.length === 3) && groups[0]!.length > 0;
    decimalAt = grouping ? -1 : groups.length === 2 ? lastComma : -2;
  }
  if (decimalAt === -2) return null;
  const wholeText = decimalAt < 0 ? text : text.slice(0, decimalAt);
  const fraction = decimalAt < 0 ? "" : text.slice(decimalAt + 1);
  if (!/^\d*$/.test(fraction)) return null;
  const groupMark = decimalAt >= 0 ? (text[decimalAt] === "." ? "," : ".") : ",";
  const groups = wholeText.split(groupMark);
  // Grouping marks must sit between groups of three, or "1,00" would read as 100.
  if (groups.length > 1 && (groups[0] === "" || groups[0]!.length > 3 || groups.slice(1).some((group) => group.length !== 3))) return null;
  const whole = groups.join("");
  if (!/^\d*$/.test(whole) || (whole === "" && fraction === "")) return null;
  return { whole, fraction };
}

/** Minor units as the plain major-unit text an input holds: 100000 USD → "1000.00", 5 JPY → "5", -5 USD → "-0.05". */
export function minorToMajorText(minor: number | bigint | string, currency: string): string {
  const exponent = currencyExponent(currency) ?? 2;
  const value = BigInt(minor);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(exponent + 1, "0");
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  return `${negative ? "-" : ""}${whole}${exponent === 0 ? "" : `.${digits.slice(-exponent)}`}`;
}

/** Minor units as a JavaScript number when they fit one exactly (tolerances are stored as numbers), or null. */
export function minorAsSafeNumber(minor: bigint): number | null {
  return minor <= BigInt(Number.MAX_SAFE_INTEGER) && minor >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(minor) : null;
}
