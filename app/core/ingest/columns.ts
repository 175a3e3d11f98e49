import { parseBoolean, parseInteger } from "./normalize";
import type { AmountProfile, ColumnProfile, ColumnType, DateProfile } from "./types";
import { detectAmountFormat, hasLeadingZero, localeDecimalSeparator, readAmount, splitAmount } from "./values/amount";
import { isIsoCurrencyCode } from "~/core/values/currency";
import { detectDateFormat, orderOfPattern, patternWithOrder, type DateDetection, type LocatedValue } from "./values/date-detection";
import { compileDatePattern, isKnownTimeZone, parseDateParts } from "./values/date-patterns";
import { isNullToken } from "./values/nulls";

/**
 * Column types from sampled values. Inference proposes, it never rejects: a
 * valid provider file must not fail because a guess was wrong. Every
 * candidate type is tried on every non-null value; the type most values fit
 * wins (ties go to the more specific type: integer before amount), and only
 * if it fits every sampled value. A type that fits most but not all of them
 * is demoted to text, with the evidence saying how many values did not fit
 * and where the first one is. Identifier-like digit strings (longer than 15
 * digits, beyond 2^53, with leading zeros) stay text, and a currency type
 * needs either a header that names a currency or values that are all
 * currency codes including a widely traded one. Only a type the user
 * confirmed (an override, `confirmed: true`) makes strict reading reject
 * rows that do not fit it.
 */

/** Share of non-null values above which a type that still misses some is reported as "demoted" (near miss) rather than plain text. */
const MIN_FIT_SHARE = 0.9;
const MAX_MISFITS = 5;

/** Candidate order: earlier wins a tie. */
const SPECIFICITY: ColumnType[] = ["boolean", "integer", "date", "datetime", "amount", "currency"];

export interface ColumnContext {
  locale: string;
  /** Ends every evidence string ("sample: the whole file, up to 10,000 rows"): a type is only as good as what was seen. */
  scope: string;
}

interface Evaluation {
  type: ColumnType;
  fit: number;
  misfits: string[];
  /** The first value (in sample order) that does not fit, for the demotion evidence. */
  firstMisfit?: LocatedValue;
  notes: string[];
  amount?: AmountProfile;
  date?: DateProfile;
  ambiguous?: boolean;
}

function evaluate(type: ColumnType, values: readonly LocatedValue[], fits: (value: string) => boolean, extra: Omit<Evaluation, "type" | "fit" | "misfits">): Evaluation {
  let fit = 0;
  let firstMisfit: LocatedValue | undefined;
  const misfits = new Set<string>();
  for (const located of values) {
    if (fits(located.value)) {
      fit++;
      continue;
    }
    firstMisfit ??= located;
    if (misfits.size < MAX_MISFITS) misfits.add(located.value);
  }
  const evaluation: Evaluation = { type, fit, misfits: [...misfits], ...extra };
  if (firstMisfit) evaluation.firstMisfit = firstMisfit;
  return evaluation;
}

const LEADING_ZERO_INTEGER = /^[+-]?0\d/;

/**
 * More digits than a double holds exactly (2^53 has 16 digits; 15 always
 * fit): such a value is an identifier (a PSP reference, a card or account
 * number), never a quantity, and reading it as a number would change it.
 */
const MAX_NUMBER_DIGITS = 15;

function digitCount(value: string): number {
  let digits = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
  }
  return digits;
}

function isLongDigitString(value: string): boolean {
  return digitCount(value) > MAX_NUMBER_DIGITS;
}

function evaluateAmount(values: readonly LocatedValue[], format: AmountProfile, notes: string[]): Evaluation {
  return evaluate(
    "amount",
    values,
    (value) => {
      if (isLongDigitString(value)) return false;
      const read = readAmount(value, format);
      return typeof read !== "string" && !hasLeadingZero(read.pieces.body, format.decimalSeparator);
    },
    { notes, amount: format },
  );
}

