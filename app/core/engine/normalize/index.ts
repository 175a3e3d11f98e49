import { compileExpression, ExpressionError, type CompiledExpression, type ExpressionScope, type Value } from "../expression";
import { CANONICAL_FIELDS, type FieldMapping, type SideDefinition } from "../rule-set";
import { NULL_DATE, type CanonicalTable, type NumberColumn, type RawTable } from "../types";
import { compileAmountParser, DEFAULT_AMOUNT_FORMAT } from "~/core/values/amounts";
import { compileDayParser, formatIsoDay, type DayParser } from "~/core/values/dates";
import { NormalizeDefinitionError, type DefinitionIssue, type NormalizeIssue } from "./errors";
import { isFailure, TransformFailure, type ChainValue, type StepResult } from "~/core/values/transform-failure";
import { describeNumberSpec, numberSpecOfMapping, sameNumberSpec } from "./number-columns";
import { compileTransform, describeExpressionError, type CompiledStep, type TransformContext, type ValueKind } from "./transforms";

/**
 * Mapping a side: raw string columns in, typed canonical columns out.
 *
 * Every chain is compiled once into an array of closures, then run column by
 * column with plain loops. Nothing is allocated per row except the values
 * themselves (and an issue when a cell fails). Definition problems are all
 * found before the first row is read and thrown together.
 */

export { applyTransform } from "./transforms";
export { NormalizeDefinitionError, type DefinitionIssue, type NormalizeIssue } from "./errors";
export { compileAmountParser, compileAmountRangeParser, DEFAULT_AMOUNT_FORMAT, type AmountFormat, type AmountRangeParser } from "~/core/values/amounts";
export { compileDayParser, compileDayRangeParser, daysFromCivil, formatIsoDay, type DayRangeParser } from "~/core/values/dates";
export type { ChainValue } from "~/core/values/transform-failure";
export { numberColumnsForSide, numberSpecOfMapping } from "./number-columns";

export interface NormalizeContext {
  lookups: Readonly<Record<string, Readonly<Record<string, string>>>>;
  sideName: "source" | "target";
}

export interface NormalizedSide {
  table: CanonicalTable;
  /** Rows (ascending) the scope filter did not accept; they stay in the table and become EXCLUDED. */
  excludedRows: number[];
  /** Cells that failed a transform (now null), then filter problems; ordered by row. */
  issues: NormalizeIssue[];
}

/** Where a mapping's final value is stored. "auto": a custom field ending in an expression, stored by what it produced. */
type Lane = "amount" | "currency" | "date" | "text" | "number" | "auto";

interface MappingPlan {
  field: string;
  column: string | null;
  /** The column's cells; null when the chain starts without a column, or when the column was read as numbers. */
  cells: ReadonlyArray<string | null> | null;
  /** The column as the reader parsed it to numbers: the chain's results, except for the cells in its failures. */
  numbers: NumberColumn | null;
  /** Transform steps, then the lane's own conversion when it needs one. */
  steps: CompiledStep[];
  /** Per step, the name an issue gives it ("parseAmount"). */
  labels: string[];
  lane: Lane;
}

interface SidePlan {
  mappings: MappingPlan[];
  filter: CompiledExpression | null;
}

const CANONICAL: ReadonlySet<string> = new Set(CANONICAL_FIELDS);

/** Transforms that produce a value of their own, so a chain may start with them without a column. */
const VALUE_SOURCES: ReadonlySet<string> = new Set(["constant", "concat", "coalesce", "expression"]);

// ---------------------------------------------------------------------------
// Lane conversions, appended to a chain as its last step

const wholeMinorUnits: CompiledStep = (value) => {
  if (value === null) return null;
  if (typeof value === "string") return new TransformFailure(`got text "${value}" where a number of minor units belongs`);
  return Number.isSafeInteger(value) ? value : new TransformFailure(`${value} is not a whole number of minor units`);
};

