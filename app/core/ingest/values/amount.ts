import { compileAmountParser, type AmountFormat as EngineAmountFormat } from "~/core/values/amounts";
import type { AmountProfile } from "../types";
import { currencyOfSymbol, isIsoCurrencyCode } from "~/core/values/currency";

/**
 * Amount text as banks and PSPs write it: "1.234,56", "(1,234.56)",
 * "1,234.56-", "12.00 CR", "$5", "EUR 12.00". Everything around the number
 * (sign markers, currency) is peeled off here; the digits themselves are read
 * by the engine's parser (compileAmountParser), so an amount the profile
 * accepts is parsed exactly as the engine will parse it: digit by digit into
 * integer minor units, never through a float.
 */

type NegativeStyle = AmountProfile["negative"];

export interface AmountPieces {
  negative: boolean;
  /** How the value said it is negative (or positive, for CR), when it did. */
  marker: NegativeStyle | null;
  /** The symbol or ISO code written with the value. */
  currency: string | null;
  /** Digits and separators only. */
  body: string;
}

const SYMBOLS = "$€£¥₹₩";
const CREDIT_DEBIT = /(?<=[\d\s)])\s*(CR|DR|Cr|Dr|cr|dr)\.?$/;
const CODE_PREFIX = /^([A-Z]{3})(?=[\s\d.,(+\-\u2212])\s*/;
const CODE_SUFFIX = /(?<=[\s\d.,)-])\s*([A-Z]{3})$/;
const BODY = /^[\d.,' ]*\d[\d.,' ]*$/;

/** Most cells are a bare number: no peeling needed. */
const PLAIN = /^(-?)(\d[\d.,]*)$/;

/** Splits an amount into sign, currency and body; null when the text is not shaped like an amount at all. */
export function splitAmount(text: string): AmountPieces | null {
  const plain = PLAIN.exec(text);
  if (plain) return { negative: plain[1] === "-", marker: plain[1] === "-" ? "minus" : null, currency: null, body: plain[2]! };
  let rest = text.trim().replace(/[\u00a0\u202f\u2009]/g, " ");
  let negative = false;
  let marker: NegativeStyle | null = null;
  let currency: string | null = null;
  // Two sign markers ("-(5)", "(5)-", "-5 DR") make an amount we cannot trust.
  let signed = false;
  for (let guard = 0; guard < 8 && rest.length > 0; guard++) {
    if (rest.startsWith("(") && rest.endsWith(")")) {
      if (signed) return null;
      signed = true;
      negative = true;
      marker = "parentheses";
      rest = rest.slice(1, -1).trim();
      continue;
    }
    const first = rest[0]!;
    if (first === "-" || first === "\u2212" || first === "+") {
      if (signed) return null;
      signed = true;
      negative = first !== "+";
      marker = first === "+" ? null : "minus";
      rest = rest.slice(1).trimStart();
      continue;
    }
    if (rest.endsWith("-")) {
      if (signed) return null;
      signed = true;
      negative = true;
      marker = "trailingMinus";
      rest = rest.slice(0, -1).trimEnd();
      continue;
    }
    const creditDebit = CREDIT_DEBIT.exec(rest);
    if (creditDebit) {
      if (signed) return null;
      signed = true;
      negative = creditDebit[1]!.toUpperCase() === "DR";
      marker = "crdr";
      rest = rest.slice(0, creditDebit.index).trimEnd();
      continue;
    }
    if (currency === null) {
      if (SYMBOLS.includes(first)) {
        currency = first;
        rest = rest.slice(1).trimStart();
        continue;
      }
      const last = rest[rest.length - 1]!;
      if (SYMBOLS.includes(last)) {
        currency = last;
        rest = rest.slice(0, -1).trimEnd();
        continue;
      }
      const prefix = CODE_PREFIX.exec(rest);
      if (prefix && isIsoCurrencyCode(prefix[1]!)) {
        currency = prefix[1]!;
        rest = rest.slice(prefix[0].length);
        continue;
      }
      const suffix = CODE_SUFFIX.exec(rest);
      if (suffix && isIsoCurrencyCode(suffix[1]!)) {
        currency = suffix[1]!;
        rest = rest.slice(0, suffix.index).trimEnd();
        continue;
      }
    }
    break;
  }
  if (!BODY.test(rest)) return null;
  return { negative, marker, currency, body: rest };
}

