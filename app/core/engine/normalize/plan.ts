import { compileExpression, ExpressionError, type CompiledExpression } from "../expression";
import { CANONICAL_FIELDS, type FieldMapping, type SideDefinition } from "../rule-set";
import type { NumberColumn } from "../types";
import { compileDayParser, type DayParser } from "~/core/values/dates";
import type { DefinitionIssue } from "./errors";
import { isByteTextChain, type ByteTextOp } from "./byte-transforms";
import type { ByteTextColumn } from "~/core/values/text-column";
import { validateGroupBy } from "../group-rows";
import { describeNumberSpec, numberSpecOfMapping, sameNumberSpec } from "./number-columns";
import { amountConversion, currencyConversion, dayConversion, wholeMinorUnits } from "./lane-conversions";
import { compileTransform, describeExpressionError, type CompiledStep, type TransformContext, type ValueKind } from "./transforms";

/*
 * Compiling a side: each mapping's chain into an array of closures (its
 * transforms, then the conversion of the lane it is stored in), and the
 * scope filter, with every definition problem found before a row is read.
 */

/** Where a mapping's final value is stored. "auto": a custom field ending in an expression, stored by what it produced. */
export type Lane = "amount" | "currency" | "date" | "text" | "number" | "auto";

export interface MappingPlan {
  field: string;
  column: string | null;
  /** The column's cells; null when the chain starts without a column, when the column was read as numbers, or when it runs on bytes. */
  cells: ReadonlyArray<string | null> | null;
  /**
   * The column's bytes, when the chain runs on them: a text field whose
   * transforms are all byte transforms (byte-transforms.ts), from a column
   * the reader kept as bytes. `byteOps` is the chain; the lane is made by
   * transformByteColumn, exactly as the steps would make it from strings.
   */
  bytes: ByteTextColumn | null;
  byteOps: ByteTextOp[];
  /** The column as the reader parsed it to numbers: the chain's results, except for the cells in its failures. */
  numbers: NumberColumn | null;
  /** Transform steps, then the lane's own conversion when it needs one. */
  steps: CompiledStep[];
  /** Per step, the name an issue gives it ("parseAmount"). */
  labels: string[];
  lane: Lane;
}

export interface SidePlan {
  mappings: MappingPlan[];
  filter: CompiledExpression | null;
}

const CANONICAL: ReadonlySet<string> = new Set(CANONICAL_FIELDS);

/** Fields whose lane converts the chain's text (to minor units, a day, an ISO code): never a byte lane. */
const LANES_WITH_CONVERSION: ReadonlySet<string> = new Set(["amount", "date", "currency"]);

/** Transforms that produce a value of their own, so a chain may start with them without a column. */
const VALUE_SOURCES: ReadonlySet<string> = new Set(["constant", "concat", "coalesce", "expression"]);

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
  let bytes: ByteTextColumn | null = null;
  const ops = mapping.transforms.map((transform) => transform.op);
  const byteOps = !LANES_WITH_CONVERSION.has(mapping.field) && isByteTextChain(ops) ? ops : null;
  if (column !== null) {
    bytes = byteOps === null ? null : (context.columnBytes?.(column) ?? null);
    if (bytes === null) cells = context.columnCells(column) ?? null;
    numbers = cells === null && bytes === null ? (context.numberColumn?.(column) ?? null) : null;
    if (numbers !== null) {
      const wanted = numberSpecOfMapping(mapping);
      if (wanted === null || !sameNumberSpec(wanted, numbers.spec)) {
        issues.push({
          pointer: `${pointer}/column`,
          message: `column "${column}" was read as ${describeNumberSpec(numbers.spec)}, which this mapping cannot take as is; read it as text`,
        });
      }
    } else if (cells === null && bytes === null) issues.push({ pointer: `${pointer}/column`, message: `no column "${column}" in the file; its columns are ${listColumns(columnNames)}` });
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
  const plan: MappingPlan = { field, column, cells, numbers, bytes, byteOps: bytes === null ? [] : byteOps!, steps, labels, lane: "text" };
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
    if (fields.has(name) || (context.hasColumn ? context.hasColumn(name) : context.columnCells(name) !== undefined)) continue;
    // An unknown name would read null on every row and exclude the whole file.
    issues.push({ pointer, message: `unknown name "${name}": not a mapped field or a column of the file` });
  }
  return filter;
}

export function compileSide(side: SideDefinition, context: TransformContext, columnNames: readonly string[], pointerPrefix: string): { plan: SidePlan; issues: DefinitionIssue[] } {
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
  if (side.groupBy) {
    const known = new Set(columnNames);
    issues.push(...validateGroupBy(side.groupBy, (name) => known.has(name) || context.numberColumn?.(name) !== undefined, pointerPrefix));
  }
  return { plan: { mappings, filter }, issues };
}

/** Column name → its index. A repeated header name reads its first column, as a spreadsheet lookup would. */
export function indexColumns(columns: readonly string[]): Map<string, number> {
  const byName = new Map<string, number>();
  columns.forEach((name, index) => {
    if (!byName.has(name)) byName.set(name, index);
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
  const known = indexColumns(columns);
  const knownLookups = lookups ?? Object.fromEntries(side.mappings.flatMap((mapping) => mapping.transforms.flatMap((transform) => (transform.op === "lookup" ? [[transform.table, {}]] : []))));
  return compileSide(side, { columnCells: (name) => (known.has(name) ? [] : undefined), hasColumn: (name) => known.has(name), lookups: knownLookups }, columns, pointerPrefix).issues;
}