function amountConversion(kind: ValueKind): { step: CompiledStep; label: string } {
  if (kind === "number") return { step: wholeMinorUnits, label: "amount" };
  // `amount` mapped straight from a column (or from an expression's text) is parsed with the defaults: "-1234.56".
  const parse = compileAmountParser(DEFAULT_AMOUNT_FORMAT);
  return {
    label: kind === "any" ? "amount" : "parseAmount (default)",
    step: (value) => (typeof value === "string" ? parse(value) : wholeMinorUnits(value, 0)),
  };
}

function dayConversion(parser: DayParser): CompiledStep {
  return (value) => {
    if (value === null) return null;
    if (typeof value === "number") return new TransformFailure("got a number but a date needs text");
    return parser(value);
  };
}

const THREE_LETTERS = /^[A-Z]{3}$/;

function currencyConversion(): CompiledStep {
  // A file has a handful of distinct currency spellings; caching them keeps
  // one shared string per code instead of a fresh upper-cased copy per row.
  const normalized = new Map<string, StepResult>();
  return (value) => {
    if (value === null) return null;
    if (typeof value === "number") return new TransformFailure("got a number; a currency is a 3-letter ISO 4217 code");
    let result = normalized.get(value);
    if (result === undefined) {
      const code = value.trim().toUpperCase();
      result = code === "" ? null : THREE_LETTERS.test(code) ? code : new TransformFailure(`"${value}" is not a 3-letter ISO 4217 code`);
      if (normalized.size < 10_000) normalized.set(value, result);
    }
    return result;
  };
}

// ---------------------------------------------------------------------------
// Compiling a side

function listColumns(columns: readonly string[]): string {
  const shown = columns.slice(0, 20).map((column) => `"${column}"`);
  return columns.length > 20 ? `${shown.join(", ")} and ${columns.length - 20} more` : shown.join(", ") || "none";
}

function compileMapping(
  mapping: FieldMapping,
  pointer: string,
  context: TransformContext,
  columnNames: readonly string[],
  issues: DefinitionIssue[],
): MappingPlan {
  const column = mapping.column ?? null;
  let cells: ReadonlyArray<string | null> | null = null;
  let numbers: NumberColumn | null = null;
  if (column !== null) {
    cells = context.columnCells(column) ?? null;
    numbers = cells === null ? (context.numberColumn?.(column) ?? null) : null;
    if (numbers !== null) {
      const wanted = numberSpecOfMapping(mapping);
      if (wanted === null || !sameNumberSpec(wanted, numbers.spec)) {
        issues.push({
          pointer: `${pointer}/column`,
          message: `column "${column}" was read as ${describeNumberSpec(numbers.spec)}, which this mapping cannot take as is; read it as text`,
        });
      }
    } else if (cells === null) issues.push({ pointer: `${pointer}/column`, message: `no column "${column}" in the file; its columns are ${listColumns(columnNames)}` });
  } else {
    const first = mapping.transforms[0];
    if (!first || !VALUE_SOURCES.has(first.op)) {
      issues.push({
        pointer: `${pointer}/column`,
        message: first
          ? `is required: "${first.op}" needs a value to work on; only constant, concat, coalesce and expression can start a mapping without a column`
          : "is required when there are no transforms",
      });
    }
  }

  const steps: CompiledStep[] = [];
  const labels: string[] = [];
  let input = { kind: (column === null ? "any" : "text") as ValueKind, hasValue: column !== null };
  let lastDayParser: DayParser | undefined;
  mapping.transforms.forEach((transform, index) => {
    const compiled = compileTransform(transform, input, context);
    if (Array.isArray(compiled)) {
      for (const problem of compiled) issues.push({ pointer: `${pointer}/transforms/${index}${problem.path}`, message: problem.message });
      // Unknown from here on, so one mistake is reported once rather than again by every later step.
      input = { kind: "any", hasValue: true };
      lastDayParser = undefined;
      return;
    }
    steps.push(compiled.run);
    labels.push(transform.op);
    input = { kind: compiled.kind, hasValue: true };
    lastDayParser = compiled.dayParser;
  });

  const field = mapping.field;
  const plan: MappingPlan = { field, column, cells, numbers, steps, labels, lane: "text" };
  switch (field) {
    case "amount": {
      if (input.kind === "date") issues.push({ pointer: `${pointer}/transforms`, message: "amount cannot come from a date; end the chain with parseAmount" });
      const conversion = amountConversion(input.kind);
      steps.push(conversion.step);
      labels.push(conversion.label);
      plan.lane = "amount";
      break;
    }
    case "date": {
      if (input.kind === "number") {
        issues.push({ pointer: `${pointer}/transforms`, message: "date cannot come from a number; parse the text with parseDate" });
      } else if (lastDayParser && input.kind === "date") {
        // Swap the final parseDate for its day-number parser: same result, no ISO text per row.
        steps[steps.length - 1] = dayConversion(lastDayParser);
      } else {
        // Text that was not through parseDate must be an ISO date; a day without an offset needs no zone.
        steps.push(dayConversion(compileDayParser("iso", "UTC") as DayParser));
        labels.push("parseDate (default iso)");
      }
      plan.lane = "date";
      break;
    }
    case "currency":
      steps.push(currencyConversion());
      labels.push("currency");
      plan.lane = "currency";
      break;
    default:
      if (CANONICAL.has(field)) plan.lane = "text";
      else if (input.kind === "number") {
        steps.push(wholeMinorUnits);
        labels.push(field);
        plan.lane = "number";
      } else plan.lane = input.kind === "any" ? "auto" : "text";
  }
  return plan;
}

