import type { RawTable } from "~/core/values/tables";

/** A RawTable from column arrays already rowCount long, every row from one source. */
export function rawTableOf(columns: string[], cells: Array<Array<string | null>>, lines: Uint32Array, sourceId: string): RawTable {
  return {
    columns,
    cells,
    rowCount: lines.length,
    provenance: { sourceIds: [sourceId], sourceIndex: new Uint32Array(lines.length), line: lines },
  };
}

/**
 * Builds a table record by record, for formats whose records are assembled
 * from several physical lines (STL sections, MT940 :61:/:86: pairs, BAI2
 * 16+88 records, camt.053 entries). Absent and empty values are null, as the
 * delimited reader writes them.
 */
export class RecordTableBuilder {
  private readonly index: Map<string, number>;
  private readonly cells: Array<Array<string | null>>;
  private lines: number[] = [];

  constructor(private readonly columns: readonly string[]) {
    this.index = new Map(columns.map((name, i) => [name, i]));
    this.cells = columns.map(() => []);
  }

  add(line: number, values: Readonly<Record<string, string | null | undefined>>): void {
    const row = this.lines.length;
    for (const column of this.cells) column.push(null);
    for (const [name, value] of Object.entries(values)) {
      const index = this.index.get(name);
      if (index === undefined) throw new Error(`adapter bug: no column "${name}"`);
      this.cells[index]![row] = value === undefined || value === "" ? null : value;
    }
    this.lines.push(line);
  }

  /** A record's cells in the columns' order (a header may repeat a name, so not by name). */
  addCells(line: number, cells: ReadonlyArray<string | null>): void {
    const row = this.lines.length;
    this.cells.forEach((column, index) => {
      const value = cells[index];
      column[row] = value === undefined || value === "" ? null : value;
    });
    this.lines.push(line);
  }

  get rowCount(): number {
    return this.lines.length;
  }

  build(sourceId: string): RawTable {
    return rawTableOf([...this.columns], this.cells, Uint32Array.from(this.lines), sourceId);
  }
}

/**
 * Builds a table record by record when the columns are known only at the
 * end (a PayPal report's CH rows may add some late): a column starts when a
 * record first names it, and build() puts them in the order given.
 */
export class GrowingRecordTable {
  private readonly index = new Map<string, number>();
  private readonly cells: Array<Array<string | null>> = [];
  private readonly lines: number[] = [];

  add(line: number, values: Readonly<Record<string, string | null | undefined>>): void {
    const row = this.lines.length;
    for (const name in values) {
      let index = this.index.get(name);
      if (index === undefined) {
        index = this.cells.length;
        this.index.set(name, index);
        this.cells.push(new Array<string | null>(row).fill(null));
      }
      const value = values[name];
      this.cells[index]![row] = value === undefined || value === "" ? null : value;
    }
    for (const column of this.cells) if (column.length === row) column.push(null);
    this.lines.push(line);
  }

  build(columns: readonly string[], sourceId: string): RawTable {
    const cells = columns.map((name) => {
      const index = this.index.get(name);
      return index === undefined ? new Array<string | null>(this.lines.length).fill(null) : this.cells[index]!;
    });
    return rawTableOf([...columns], cells, Uint32Array.from(this.lines), sourceId);
  }
}
