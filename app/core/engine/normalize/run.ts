import { ExpressionError, type CompiledExpression, type ExpressionScope, type Value } from "../expression";
import { NULL_DATE, type NumberColumn } from "../types";
import { formatIsoDay } from "~/core/values/dates";
import type { NormalizeIssue } from "./errors";
import { isFailure, type ChainValue } from "~/core/values/transform-failure";
import { wholeMinorUnits } from "./lane-conversions";
import type { MappingPlan } from "./plan";
import { transformByteColumn } from "./byte-transforms";
import type { ByteTextColumn } from "~/core/values/text-column";

// Running a compiled side over the rows: each mapping column by column, then the scope filter.

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

export interface Lanes {
  amountMinor: Float64Array;
  currency: Array<string | null>;
  date: Int32Array;
  text: Record<string, Array<string | null>>;
  /** Text lanes kept as bytes (plans with `bytes`); never also in `text`. */
  textBytes: Record<string, ByteTextColumn>;
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

export function runMapping(plan: MappingPlan, rowCount: number, lines: Uint32Array, lanes: Lanes, issues: NormalizeIssue[]): void {
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
      if (plan.bytes !== null) {
        if (plan.bytes.length !== rowCount) throw new Error(`text column "${plan.column}" has ${plan.bytes.length} values for ${rowCount} rows`);
        lanes.textBytes[plan.field] = plan.byteOps.length === 0 ? plan.bytes : transformByteColumn(plan.bytes, plan.byteOps);
        return;
      }
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
  const bytes = lanes.textBytes[field];
  if (bytes) return byteCellReader(bytes);
  const numbers = lanes.numbers[field];
  if (numbers) return (row) => numberOrNull(numbers[row]);
  return null;
}

/**
 * A byte column's cells for the filter, one row at a time. Scope columns
 * (a status, a category, a method) repeat a few values, so a cell with the
 * bytes of the one before gets its string again instead of a new one.
 */
function byteCellReader(column: ByteTextColumn): (row: number) => Value {
  const { bytes, ends } = column;
  let lastStart = 0;
  let lastEnd = 0;
  let last: string | null = null;
  return (row) => {
    const start = row === 0 ? 0 : ends[row - 1]!;
    const end = ends[row]!;
    if (start === end) return null;
    if (last !== null && end - start === lastEnd - lastStart) {
      let same = true;
      for (let i = 0; i < end - start; i++) {
        if (bytes[start + i] !== bytes[lastStart + i]) {
          same = false;
          break;
        }
      }
      if (same) return last;
    }
    last = column.get(row);
    lastStart = start;
    lastEnd = end;
    return last;
  };
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
export function applyFilter(
  filter: CompiledExpression,
  mappedFields: ReadonlySet<string>,
  columns: { cells(name: string): ReadonlyArray<string | null> | undefined; bytes(name: string): ByteTextColumn | undefined },
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
      const bytes = columns.bytes(name);
      const cells = bytes ? undefined : columns.cells(name);
      if (bytes) readers.set(name, byteCellReader(bytes));
      else if (cells) readers.set(name, (row) => cells[row] ?? null);
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