function compileFilter(source: string, pointer: string, fields: ReadonlySet<string>, context: TransformContext, issues: DefinitionIssue[]): CompiledExpression | null {
  let filter: CompiledExpression;
  try {
    filter = compileExpression(source);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    issues.push({ pointer, message: describeExpressionError(error) });
    return null;
  }
  for (const name of filter.identifiers) {
    if (fields.has(name) || context.columnCells(name)) continue;
    // An unknown name would read null on every row and exclude the whole file.
    issues.push({ pointer, message: `unknown name "${name}": not a mapped field or a column of the file` });
  }
  return filter;
}

function compileSide(side: SideDefinition, context: TransformContext, columnNames: readonly string[], pointerPrefix: string): { plan: SidePlan; issues: DefinitionIssue[] } {
  const issues: DefinitionIssue[] = [];
  const firstIndexByField = new Map<string, number>();
  const mappings = side.mappings.map((mapping, index) => {
    const pointer = `${pointerPrefix}/mappings/${index}`;
    const earlier = firstIndexByField.get(mapping.field);
    if (earlier !== undefined) issues.push({ pointer: `${pointer}/field`, message: `"${mapping.field}" is already mapped at ${pointerPrefix}/mappings/${earlier}` });
    else firstIndexByField.set(mapping.field, index);
    return compileMapping(mapping, pointer, context, columnNames, issues);
  });
  const filter = side.filter === undefined ? null : compileFilter(side.filter, `${pointerPrefix}/filter`, new Set(firstIndexByField.keys()), context, issues);
  return { plan: { mappings, filter }, issues };
}

function indexColumns(columns: readonly string[], cells: ReadonlyArray<ReadonlyArray<string | null>>): Map<string, ReadonlyArray<string | null>> {
  const byName = new Map<string, ReadonlyArray<string | null>>();
  columns.forEach((name, index) => {
    // A repeated header name reads its first column, as a spreadsheet lookup would.
    if (!byName.has(name)) byName.set(name, cells[index] ?? []);
  });
  return byName;
}

/**
 * Checks a side against a file's columns without reading rows: for the API,
 * before a rule set is saved or a run is queued. Pointers start with
 * pointerPrefix (e.g. "/source"). Lookup tables are checked when `lookups` is
 * given.
 */
