import { parseBoolean, parseInteger } from "./normalize";
import type { AmountProfile, ColumnProfile, ColumnType, DateProfile } from "./types";
import { detectAmountFormat, hasLeadingZero, localeDecimalSeparator, readAmount, splitAmount } from "./values/amount";
import { isIsoCurrencyCode } from "./values/currency";
import {
  compileDatePattern,
  detectDateFormat,
  isKnownTimeZone,
  orderOfPattern,
  parseDateParts,
  patternWithOrder,
  type DateDetection,
  type LocatedValue,
} from "./values/date";
import { isNullToken } from "./values/nulls";

/**
 * Column types from sampled values. Every candidate type is tried on every
 * non-null value; the type most values fit wins (ties go to the more specific
 * type: integer before amount), provided it fits at least 90% of them —
 * otherwise the column is text. Misfits are kept as examples so a user sees
 * why, and strict reading rejects them later.
 */

/** Share of non-null values a type must fit; below it a column is text rather than a type with many errors. */
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
  notes: string[];
  amount?: AmountProfile;
  date?: DateProfile;
  ambiguous?: boolean;
}

function evaluate(type: ColumnType, values: readonly LocatedValue[], fits: (value: string) => boolean, extra: Omit<Evaluation, "type" | "fit" | "misfits">): Evaluation {
  let fit = 0;
  const misfits = new Set<string>();
  for (const { value } of values) {
    if (fits(value)) fit++;
    else if (misfits.size < MAX_MISFITS) misfits.add(value);
  }
  return { type, fit, misfits: [...misfits], ...extra };
}

const LEADING_ZERO_INTEGER = /^[+-]?0\d/;

function evaluateAmount(values: readonly LocatedValue[], format: AmountProfile, notes: string[]): Evaluation {
  return evaluate(
    "amount",
    values,
    (value) => {
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

function candidates(values: readonly LocatedValue[], context: ColumnContext, dates: DateDetection | null): Evaluation[] {
  const evaluations: Evaluation[] = [
    evaluate("boolean", values, (value) => parseBoolean(value) !== undefined, { notes: [] }),
    evaluate("integer", values, (value) => typeof parseInteger(value) === "number" && !LEADING_ZERO_INTEGER.test(value), { notes: [] }),
    evaluate("currency", values, isIsoCurrencyCode, { notes: ["ISO 4217 codes"] }),
  ];
  const amount = detectedAmount(values, context.locale);
  evaluations.push(evaluateAmount(values, amount.format, amount.notes));
  if (dates) evaluations.push(evaluateDate(values, dates.type, dates.date, [`pattern ${dates.date.pattern}`, ...dates.notes], dates.ambiguous));
  return evaluations;
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
      const evaluation = candidates(values, context, null).find((e) => e.type === type)!;
      return { ...evaluation, notes: [note, ...evaluation.notes] };
    }
    case "string":
    case "empty":
      return { type, fit: values.length, misfits: [], notes: [note] };
  }
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
    const evaluations = candidates(values, context, dates);
    const winner = best(evaluations);
    if (winner && winner.fit >= values.length * MIN_FIT_SHARE) {
      chosen = winner;
    } else {
      const leadingZeros = values.filter((v) => LEADING_ZERO_INTEGER.test(v.value));
      const reason =
        leadingZeros.length > 0
          ? `${leadingZeros.length} value${leadingZeros.length === 1 ? " has" : "s have"} leading zeros (e.g. ${leadingZeros[0]!.value}): identifiers, kept as text`
          : winner
            ? `no type fits ${MIN_FIT_SHARE * 100}% of the ${values.length} non-null values (closest: ${winner.type}, ${winner.fit})`
            : "free text";
      chosen = { type: "string", fit: values.length, misfits: [], notes: [reason] };
    }
  }

  let evidence: string;
  if (chosen.type === "empty" && !forced) evidence = `empty: every cell is empty or a null token; ${counts}`;
  else if (chosen.type === "string" && !forced) evidence = `string: ${chosen.notes.join("; ")}; ${counts}`;
  else evidence = `${chosen.type}: ${chosen.fit} of ${values.length} non-null values fit${chosen.notes.length > 0 ? ` (${chosen.notes.join("; ")})` : ""}; ${counts}`;

  const profile: ColumnProfile = { name, index, type: chosen.type, nullCount, fit: chosen.fit, total, misfits: chosen.misfits, evidence };
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