type BodyParser = (text: string) => ReturnType<ReturnType<typeof compileAmountParser>>;
const bodyParsers = new Map<string, BodyParser>();

/** The engine's digit parser for a separator pair and scale; a handful exist per process, so they are cached. */
function bodyParser(format: AmountProfile, minorUnits: number): BodyParser {
  const key = `${format.decimalSeparator}${format.thousandsSeparator}${minorUnits}`;
  let parser = bodyParsers.get(key);
  if (!parser) {
    const engineFormat: EngineAmountFormat = {
      decimalSeparator: format.decimalSeparator,
      thousandsSeparator: format.thousandsSeparator,
      sign: "minus",
      minorUnits,
    };
    parser = compileAmountParser(engineFormat);
    bodyParsers.set(key, parser);
  }
  return parser;
}

/** Fraction digits beyond this are not money; the engine's scale table stops at 10^6 too. */
const MAX_FRACTION_DIGITS = 6;

export interface ReadAmount {
  pieces: AmountPieces;
  /** Digits after the decimal separator as written. */
  fractionDigits: number;
  /** ISO code the value names ("EUR 5", "€5"), if any. */
  currency: string | undefined;
}

/** Checks an amount's shape against a column's format, without choosing a scale yet; a string explains a misfit. */
export function readAmount(text: string, format: AmountProfile): ReadAmount | string {
  const pieces = splitAmount(text);
  if (!pieces) return "not an amount";
  if (pieces.marker !== null && pieces.marker !== "minus" && pieces.marker !== format.negative) {
    return `writes its sign as ${describeNegative(pieces.marker)}, but this column uses ${describeNegative(format.negative)}`;
  }
  const decimalAt = pieces.body.lastIndexOf(format.decimalSeparator);
  const fractionDigits = decimalAt < 0 ? 0 : pieces.body.length - decimalAt - 1;
  if (fractionDigits > MAX_FRACTION_DIGITS) return `has ${fractionDigits} decimal places`;
  const parsed = bodyParser(format, fractionDigits)(pieces.body);
  if (typeof parsed !== "number") return parsed === null ? "not an amount" : parsed.message;
  return { pieces, fractionDigits, currency: currencyOfSymbol(pieces.currency) };
}

/** Integer minor units at `exponent` decimals: "1,234.5" at 2 is 123450; a nonzero digit beyond the exponent is an error, never rounded. */
export function toMinorUnits(read: ReadAmount, format: AmountProfile, exponent: number): number | string {
  const parsed = bodyParser(format, exponent)(read.pieces.body);
  if (typeof parsed !== "number") return parsed === null ? "not an amount" : parsed.message;
  return read.pieces.negative && parsed !== 0 ? -parsed : parsed;
}

function describeNegative(style: NegativeStyle): string {
  switch (style) {
    case "minus":
      return "-1.00";
    case "parentheses":
      return "(1.00)";
    case "trailingMinus":
      return "1.00-";
    case "crdr":
      return "CR/DR";
  }
}

/** "0012" is an identifier with leading zeros, not twelve: such columns stay text. */
export function hasLeadingZero(body: string, decimalSeparator: string): boolean {
  const integerPart = body.split(decimalSeparator)[0] ?? "";
  return integerPart.length > 1 && integerPart.startsWith("0");
}

export interface AmountFormatDetection {
  format: AmountProfile;
  /** How the separators were decided, for the evidence. */
  notes: string[];
}

type Separator = "." | ",";

/**
 * Decides a column's separators from all its values: a value with both "."
 * and "," has its decimal separator last; a separator repeated is a
 * thousands separator; a single separator followed by other than 3 digits is
 * decimal. "1,234" alone could be either; those follow the other values, or
 * the locale when no value decides.
 */