export function validateSideAgainstColumns(
  side: SideDefinition,
  columns: readonly string[],
  pointerPrefix: string,
  lookups?: Readonly<Record<string, Readonly<Record<string, string>>>>,
): DefinitionIssue[] {
  const noCells = indexColumns(columns, []);
  const knownLookups = lookups ?? Object.fromEntries(side.mappings.flatMap((mapping) => mapping.transforms.flatMap((transform) => (transform.op === "lookup" ? [[transform.table, {}]] : []))));
  return compileSide(side, { columnCells: (name) => noCells.get(name), lookups: knownLookups }, columns, pointerPrefix).issues;
}

// ---------------------------------------------------------------------------
// Running

/** Runs one mapping's chain for one row; a failing step records an issue and yields null. */
function evaluate(plan: MappingPlan, row: number, lines: Uint32Array, issues: NormalizeIssue[]): ChainValue {
  return evaluateFrom(plan, plan.cells === null ? null : (plan.cells[row] ?? null), row, lines, issues);
}

function evaluateFrom(plan: MappingPlan, initial: ChainValue, row: number, lines: Uint32Array, issues: NormalizeIssue[]): ChainValue {
  let value = initial;
  const steps = plan.steps;
  for (let s = 0; s < steps.length; s++) {
    const result = steps[s]!(value, row);
    if (isFailure(result)) {
      issues.push({
        row,
        line: lines[row] ?? 0,
        field: plan.field,
        column: plan.column,
        value: value === null ? null : String(value),
        message: `${plan.labels[s]}: ${result.message}`,
      });
      return null;
    }
    value = result;
  }
  return value;
}

/** Text lanes store "" as null, so blank identifiers never key-match each other. */
function asStoredText(value: ChainValue): string | null {
  if (value === null || value === "") return null;
  return typeof value === "string" ? value : String(value);
}

interface Lanes {
  amountMinor: Float64Array;
  currency: Array<string | null>;
  date: Int32Array;
  text: Record<string, Array<string | null>>;
  numbers: Record<string, Float64Array>;
}

/**
 * A number column is the chain's result already (numberSpecOfMapping made
 * sure of it); only the cells that did not parse run the chain, on their
 * text, so their issues read exactly as they would have.
 */
function runNumberMapping(plan: MappingPlan, numbers: NumberColumn, lines: Uint32Array, lanes: Lanes, issues: NormalizeIssue[]): void {
  const values = numbers.values;
  const rowCount = values.length;
  if (plan.lane === "date") {
    const target = lanes.date;
    for (let row = 0; row < rowCount; row++) {
      const value = values[row]!;
      target[row] = value === value ? value : NULL_DATE;
    }
    for (const [row, text] of numbers.failures) {
      const value = evaluateFrom(plan, text, row, lines, issues);
      target[row] = value === null ? NULL_DATE : (value as number);
    }
    return;
  }
  const target = plan.lane === "amount" ? lanes.amountMinor : new Float64Array(rowCount);
  target.set(values);
  for (const [row, text] of numbers.failures) {
    const value = evaluateFrom(plan, text, row, lines, issues);
    target[row] = value === null ? Number.NaN : (value as number);
  }
  if (plan.lane === "number") lanes.numbers[plan.field] = target;
}

