import { TransformFailure } from "./transform-failure";

/**
 * Amount text to integer minor units, read digit by digit: "(1,234.56)" is
 * -123456 at 2 minor units. No float ever holds the amount, so "0.29" is 29,
 * not 28.999…; a result beyond Number.MAX_SAFE_INTEGER is an error, never a
 * rounded value.
 */
export interface AmountFormat {
  decimalSeparator: "." | ",";
  thousandsSeparator: "," | "." | " " | "'" | "";
  sign: "minus" | "parentheses" | "trailingMinus";
  minorUnits: number;
}

/** What `amount` is parsed with when its mapping has no parseAmount step. */
export const DEFAULT_AMOUNT_FORMAT: AmountFormat = { decimalSeparator: ".", thousandsSeparator: "", sign: "minus", minorUnits: 2 };

/** Parses a text to minor units: null for blank text, a failure for text that is not an amount. */
export type AmountParser = (text: string) => number | null | TransformFailure;

const POWERS_OF_TEN = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 0xa0 || code === 0x202f || code === 0x2007;
}

const CURRENCY_SYMBOL = /^\p{Sc}$/u;

/** Blanks and currency symbols ("$", "€", "£") around the number are ignored; codes like "USD" are not. */
function isPadding(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (isBlank(code)) return true;
  if (code < 0x24 || (code > 0x24 && code < 0xa2)) return false;
  return CURRENCY_SYMBOL.test(text[index]!);
}

/** The codes a thousands separator may be written with: French and Swiss files use the narrow and typographic variants. */
function thousandsCodes(separator: AmountFormat["thousandsSeparator"]): number[] {
  switch (separator) {
    case "":
      return [];
    case " ":
      return [32, 0xa0, 0x202f, 0x2009];
    case "'":
      return [39, 0x2019];
    default:
      return [separator.charCodeAt(0)];
  }
}

function describe(text: string, index: number, from: number): string {
  return `unexpected "${text[index]}" at position ${index - from + 1}`;
}

/**
 * The same parser over text[start, end): a reader can parse a field in place,
 * in the chunk it was read from, without a string per cell.
 */
export type AmountRangeParser = (text: string, start: number, end: number) => number | null | TransformFailure;

export function compileAmountParser(format: AmountFormat): AmountParser {
  const parseRange = compileAmountRangeParser(format);
  return (text) => parseRange(text, 0, text.length);
}

export function compileAmountRangeParser(format: AmountFormat): AmountRangeParser {
  const decimalCode = format.decimalSeparator.charCodeAt(0);
  const groupCodes = thousandsCodes(format.thousandsSeparator);
  const groupCode = groupCodes[0] ?? -1;
  const isGroup = (code: number) => code === groupCode || (groupCodes.length > 1 && groupCodes.includes(code));
  const { minorUnits, sign } = format;
  const acceptsParentheses = sign === "parentheses";
  const acceptsTrailingMinus = sign === "trailingMinus";

  return (text, from, to) => {
    let start = from;
    let end = to;
    while (start < end && isBlank(text.charCodeAt(start))) start++;
    while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
    if (start === end) return null;

    let negative = false;
    if (text.charCodeAt(start) === 40 /* ( */) {
      if (!acceptsParentheses) return new TransformFailure(`${describe(text, start, from)}; negatives in parentheses need sign "parentheses"`);
      if (text.charCodeAt(end - 1) !== 41 /* ) */) return new TransformFailure("opens a parenthesis but does not close it");
      negative = true;
      start++;
      end--;
    }
    while (end > start && isPadding(text, end - 1)) end--;
    if (acceptsTrailingMinus && end > start && text.charCodeAt(end - 1) === 45 /* - */) {
      negative = true;
      end--;
      while (end > start && isPadding(text, end - 1)) end--;
    }
    while (start < end && isPadding(text, start)) start++;
    // A leading sign is unambiguous, so every sign style accepts it.
    const leading = text.charCodeAt(start);
    if (leading === 45 || leading === 43 || leading === 0x2212) {
      if (negative && leading !== 43) return new TransformFailure("is marked negative twice");
      negative = negative || leading !== 43;
      start++;
      while (start < end && isPadding(text, start)) start++;
    }

    let units = 0;
    let digits = 0;
    let groupLength = 0;
    let grouped = false;
    let index = start;
    for (; index < end; index++) {
      const code = text.charCodeAt(index);
      if (isDigit(code)) {
        units = units * 10 + (code - 48);
        digits++;
        groupLength++;
        continue;
      }
      if (code === decimalCode) break;
      if (isGroup(code)) {
        // Groups after the first are 3 digits (1,234,567) or, in the Indian
        // system, 2 (12,34,567). Checking them catches a decimal comma read
        // with the wrong settings: "1,5" is not one thousand five hundred.
        if (groupLength === 0 || (grouped && groupLength !== 3 && groupLength !== 2)) {
          return new TransformFailure(`misplaced thousands separator at position ${index - from + 1}`);
        }
        grouped = true;
        groupLength = 0;
        continue;
      }
      return new TransformFailure(describe(text, index, from));
    }
    if (grouped && groupLength !== 3) return new TransformFailure("a thousands separator must be followed by 3 digits");

    let fractionDigits = 0;
    if (index < end) {
      for (index++; index < end; index++) {
        const code = text.charCodeAt(index);
        if (!isDigit(code)) return new TransformFailure(describe(text, index, from));
        digits++;
        if (fractionDigits < minorUnits) {
          units = units * 10 + (code - 48);
          fractionDigits++;
        } else if (code !== 48) {
          // Trailing zeros lose nothing ("1500.00" yen is 1500), so only a
          // nonzero digit beyond the minor units is an error: rounding money
          // silently is never acceptable.
          return new TransformFailure(`has more than ${minorUnits} decimal place${minorUnits === 1 ? "" : "s"}`);
        }
      }
    }
    if (digits === 0) return new TransformFailure("has no digits");
    units *= POWERS_OF_TEN[minorUnits - fractionDigits]!;
    if (!Number.isSafeInteger(units)) return new TransformFailure("is too large to hold exactly");
    return negative && units !== 0 ? -units : units;
  };
}