export function detectAmountFormat(values: readonly string[], localeDecimal: Separator, locale: string): AmountFormatDetection {
  const decimalVotes = { ".": 0, ",": 0 };
  const groupVotes = new Map<AmountProfile["thousandsSeparator"], number>();
  const ambiguous = { ".": 0, ",": 0 };
  const markers = new Map<NegativeStyle, number>();
  const currencies = new Map<string, number>();
  const vote = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

  for (const value of values) {
    const pieces = splitAmount(value);
    if (!pieces) continue;
    if (pieces.marker && pieces.marker !== "minus") vote(markers, pieces.marker);
    if (pieces.currency) vote(currencies, pieces.currency);
    const body = pieces.body;
    const dots = count(body, ".");
    const commas = count(body, ",");
    if (body.includes(" ")) vote(groupVotes, " ");
    if (body.includes("'")) vote(groupVotes, "'");
    if (dots > 0 && commas > 0) {
      const decimal: Separator = body.lastIndexOf(".") > body.lastIndexOf(",") ? "." : ",";
      decimalVotes[decimal]++;
      vote(groupVotes, decimal === "." ? "," : ".");
      continue;
    }
    const separator: Separator | null = dots > 0 ? "." : commas > 0 ? "," : null;
    if (!separator) continue;
    if (dots + commas > 1) {
      vote(groupVotes, separator);
      decimalVotes[separator === "." ? "," : "."]++;
      continue;
    }
    const [integerPart = "", fraction = ""] = body.split(separator);
    const couldGroup = fraction.length === 3 && /^[1-9]\d{0,2}$/.test(integerPart.replace(/[ ']/g, ""));
    if (couldGroup) ambiguous[separator]++;
    else decimalVotes[separator]++;
  }

  const notes: string[] = [];
  let decimalSeparator: Separator;
  if (decimalVotes["."] !== decimalVotes[","]) {
    decimalSeparator = decimalVotes["."] > decimalVotes[","] ? "." : ",";
    const deciding = decimalVotes[decimalSeparator];
    notes.push(`decimal "${decimalSeparator}" (${deciding} value${deciding === 1 ? " decides" : "s decide"})`);
  } else {
    decimalSeparator = localeDecimal;
    const undecided = ambiguous["."] + ambiguous[","];
    notes.push(
      undecided > 0
        ? `decimal "${decimalSeparator}" by locale ${locale}: ${undecided} value${undecided === 1 ? "" : "s"} like 1,234 could use either separator`
        : `decimal "${decimalSeparator}" (locale ${locale}; no value has decimals)`,
    );
  }
  const other: Separator = decimalSeparator === "." ? "," : ".";
  // A lone separator followed by 3 digits is a thousands separator once the decimal one is known to be the other.
  if (ambiguous[other] > 0) groupVotes.set(other, (groupVotes.get(other) ?? 0) + ambiguous[other]);
  groupVotes.delete(decimalSeparator);
  const thousandsSeparator = mostVoted(groupVotes) ?? "";
  if (thousandsSeparator) notes.push(`thousands "${thousandsSeparator}"`);
  const negative = mostVoted(markers) ?? "minus";
  notes.push(`negatives ${describeNegative(negative)}`);
  const currencySymbol = mostVoted(currencies);
  if (currencySymbol) notes.push(`currency ${currencySymbol}`);
  return { format: { decimalSeparator, thousandsSeparator, negative, ...(currencySymbol ? { currencySymbol } : {}) }, notes };
}

function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) n++;
  return n;
}

function mostVoted<K>(votes: Map<K, number>): K | undefined {
  let best: K | undefined;
  let bestCount = 0;
  for (const [key, n] of votes) {
    if (n > bestCount) {
      best = key;
      bestCount = n;
    }
  }
  return best;
}

const localeDecimals = new Map<string, Separator>();

/** The decimal separator a locale writes ("," for de-DE), from the ICU data Node ships. */
export function localeDecimalSeparator(locale: string): Separator {
  let separator = localeDecimals.get(locale);
  if (separator === undefined) {
    let decimal: string | undefined;
    try {
      decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === "decimal")?.value;
    } catch {
      decimal = undefined; // an unknown locale reads like the default
    }
    separator = decimal === "," ? "," : ".";
    localeDecimals.set(locale, separator);
  }
  return separator;
}

/**
 * The plainest amounts a format allows ("-1,234.56"), as one regex: reading
 * checks every cell, and nearly all of them take this path instead of the
 * full parse. It accepts a subset of what readAmount accepts.
 */
export function plainAmountPattern(format: AmountProfile): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const grouped = format.thousandsSeparator ? `\\d{1,3}(?:${escape(format.thousandsSeparator)}\\d{3})+|` : "";
  return new RegExp(`^-?(?:${grouped}\\d+)(?:${escape(format.decimalSeparator)}\\d{1,${MAX_FRACTION_DIGITS}})?$`);
}
