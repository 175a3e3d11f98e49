import { compileLinearRegex, describeRegexProblem, RegexSyntaxError, type LinearRegex } from "../linear-regex";
import { replaceAllMatches } from "../regex-replace";
import type { NumberColumn } from "../types";
import type { ByteTextColumn } from "~/core/values/text-column";
import { compileExpression, ExpressionError, type ExpressionScope, type Value } from "../expression";
import type { Transform } from "../rule-set";
import { compileAmountParser } from "~/core/values/amounts";
import { compileDayParser, formatIsoDay, resolveTimeZone, type DayParser } from "~/core/values/dates";
import { NormalizeDefinitionError } from "./errors";
import { isFailure, TransformFailure, type ChainValue, type StepResult } from "~/core/values/transform-failure";

/**
 * One transform step, compiled once into a small closure and then called per
 * row. Steps never throw for bad data: they return a TransformFailure, which
 * the chain runner turns into a NormalizeIssue.
 *
 * Null in, null out, for every step that reads the incoming value: a blank
 * cell stays blank rather than becoming "" or 0. The steps that produce a
 * value of their own (constant, concat, coalesce, expression) decide for
 * themselves.
 */

/** What a step produces, as far as is known before reading data: "date" is ISO text from parseDate; "any" comes from expressions. */
export type ValueKind = "text" | "number" | "date" | "any";