function evaluateDate(values: readonly LocatedValue[], type: "date" | "datetime", date: DateProfile, notes: string[], ambiguous: boolean): Evaluation {
  const compiled = compileDatePattern(date.pattern);
  if (typeof compiled === "string") return { type, fit: 0, misfits: values.slice(0, MAX_MISFITS).map((v) => v.value), notes: [`pattern "${date.pattern}": ${compiled}`], date };
  return evaluate(type, values, (value) => typeof parseDateParts(value, compiled) !== "string", { notes, date, ambiguous });
}

function detectedAmount(values: readonly LocatedValue[], locale: string) {
  const shaped = values.map((v) => v.value).filter((value) => splitAmount(value) !== null);
  return detectAmountFormat(shaped, localeDecimalSeparator(locale), locale);
}

function candidates(name: string, values: readonly LocatedValue[], context: ColumnContext, dates: DateDetection | null): Evaluation[] {
  const evaluations: Evaluation[] = [
    evaluate("boolean", values, (value) => parseBoolean(value) !== undefined, { notes: [] }),
    evaluate("integer", values, (value) => typeof parseInteger(value) === "number" && !LEADING_ZERO_INTEGER.test(value) && !isLongDigitString(value), { notes: [] }),
    evaluateCurrency(name, values),
  ];
  const amount = detectedAmount(values, context.locale);
  evaluations.push(evaluateAmount(values, amount.format, amount.notes));
  if (dates) evaluations.push(evaluateDate(values, dates.type, dates.date, [`pattern ${dates.date.pattern}`, ...dates.notes], dates.ambiguous));
  return evaluations;
}

/**
 * Header words that say a column holds currencies, in the languages our
 * provider exports use (Amazon DE "Währung", French banks "devise").
 */
const CURRENCY_HEADER_WORDS: ReadonlySet<string> = new Set(["currency", "currencies", "ccy", "cur", "curr", "waehrung", "währung", "devise", "moneda", "divisa", "valuta", "iso4217"]);

/**
 * Codes that, seen in a column of codes, make it a currency column without
 * a header saying so. A 3-letter code column of rare codes alone is not
 * enough: Amazon's fulfillment channel "AFN" is also the Afghan afghani.
 */
const WIDELY_TRADED_CURRENCIES: ReadonlySet<string> = new Set(["USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "NZD", "CNY", "HKD", "SGD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "MXN", "BRL", "INR", "KRW", "ZAR", "TRY", "AED", "SAR", "ILS", "THB", "MYR", "IDR", "PHP", "TWD", "RON"]);

export function headerNamesCurrency(name: string): boolean {
  const words = name.toLowerCase().split(/[^\p{L}\d]+/u);
  return words.some((word) => CURRENCY_HEADER_WORDS.has(word)) || /currency|waehrung|währung/.test(name.toLowerCase());
}

function evaluateCurrency(name: string, values: readonly LocatedValue[]): Evaluation {
  const evaluation = evaluate("currency", values, isIsoCurrencyCode, { notes: ["ISO 4217 codes"] });
  if (headerNamesCurrency(name)) return { ...evaluation, notes: [...evaluation.notes, `the header "${name}" names a currency`] };
  const widelyTraded = values.find((v) => WIDELY_TRADED_CURRENCIES.has(v.value));
  if (evaluation.fit === values.length && widelyTraded) return { ...evaluation, notes: [...evaluation.notes, `includes ${widelyTraded.value}`] };
  // Codes alone, none of them a widely traded currency, and no header saying so: not evidence enough.
  return { ...evaluation, fit: 0 };
}

function best(evaluations: Evaluation[]): Evaluation | undefined {
  let winner: Evaluation | undefined;
  for (const type of SPECIFICITY) {
    const evaluation = evaluations.find((e) => e.type === type);
    if (evaluation && evaluation.fit > 0 && (!winner || evaluation.fit > winner.fit)) winner = evaluation;
  }
  return winner;
}

