import type { SideDefinition } from "../rule-set";
import { NULL_DATE, type CanonicalTable, type RawTable } from "../types";
import { NormalizeDefinitionError, type NormalizeIssue } from "./errors";
import type { TransformContext } from "./transforms";
import { compileSide, indexColumns } from "./plan";
import { applyFilter, runMapping, type Lanes } from "./run";
import { attachTextBytes, lazyStringColumns } from "~/core/values/text-column";

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
export { validateSideAgainstColumns } from "./plan";

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
/**
 * Maps a raw table into canonical columns by a side's mappings, then applies
 * its scope filter. Throws NormalizeDefinitionError (every problem, with
 * pointers under /source or /target) before reading any row when the
 * definition does not fit the table.
 */
export function normalizeSide(raw: RawTable, side: SideDefinition, context: NormalizeContext): NormalizedSide {
  const columnIndex = indexColumns(raw.columns);
  const numberColumns = new Map((raw.numberColumns ?? []).map((column) => [column.name, column]));
  // Cells are looked up when a chain needs them, not before: a column held as bytes makes its
  // strings on first read, and a byte-aware mapping or filter never reads them.
  const columnCells = (name: string) => {
    const index = columnIndex.get(name);
    return index === undefined ? undefined : (raw.cells[index] ?? []);
  };
  const columnBytes = (name: string) => {
    const index = columnIndex.get(name);
    return index === undefined ? undefined : raw.textBytes?.[index];
  };
  const transformContext: TransformContext = {
    columnCells,
    columnBytes,
    hasColumn: (name) => columnIndex.has(name),
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
    textBytes: {},
    numbers: {},
  };
  const issues: NormalizeIssue[] = [];
  for (const mapping of plan.mappings) runMapping(mapping, rowCount, lines, lanes, issues);

  const mappedFields = new Set(plan.mappings.map((mapping) => mapping.field));
  const excludedRows = plan.filter === null ? [] : applyFilter(plan.filter, mappedFields, { cells: columnCells, bytes: columnBytes }, lanes, rowCount, lines, issues);
  // Issues were gathered mapping by mapping; a stable sort by row keeps mapping order within a row.
  issues.sort((a, b) => a.row - b.row);

  const table: CanonicalTable = { rowCount, raw, amountMinor: lanes.amountMinor, currency: lanes.currency, date: lanes.date, text: withLazyText(lanes), numbers: lanes.numbers };
  if (Object.keys(lanes.textBytes).length > 0) attachTextBytes(table, lanes.textBytes);
  return {
    table,
    excludedRows,
    issues,
  };
}

/**
 * The text lanes as string arrays: lanes kept as bytes make theirs on first
 * read (explanations, previews, artifacts), so a run that only matches and
 * counts never makes them.
 */
function withLazyText(lanes: Lanes): Record<string, Array<string | null>> {
  const byteFields = Object.keys(lanes.textBytes);
  if (byteFields.length === 0) return lanes.text;
  const text: Record<string, Array<string | null>> = { ...lanes.text };
  const made = lazyStringColumns(byteFields.map((field) => lanes.textBytes[field]!));
  byteFields.forEach((field, index) => {
    Object.defineProperty(text, field, {
      configurable: true,
      enumerable: true,
      get() {
        const strings = made[index]!;
        Object.defineProperty(text, field, { value: strings, writable: true, configurable: true, enumerable: true });
        return strings;
      },
    });
  });
  return text;
}