function runMapping(plan: MappingPlan, rowCount: number, lines: Uint32Array, lanes: Lanes, issues: NormalizeIssue[]): void {
  if (plan.numbers !== null) {
    if (plan.numbers.values.length !== rowCount) throw new Error(`number column "${plan.column}" has ${plan.numbers.values.length} values for ${rowCount} rows`);
    runNumberMapping(plan, plan.numbers, lines, lanes, issues);
    return;
  }
  switch (plan.lane) {
    case "amount":
    case "number": {
      const target = plan.lane === "amount" ? lanes.amountMinor : new Float64Array(rowCount);
      for (let row = 0; row < rowCount; row++) {
        const value = evaluate(plan, row, lines, issues);
        // The lane conversion guarantees a safe integer or null here.
        target[row] = value === null ? Number.NaN : (value as number);
      }
      if (plan.lane === "number") lanes.numbers[plan.field] = target;
      return;
    }
    case "date": {
      const target = lanes.date;
      for (let row = 0; row < rowCount; row++) {
        const value = evaluate(plan, row, lines, issues);
        target[row] = value === null ? NULL_DATE : (value as number);
      }
      return;
    }
    case "currency": {
      const target = new Array<string | null>(rowCount);
      for (let row = 0; row < rowCount; row++) target[row] = evaluate(plan, row, lines, issues) as string | null;
      lanes.currency = target;
      return;
    }
    case "text": {
      if (plan.steps.length === 0 && plan.cells !== null && plan.cells.length === rowCount && !plan.cells.includes("")) {
        // A column mapped as is, with no "" cell (the delimited reader stores a blank cell as null):
        // its cells are the lane already, so the lane shares the column's array instead of copying it.
        lanes.text[plan.field] = plan.cells as Array<string | null>;
        return;
      }
      // Sized up front: a million pushes grow and copy the array a few dozen times (measured: 2.3×
      // slower than filling a preallocated array, for a lane of 1M existing strings).
      const target = new Array<string | null>(rowCount);
      for (let row = 0; row < rowCount; row++) target[row] = asStoredText(evaluate(plan, row, lines, issues));
      lanes.text[plan.field] = target;
      return;
    }
    case "auto": {
      const values: ChainValue[] = [];
      let sawText = false;
      let sawNumber = false;
      for (let row = 0; row < rowCount; row++) {
        const value = evaluate(plan, row, lines, issues);
        if (typeof value === "string") sawText = true;
        else if (typeof value === "number") sawNumber = true;
        values.push(value);
      }
      storeAutoLane(plan, values, sawNumber && !sawText, lines, lanes, issues);
    }
  }
}

/**
 * An expression's result type is only known from the data: a custom field
 * whose every value is a number is numeric (minor units, so each must be a
 * whole number); any text at all makes the field text.
 */
function storeAutoLane(plan: MappingPlan, values: ChainValue[], numeric: boolean, lines: Uint32Array, lanes: Lanes, issues: NormalizeIssue[]): void {
  if (!numeric) {
    lanes.text[plan.field] = values.map(asStoredText);
    return;
  }
  const target = new Float64Array(values.length);
  for (let row = 0; row < values.length; row++) {
    const value = values[row] as number | null;
    if (value === null) {
      target[row] = Number.NaN;
      continue;
    }
    const checked = wholeMinorUnits(value, row);
    if (isFailure(checked)) {
      issues.push({ row, line: lines[row] ?? 0, field: plan.field, column: plan.column, value: String(value), message: `${plan.field}: ${checked.message}` });
      target[row] = Number.NaN;
    } else target[row] = value;
  }
  lanes.numbers[plan.field] = target;
}

/** Reads a mapped field of a row for the filter, in the filter's terms: dates as ISO text, amounts as integers, absent as null. */
function fieldReader(field: string, lanes: Lanes, isoByDay: Map<number, string>): ((row: number) => Value) | null {
  if (field === "amount") return (row) => numberOrNull(lanes.amountMinor[row]);
  if (field === "currency") return (row) => lanes.currency[row] ?? null;
  if (field === "date") {
    return (row) => {
      const day = lanes.date[row]!;
      if (day === NULL_DATE) return null;
      let iso = isoByDay.get(day);
      if (iso === undefined) {
        iso = formatIsoDay(day);
        isoByDay.set(day, iso);
      }
      return iso;
    };
  }
  const text = lanes.text[field];
  if (text) return (row) => text[row] ?? null;
  const numbers = lanes.numbers[field];
  if (numbers) return (row) => numberOrNull(numbers[row]);
  return null;
}

function numberOrNull(value: number | undefined): number | null {
  return value === undefined || Number.isNaN(value) ? null : value;
}