/** A column type forced (or implied, by a format) by the user's override, evaluated on the sample like any other. */
function overridden(values: readonly LocatedValue[], override: Partial<ColumnProfile>, context: ColumnContext, dates: DateDetection | null): Evaluation | null {
  const dateType = (pattern: string | undefined): "date" | "datetime" => {
    if (!pattern) return dates?.type ?? "date"; // an order alone keeps the detected kind
    if (pattern === "iso") return dates?.type ?? "datetime";
    const compiled = compileDatePattern(pattern);
    return typeof compiled !== "string" && compiled.hasTime ? "datetime" : "date";
  };
  const type = override.type ?? (override.amount ? "amount" : override.date ? dateType(override.date.pattern) : undefined);
  if (!type) return null;
  const note = "set by override";
  switch (type) {
    case "amount": {
      const detected = detectedAmount(values, context.locale);
      const format = { ...detected.format, ...override.amount };
      return evaluateAmount(values, format, override.amount ? [note, ...describeAmount(format)] : [note, ...detected.notes]);
    }
    case "date":
    case "datetime": {
      const given = override.date;
      // Forms and JSON send {order: "DMY"} alone (or an empty pattern) to mean "keep the detected pattern, day first".
      const givenPattern = given?.pattern ? given.pattern : undefined;
      let pattern = givenPattern ?? dates?.date.pattern;
      if (!pattern) return { type, fit: 0, misfits: values.slice(0, MAX_MISFITS).map((v) => v.value), notes: [note, "no date pattern detected; set date.pattern"] };
      if (!givenPattern && given?.order) pattern = patternWithOrder(pattern, given.order);
      const date: DateProfile = { pattern, order: orderOfPattern(pattern) };
      const timeZone = given?.timeZone ?? dates?.date.timeZone;
      if (timeZone) date.timeZone = timeZone;
      const notes = [note, `pattern ${pattern}`];
      if (timeZone && !isKnownTimeZone(timeZone)) notes.push(`unknown time zone "${timeZone}"`);
      // The user settled the order by choosing a pattern or order; only detection leaves it ambiguous.
      const stillAmbiguous = !givenPattern && !given?.order && (dates?.ambiguous ?? false);
      return evaluateDate(values, type, date, stillAmbiguous ? [...notes, ...(dates?.notes ?? [])] : notes, stillAmbiguous);
    }
    case "boolean":
    case "integer":
    case "currency": {
      const evaluation = candidates("", values, context, null).find((e) => e.type === type)!;
      // The user said so: a currency override does not need the header or a widely traded code.
      if (type === "currency") return { ...evaluate("currency", values, isIsoCurrencyCode, { notes: ["ISO 4217 codes"] }), notes: [note, "ISO 4217 codes"] };
      return { ...evaluation, notes: [note, ...evaluation.notes] };
    }
    case "string":
    case "empty":
      return { type, fit: values.length, misfits: [], notes: [note] };
  }
}

/** Why a column stayed text, most telling reason first. */
function textReason(values: readonly LocatedValue[], winner: Evaluation | undefined): string {
  const longDigits = values.filter((v) => /^[+-]?\d+$/.test(v.value) && isLongDigitString(v.value));
  if (longDigits.length > 0) {
    return `${longDigits.length} value${longDigits.length === 1 ? " has" : "s have"} more than ${MAX_NUMBER_DIGITS} digits (e.g. line ${longDigits[0]!.line} '${longDigits[0]!.value}'): identifiers, kept as text with every digit`;
  }
  const leadingZeros = values.filter((v) => LEADING_ZERO_INTEGER.test(v.value));
  if (leadingZeros.length > 0) {
    return `${leadingZeros.length} value${leadingZeros.length === 1 ? " has" : "s have"} leading zeros (e.g. ${leadingZeros[0]!.value}): identifiers, kept as text`;
  }
  if (!winner) return "free text";
  if (winner.fit >= values.length * MIN_FIT_SHARE && winner.firstMisfit) {
    // Close to a type: name it and the first value in the way, so a user who knows better can confirm the type.
    const misfitCount = values.length - winner.fit;
    const { line, value } = winner.firstMisfit;
    const verb = misfitCount === 1 ? `is not ${typeNoun(winner.type, 1)}` : `are not ${typeNoun(winner.type, misfitCount)}`;
    return `demoted: ${misfitCount.toLocaleString("en-US")} of ${values.length.toLocaleString("en-US")} values ${verb}, e.g. line ${line} '${value}'`;
  }
  return `no type fits the ${values.length} non-null values (closest: ${winner.type}, ${winner.fit})`;
}

