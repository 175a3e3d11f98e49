import type { NumberColumn, RawTable } from "./types";
import { attachTextBytes, isLazyColumnPending, lazyStringColumns } from "~/core/values/text-column";

/**
 * A RawTable holding only the given rows (ascending indexes), provenance
 * kept. Columns held as bytes are selected as bytes, and their strings stay
 * unmade unless read.
 */
export function selectRawRows(raw: RawTable, rows: ArrayLike<number>): RawTable {
  const count = rows.length;
  // A column whose strings were never made is selected as bytes; one already read as strings, as strings.
  const textBytes = raw.textBytes?.map((column, index) => (column !== undefined && isLazyColumnPending(raw.cells, index) ? column.take(rows) : undefined));
  const cells = lazyStringColumns(
    raw.columns.map((_, index) => {
      const bytes = textBytes?.[index];
      if (bytes !== undefined) return bytes;
      const column = raw.cells[index]!;
      const selected = new Array<string | null>(count);
      for (let i = 0; i < count; i++) selected[i] = column[rows[i]!]!;
      return selected;
    }),
  );
  const sourceIndex = new Uint32Array(count);
  const line = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    sourceIndex[i] = raw.provenance.sourceIndex[rows[i]!]!;
    line[i] = raw.provenance.line[rows[i]!]!;
  }
  const selected: RawTable = { columns: raw.columns, cells, rowCount: count, provenance: { sourceIds: raw.provenance.sourceIds, sourceIndex, line } };
  if (textBytes?.some((column) => column !== undefined)) attachTextBytes(selected, textBytes);
  if (raw.numberColumns) selected.numberColumns = raw.numberColumns.map((column) => selectNumberRows(column, rows));
  return selected;
}

function selectNumberRows(column: NumberColumn, rows: ArrayLike<number>): NumberColumn {
  const values = new Float64Array(rows.length);
  const failures = new Map<number, string>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    values[i] = column.values[row]!;
    if (column.failures.size > 0) {
      const text = column.failures.get(row);
      if (text !== undefined) failures.set(i, text);
    }
  }
  return { name: column.name, spec: column.spec, values, failures };
}

export function columnOf(raw: RawTable, name: string): ReadonlyArray<string | null> {
  const index = raw.columns.indexOf(name);
  if (index < 0) throw new Error(`no column '${name}'`);
  return raw.cells[index]!;
}
