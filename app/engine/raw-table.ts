import type { RawTable } from "./types";

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
  return { columns: raw.columns, cells, rowCount: count, provenance: { sourceIds: raw.provenance.sourceIds, sourceIndex, line } };
}

export function columnOf(raw: RawTable, name: string): ReadonlyArray<string | null> {
  const index = raw.columns.indexOf(name);
  if (index < 0) throw new Error(`no column '${name}'`);
  return raw.cells[index]!;
}
