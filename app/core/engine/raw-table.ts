import type { NumberColumn, RawTable } from "./types";

/** A RawTable holding only the given rows (ascending indexes), provenance kept. */
export function selectRawRows(raw: RawTable, rows: ArrayLike<number>): RawTable {
  const count = rows.length;
  const cells = raw.cells.map((column) => {
    const selected = new Array<string | null>(count);
    for (let i = 0; i < count; i++) selected[i] = column[rows[i]!]!;
    return selected;
  });
  const sourceIndex = new Uint32Array(count);
  const line = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    sourceIndex[i] = raw.provenance.sourceIndex[rows[i]!]!;
    line[i] = raw.provenance.line[rows[i]!]!;
  }
  const selected: RawTable = { columns: raw.columns, cells, rowCount: count, provenance: { sourceIds: raw.provenance.sourceIds, sourceIndex, line } };
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