const TYPE_NOUNS: Partial<Record<ColumnType, [one: string, many: string]>> = {
  integer: ["an integer", "integers"],
  amount: ["an amount", "amounts"],
  date: ["a date", "dates"],
  datetime: ["a date-time", "date-times"],
  boolean: ["a boolean", "booleans"],
  currency: ["a currency code", "currency codes"],
};

function typeNoun(type: ColumnType, count: number): string {
  const nouns = TYPE_NOUNS[type];
  if (!nouns) return type;
  return count === 1 ? nouns[0] : nouns[1];
}

function describeAmount(format: AmountProfile): string[] {
  const notes = [`decimal "${format.decimalSeparator}"`];
  if (format.thousandsSeparator) notes.push(`thousands "${format.thousandsSeparator}"`);
  notes.push(`negatives ${format.negative}`);
  if (format.currencySymbol) notes.push(`currency ${format.currencySymbol}`);
  return notes;
}

export function profileColumn(
  name: string,
  index: number,
  cells: ReadonlyArray<string | null>,
  lines: ArrayLike<number>,
  context: ColumnContext,
  override?: Partial<ColumnProfile>,
): ColumnProfile {
  const values: LocatedValue[] = [];
  for (let row = 0; row < cells.length; row++) {
    const cell = cells[row]!;
    if (!isNullToken(cell)) values.push({ value: cell!.trim(), line: lines[row]! });
  }
  const total = cells.length;
  const nullCount = total - values.length;
  const counts = `${nullCount} null; ${context.scope}`;
  const dates = values.length > 0 ? detectDateFormat(values, context.locale) : null;

  const forced = override ? overridden(values, override, context, dates) : null;
  let chosen: Evaluation;
  if (forced) {
    chosen = forced;
  } else if (values.length === 0) {
    chosen = { type: "empty", fit: 0, misfits: [], notes: [] };
  } else {
    const evaluations = candidates(name, values, context, dates);
    const winner = best(evaluations);
    if (winner && winner.fit === values.length) {
      chosen = winner;
    } else {
      chosen = { type: "string", fit: values.length, misfits: [], notes: [textReason(values, winner)] };
    }
  }

  let evidence: string;
  if (chosen.type === "empty" && !forced) evidence = `empty: every cell is empty or a null token; ${counts}`;
  else if (chosen.type === "string" && !forced) evidence = `string: ${chosen.notes.join("; ")}; ${counts}`;
  else evidence = `${chosen.type}: ${chosen.fit} of ${values.length} non-null values fit${chosen.notes.length > 0 ? ` (${chosen.notes.join("; ")})` : ""}; ${counts}`;

  const profile: ColumnProfile = { name, index, type: chosen.type, nullCount, fit: chosen.fit, total, misfits: chosen.misfits, evidence };
  if (forced) profile.confirmed = true;
  if (chosen.ambiguous) profile.ambiguous = true;
  if (chosen.amount) profile.amount = chosen.amount;
  if (chosen.date) profile.date = chosen.date;
  return profile;
}

export interface SampledRows {
  header: readonly string[];
  /** Per data row: its line and one cell per header column (null when empty). */
  rows: ReadonlyArray<{ line: number; cells: ReadonlyArray<string | null> }>;
}

/** Profiles every column of a sample; `overrides` are keyed by column name. */
export function profileColumns(sample: SampledRows, context: ColumnContext, overrides: Record<string, Partial<ColumnProfile>> | undefined): ColumnProfile[] {
  const lines = sample.rows.map((row) => row.line);
  return sample.header.map((name, index) =>
    profileColumn(
      name,
      index,
      sample.rows.map((row) => row.cells[index] ?? null),
      lines,
      context,
      overrides?.[name],
    ),
  );
}

/** Column overrides naming no column of the file: a typo a user should hear about. */
export function unknownOverrideColumns(header: readonly string[], overrides: Record<string, Partial<ColumnProfile>> | undefined): string[] {
  return Object.keys(overrides ?? {}).filter((name) => !header.includes(name));
}
