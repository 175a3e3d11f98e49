import type { SideDefinition } from "../rule-set";
import { NULL_DATE, type CanonicalTable, type RawTable } from "../types";
import { NormalizeDefinitionError, type NormalizeIssue } from "./errors";
import type { TransformContext } from "./transforms";
import { compileSide, indexColumns } from "./plan";
import { applyFilter, runMapping, type Lanes } from "./run";

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