/**
 * Rows whose filter result is not exactly `true` are excluded. Null counts
 * as excluded: `type in ("charge", "payment")` is null when type is blank,
 * and a row we cannot show to be in scope must not be matched as if it were.
 * Excluded rows are reported (EXCLUDED), never dropped, so nothing vanishes.
 */
function applyFilter(
  filter: CompiledExpression,
  mappedFields: ReadonlySet<string>,
  columnCells: Map<string, ReadonlyArray<string | null>>,
  lanes: Lanes,
  rowCount: number,
  lines: Uint32Array,
  issues: NormalizeIssue[],
): number[] {
  const isoByDay = new Map<number, string>();
  const readers = new Map<string, (row: number) => Value>();
  for (const name of filter.identifiers) {
    // A mapped field shadows a column of the same name: the filter sees the value the rules match on.
    const reader = mappedFields.has(name) ? fieldReader(name, lanes, isoByDay) : null;
    if (reader) readers.set(name, reader);
    else {
      const cells = columnCells.get(name);
      if (cells) readers.set(name, (row) => cells[row] ?? null);
    }
  }
  let currentRow = 0;
  const scope: ExpressionScope = {
    get: (name) => {
      const reader = readers.get(name);
      return reader ? reader(currentRow) : null;
    },
  };
  const excluded: number[] = [];
  for (let row = 0; row < rowCount; row++) {
    currentRow = row;
    let result: Value;
    try {
      result = filter.run(scope);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      issues.push({ row, line: lines[row] ?? 0, field: "filter", column: null, value: null, message: `filter: ${error.message}` });
      excluded.push(row);
      continue;
    }
    if (result === true) continue;
    excluded.push(row);
    if (result !== false && result !== null) {
      issues.push({ row, line: lines[row] ?? 0, field: "filter", column: null, value: String(result), message: "filter: produced a value that is not true or false" });
    }
  }
  return excluded;
}

/**
 * Maps a raw table into canonical columns by a side's mappings, then applies
 * its scope filter. Throws NormalizeDefinitionError (every problem, with
 * pointers under /source or /target) before reading any row when the
 * definition does not fit the table.
 */
export function normalizeSide(raw: RawTable, side: SideDefinition, context: NormalizeContext): NormalizedSide {
  const columnCells = indexColumns(raw.columns, raw.cells);
  const numberColumns = new Map((raw.numberColumns ?? []).map((column) => [column.name, column]));
  const transformContext: TransformContext = {
    columnCells: (name) => columnCells.get(name),
    numberColumn: (name) => numberColumns.get(name),
    lookups: context.lookups,
  };
  const { plan, issues: definitionIssues } = compileSide(side, transformContext, raw.columns, `/${context.sideName}`);
  if (definitionIssues.length > 0) throw new NormalizeDefinitionError(definitionIssues);

  const rowCount = raw.rowCount;
  const lines = raw.provenance.line;
  const lanes: Lanes = {
    amountMinor: new Float64Array(rowCount).fill(Number.NaN),
    currency: new Array<string | null>(rowCount).fill(null),
    date: new Int32Array(rowCount).fill(NULL_DATE),
    text: {},
    numbers: {},
  };
  const issues: NormalizeIssue[] = [];
  for (const mapping of plan.mappings) runMapping(mapping, rowCount, lines, lanes, issues);

  const mappedFields = new Set(plan.mappings.map((mapping) => mapping.field));
  const excludedRows = plan.filter === null ? [] : applyFilter(plan.filter, mappedFields, columnCells, lanes, rowCount, lines, issues);
  // Issues were gathered mapping by mapping; a stable sort by row keeps mapping order within a row.
  issues.sort((a, b) => a.row - b.row);

  return {
    table: { rowCount, raw, amountMinor: lanes.amountMinor, currency: lanes.currency, date: lanes.date, text: lanes.text, numbers: lanes.numbers },
    excludedRows,
    issues,
  };
}