/** Row-indexed access to the raw table. */
export interface TransformContext {
  /** A raw column's cells, or undefined when the table has no such column. */
  columnCells(name: string): ReadonlyArray<string | null> | undefined;
  /** A raw column the reader kept as bytes (RawTable.textBytes), or undefined. */
  columnBytes?(name: string): ByteTextColumn | undefined;
  /** Whether the table has the column, without reading its cells. */
  hasColumn?(name: string): boolean;
  /** A column the reader parsed to numbers (RawTable.numberColumns), or undefined. */
  numberColumn?(name: string): NumberColumn | undefined;
  lookups: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** What flows into a step: its static kind, and whether there is an incoming value at all (not for the first step of a mapping without a column). */
export interface StepInput {
  kind: ValueKind;
  hasValue: boolean;
}

export type CompiledStep = (value: ChainValue, row: number) => StepResult;

export interface CompiledTransform {
  run: CompiledStep;
  kind: ValueKind;
  /** parseDate only: the parser straight to day numbers, so `date` can skip the ISO text in between. */
  dayParser?: DayParser;
}

/** A definition problem, located by a JSON pointer relative to the transform ("" or "/format"). */
export interface TransformProblem {
  path: string;
  message: string;
}

/** Numbers (minor units) read as text in text steps: exact, since they are integers. */
function asText(value: string | number): string {
  return typeof value === "string" ? value : String(value);
}

/** RE2 semantics (linear time, see linear-regex.ts), compiled once per mapping and reused for every row. */
function compileRegex(pattern: string, flags: string): LinearRegex | TransformProblem {
  try {
    return compileLinearRegex(pattern, flags);
  } catch (error) {
    if (!(error instanceof RegexSyntaxError)) throw error;
    return { path: "/pattern", message: describeRegexProblem(error) };
  }
}

function isProblem(compiled: LinearRegex | TransformProblem): compiled is TransformProblem {
  return "path" in compiled;
}

const NUMBER_NEEDED = "needs a number; parse the text with parseAmount first";

function needsNumber(op: string, input: StepInput): TransformProblem[] {
  if (input.kind === "text" || input.kind === "date") return [{ path: "/op", message: `${op} ${NUMBER_NEEDED}` }];
  return [];
}

const NOT_A_NUMBER = new TransformFailure(`got text but ${NUMBER_NEEDED}`);
const NOT_TEXT = new TransformFailure("got a number but needs text");

export function compileTransform(transform: Transform, input: StepInput, context: TransformContext): CompiledTransform | TransformProblem[] {
  switch (transform.op) {
    case "trim":
      return { kind: "text", run: (value) => (value === null ? null : asText(value).trim()) };
    case "upper":
      return { kind: "text", run: (value) => (value === null ? null : asText(value).toUpperCase()) };
    case "lower":
      return { kind: "text", run: (value) => (value === null ? null : asText(value).toLowerCase()) };
    case "digitsOnly": {
      const nonDigits = /[^0-9]+/g;
      return { kind: "text", run: (value) => (value === null ? null : asText(value).replace(nonDigits, "")) };
    }
    case "pad": {
      const { length, char, side } = transform;
      if (side === "left") return { kind: "text", run: (value) => (value === null ? null : asText(value).padStart(length, char)) };
      return { kind: "text", run: (value) => (value === null ? null : asText(value).padEnd(length, char)) };
    }
    case "substring":
      return compileSubstring(transform.start, transform.length);
    case "regexExtract":
      return compileRegexExtract(transform.pattern, transform.flags, transform.group);
    case "regexReplace": {
      // The schema forbids "g", and replacing only the first match is rarely
      // what a mapping means ("strip every non-digit"), so every match is replaced.
      const regex = compileRegex(transform.pattern, transform.flags);
      if (isProblem(regex)) return [regex];
      const { replacement } = transform;
      return { kind: "text", run: (value) => (value === null ? null : replaceAllMatches(asText(value), regex, replacement)) };
    }
    case "parseDate":
      return compileParseDate(transform.format, transform.timeZone, input);
    case "parseAmount": {
      if (transform.decimalSeparator === transform.thousandsSeparator) {
        return [{ path: "/thousandsSeparator", message: `must differ from the decimal separator "${transform.decimalSeparator}"` }];
      }
      if (input.kind === "number") return [{ path: "/op", message: "parseAmount needs text, but the value is already a number" }];
      const parse = compileAmountParser(transform);
      return { kind: "number", run: (value) => (value === null ? null : typeof value === "number" ? NOT_TEXT : parse(value)) };
    }
    case "negate": {
      const problems = needsNumber("negate", input);
      if (problems.length > 0) return problems;
      // 0 - x rather than -x: a negated zero stays 0, never -0.
      return { kind: "number", run: (value) => (value === null ? null : typeof value === "string" ? NOT_A_NUMBER : 0 - value) };
    }
    case "absolute": {
      const problems = needsNumber("absolute", input);
      if (problems.length > 0) return problems;
      return { kind: "number", run: (value) => (value === null ? null : typeof value === "string" ? NOT_A_NUMBER : Math.abs(value)) };
    }
    case "scale": {
      const problems = needsNumber("scale", input);
      if (problems.length > 0) return problems;
      return compileScale(transform.power);
    }
    case "concat":
      return compileConcat(transform.columns, transform.separator, input, context);
    case "coalesce":
      return compileCoalesce(transform.columns, input, context);
    case "constant": {
      const constant = transform.value;
      if (typeof constant === "number" && !Number.isSafeInteger(constant)) {
        return [{ path: "/value", message: "a number constant is in minor units and must be a whole number" }];
      }
      const kind: ValueKind = constant === null ? "any" : typeof constant === "number" ? "number" : "text";
      return { kind, run: () => constant };
    }
    case "lookup":
      return compileLookup(transform.table, transform.onMissing, transform.default, input, context);
    case "expression":
      return compileExpressionStep(transform.expression, input, context);
  }
}

function compileSubstring(start: number, length: number | undefined): CompiledTransform {
  // Positions count UTF-16 code units, like String#slice; a negative start counts from the end.
  return {
    kind: "text",
    run: (value) => {
      if (value === null) return null;
      const text = asText(value);
      const begin = start < 0 ? Math.max(0, text.length + start) : Math.min(start, text.length);
      const end = length === undefined ? text.length : Math.min(text.length, begin + length);
      return text.slice(begin, end);
    },
  };
}

function compileRegexExtract(pattern: string, flags: string, group: number | string): CompiledTransform | TransformProblem[] {
  const regex = compileRegex(pattern, flags);
  if (isProblem(regex)) return [regex];
  const groupCount = regex.groupCount;
  if (typeof group === "number") {
    if (group > groupCount) return [{ path: "/group", message: `the pattern has ${groupCount} capture group${groupCount === 1 ? "" : "s"}, so there is no group ${group}` }];
    // No match, or a group that did not take part in it, is null: "no invoice number in this description" is data, not an error.
    return { kind: "text", run: (value) => (value === null ? null : (regex.exec(asText(value))?.captures[group] ?? null)) };
  }
  if (!regex.groupNames.has(group)) {
    return [{ path: "/group", message: `the pattern has no group named "${group}"; name one with (?<${group}>…)` }];
  }
  return { kind: "text", run: (value) => (value === null ? null : (regex.exec(asText(value))?.named.get(group) ?? null)) };
}

function compileParseDate(format: string, timeZone: string, input: StepInput): CompiledTransform | TransformProblem[] {
  const problems: TransformProblem[] = [];
  const zone = resolveTimeZone(timeZone);
  if (zone === null) problems.push({ path: "/timeZone", message: `"${timeZone}" is not an IANA time zone (e.g. "America/New_York" or "UTC")` });
  if (input.kind === "number") problems.push({ path: "/op", message: "parseDate needs text, but the value is a number" });
  const parser = compileDayParser(format, zone ?? "UTC");
  if (typeof parser === "string") problems.push({ path: "/format", message: parser });
  if (problems.length > 0 || typeof parser === "string") return problems;
  const isoByDay = new Map<number, string>();
  return {
    kind: "date",
    dayParser: parser,
    // In a chain, a date is ISO text: what expressions and text fields see, and sortable as text.
    run: (value) => {
      if (value === null) return null;
      if (typeof value === "number") return NOT_TEXT;
      const day = parser(value);
      if (day === null || isFailure(day)) return day;
      let iso = isoByDay.get(day);
      if (iso === undefined) {
        iso = formatIsoDay(day);
        if (isoByDay.size < 100_000) isoByDay.set(day, iso);
      }
      return iso;
    },
  };
}

function compileScale(power: number): CompiledTransform {
  const factor = 10 ** Math.abs(power);
  if (power >= 0) {
    return {
      kind: "number",
      run: (value) => {
        if (value === null) return null;
        if (typeof value === "string") return NOT_A_NUMBER;
        const scaled = value * factor;
        return Number.isSafeInteger(scaled) ? scaled : new TransformFailure(`${value} × 10^${power} is too large to hold exactly`);
      },
    };
  }
  return {
    kind: "number",
    run: (value) => {
      if (value === null) return null;
      if (typeof value === "string") return NOT_A_NUMBER;
      // Dividing must leave whole minor units; rounding money here would be silent loss.
      if (value % factor !== 0) return new TransformFailure(`${value} ÷ 10^${-power} is not a whole number of minor units`);
      return value / factor + 0;
    },
  };
}

/** Cells of each named column, and problems naming the missing ones. */
function resolveColumns(columns: readonly string[], context: TransformContext): { cells: Array<ReadonlyArray<string | null>>; problems: TransformProblem[] } {
  const problems: TransformProblem[] = [];
  const cells: Array<ReadonlyArray<string | null>> = [];
  columns.forEach((column, index) => {
    const found = context.columnCells(column);
    if (found) cells.push(found);
    else problems.push({ path: `/columns/${index}`, message: `no column "${column}" in the file` });
  });
  return { cells, problems };
}

function compileConcat(columns: readonly string[], separator: string, input: StepInput, context: TransformContext): CompiledTransform | TransformProblem[] {
  const { cells: columnCells, problems } = resolveColumns(columns, context);
  if (problems.length > 0) return problems;
  const { hasValue } = input;
  // Like SQL's concat_ws: null parts are skipped, and all-null is null. After
  // a column or an earlier step the incoming value is the first part.
  return {
    kind: "text",
    run: (value, row) => {
      let joined: string | null = hasValue && value !== null ? asText(value) : null;
      for (let c = 0; c < columnCells.length; c++) {
        const cell = columnCells[c]![row] ?? null;
        if (cell === null) continue;
        joined = joined === null ? cell : joined + separator + cell;
      }
      return joined;
    },
  };
}

function compileCoalesce(columns: readonly string[], input: StepInput, context: TransformContext): CompiledTransform | TransformProblem[] {
  const { cells: columnCells, problems } = resolveColumns(columns, context);
  if (problems.length > 0) return problems;
  const { hasValue } = input;
  const kind: ValueKind = !hasValue || input.kind === "text" || input.kind === "date" ? "text" : "any";
  return {
    kind,
    run: (value, row) => {
      if (hasValue && value !== null) return value;
      for (let c = 0; c < columnCells.length; c++) {
        const cell = columnCells[c]![row] ?? null;
        if (cell !== null) return cell;
      }
      return null;
    },
  };
}

function compileLookup(
  tableName: string,
  onMissing: "null" | "keep" | "default",
  fallback: string | null,
  input: StepInput,
  context: TransformContext,
): CompiledTransform | TransformProblem[] {
  const table = Object.hasOwn(context.lookups, tableName) ? context.lookups[tableName] : undefined;
  if (!table) return [{ path: "/table", message: `no lookup table named "${tableName}" in the rule set's lookups` }];
  // A Map, not the object: a key like "constructor" must not find Object.prototype.
  const entries = new Map(Object.entries(table));
  const kind: ValueKind = onMissing === "keep" && input.kind !== "text" && input.kind !== "date" ? "any" : "text";
  return {
    kind,
    run: (value) => {
      if (value === null) return null;
      const found = entries.get(asText(value));
      if (found !== undefined) return found;
      if (onMissing === "keep") return value;
      return onMissing === "default" ? fallback : null;
    },
  };
}

/** Where an expression problem sits, for a message an editor can point at. */
export function describeExpressionError(error: ExpressionError): string {
  return `${error.message} (at character ${error.offset + 1})`;
}

function compileExpressionStep(source: string, input: StepInput, context: TransformContext): CompiledTransform | TransformProblem[] {
  let compiled;
  try {
    compiled = compileExpression(source);
  } catch (error) {
    if (error instanceof ExpressionError) return [{ path: "/expression", message: describeExpressionError(error) }];
    throw error;
  }
  const cellsByName = new Map<string, ReadonlyArray<string | null>>();
  const problems: TransformProblem[] = [];
  for (const name of compiled.identifiers) {
    if (name === "value") continue;
    const cells = context.columnCells(name);
    if (cells) cellsByName.set(name, cells);
    // A misspelt name would read null on every row and quietly change every result.
    else problems.push({ path: "/expression", message: `unknown name "${name}": only \`value\` and the file's columns can be used here` });
  }
  if (problems.length > 0) return problems;

  // One scope for every row: `value` is the incoming value (it shadows a
  // column called "value"), other names are raw columns of the current row.
  let currentRow = 0;
  let currentValue: Value = null;
  const scope: ExpressionScope = {
    get: (name) => (name === "value" ? currentValue : (cellsByName.get(name)?.[currentRow] ?? null)),
  };
  const { hasValue } = input;
  return {
    kind: "any",
    run: (value, row) => {
      currentRow = row;
      currentValue = hasValue ? value : null;
      let result: Value;
      try {
        result = compiled.run(scope);
      } catch (error) {
        if (error instanceof ExpressionError) return new TransformFailure(error.message);
        throw error;
      }
      // Chains carry text, numbers and null; a condition's result becomes the text "true" or "false".
      if (typeof result === "boolean") return result ? "true" : "false";
      if (typeof result === "number" && !Number.isFinite(result)) return new TransformFailure(`produced ${result}, not a finite number`);
      return result;
    },
  };
}

/**
 * Applies one transform to one value, for previews and tests: `columns` is
 * the row that concat, coalesce and expression read. Definition problems
 * throw NormalizeDefinitionError with pointers relative to the transform.
 */
export function applyTransform(
  transform: Transform,
  value: ChainValue,
  row: { columns?: Readonly<Record<string, string | null>>; lookups?: Readonly<Record<string, Readonly<Record<string, string>>>>; hasValue?: boolean } = {},
): { ok: true; value: ChainValue } | { ok: false; message: string } {
  const columns = row.columns ?? {};
  const context: TransformContext = {
    columnCells: (name) => (Object.hasOwn(columns, name) ? [columns[name] ?? null] : undefined),
    lookups: row.lookups ?? {},
  };
  const kind: ValueKind = value === null ? "any" : typeof value === "number" ? "number" : "text";
  const compiled = compileTransform(transform, { kind, hasValue: row.hasValue ?? true }, context);
  if (Array.isArray(compiled)) {
    throw new NormalizeDefinitionError(compiled.map((problem) => ({ pointer: problem.path, message: problem.message })));
  }
  const result = compiled.run(value, 0);
  if (isFailure(result)) return { ok: false, message: result.message };
  return { ok: true, value: result };
}
