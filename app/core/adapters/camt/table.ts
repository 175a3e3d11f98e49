import type { RawTable } from "~/core/values/tables";
import { rawTableOf } from "../support/table";

/** Where the reader writes an entry's records: the table, or the streaming reader's queue (stream.ts). */
export interface CamtRecordSink {
  add(line: number, ...parts: ReadonlyArray<Readonly<Record<string, string | null>>>): void;
}

/**
 * Column arrays written row by row from a few partial value objects (the
 * block's, the entry's, the transaction's), without merging them into one
 * object per record first: a statement of a million entries would otherwise
 * spend most of its time building and collecting those objects.
 */
export class CamtTable implements CamtRecordSink {
  private readonly index: Map<string, number>;
  private readonly cells: Array<Array<string | null>>;
  private readonly lines: number[] = [];

  constructor(private readonly columns: readonly string[]) {
    this.index = new Map(columns.map((name, i) => [name, i]));
    this.cells = columns.map(() => []);
  }

  add(line: number, ...parts: ReadonlyArray<Readonly<Record<string, string | null>>>): void {
    const row = this.lines.length;
    for (const column of this.cells) column.push(null);
    for (const part of parts) {
      for (const name in part) {
        const index = this.index.get(name);
        if (index === undefined) throw new Error(`adapter bug: no column "${name}"`);
        const value = part[name];
        this.cells[index]![row] = value === undefined || value === "" ? null : value;
      }
    }
    this.lines.push(line);
  }

  build(sourceId: string): RawTable {
    return rawTableOf([...this.columns], this.cells, Uint32Array.from(this.lines), sourceId);
  }
}
