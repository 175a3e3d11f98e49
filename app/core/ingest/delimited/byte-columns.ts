import type { PackedTextColumn } from "./packed-columns";

/**
 * Text columns kept as the file's bytes while a worker thread reads, for a
 * thread that only hands the columns on. Making a string of every cell,
 * collecting the strings, and then joining them into one string to post
 * (packed-columns.ts) was most of such a thread's work; copying a cell's
 * bytes next to the column's others is a few nanoseconds, and the bytes
 * travel to the receiving thread as they are (transferred, not copied),
 * where unpackTextColumn makes the cells' strings once.
 */
export class ByteColumns {
  private arenas: Uint8Array[];
  private readonly lengths: number[];
  private ends: Int32Array[];
  private readonly counts: number[];
  private readonly ascii: boolean[];

  constructor(columnCount: number) {
    this.arenas = Array.from({ length: columnCount }, () => new Uint8Array(1 << 16));
    this.lengths = new Array<number>(columnCount).fill(0);
    this.ends = Array.from({ length: columnCount }, () => new Int32Array(1 << 12));
    this.counts = new Array<number>(columnCount).fill(0);
    this.ascii = new Array<boolean>(columnCount).fill(true);
  }

  appendNull(column: number): void {
    this.pushEnd(column, this.lengths[column]!);
  }

  /** The cell bytes[start, end) of the current row; `ascii` false when it holds a non-ASCII byte. */
  append(column: number, bytes: Uint8Array, start: number, end: number, ascii: boolean): void {
    let at = this.lengths[column]!;
    let arena = this.arenas[column]!;
    if (at + (end - start) > arena.length) arena = this.growArena(column, at + (end - start));
    for (let i = start; i < end; i++) arena[at++] = bytes[i]!;
    this.lengths[column] = at;
    if (!ascii) this.ascii[column] = false;
    this.pushEnd(column, at);
  }

  /** A cell that had to be decoded first (a quoted field), as UTF-8. */
  appendText(column: number, value: string): void {
    if (value.length === 0) {
      this.appendNull(column);
      return;
    }
    const bytes = Buffer.from(value, "utf8");
    // As many UTF-8 bytes as UTF-16 units only when every character is ASCII.
    this.append(column, bytes, 0, bytes.length, bytes.length === value.length);
  }

  /** The columns, each holding exactly the rows appended; the reader must not append after this. */
  take(): PackedTextColumn[] {
    return this.arenas.map((arena, column) => ({
      kind: "bytes" as const,
      bytes: arena.slice(0, this.lengths[column]!),
      ends: this.ends[column]!.slice(0, this.counts[column]!),
      ascii: this.ascii[column]!,
    }));
  }

  private pushEnd(column: number, end: number): void {
    const count = this.counts[column]!;
    let ends = this.ends[column]!;
    if (count === ends.length) {
      const grown = new Int32Array(ends.length * 2);
      grown.set(ends);
      this.ends[column] = ends = grown;
    }
    ends[count] = end;
    this.counts[column] = count + 1;
  }

  private growArena(column: number, needed: number): Uint8Array {
    let capacity = this.arenas[column]!.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.arenas[column]!.subarray(0, this.lengths[column]!));
    this.arenas[column] = grown;
    return grown;
  }
}
