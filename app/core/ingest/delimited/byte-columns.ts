import { ByteTextWriter, type ByteTextColumn } from "~/core/values/text-column";

/**
 * The reader's text columns kept as the file's bytes (textAsBytes): one
 * ByteTextWriter per projected column. Copying a cell's bytes next to the
 * column's others is a few nanoseconds, where making, pooling and later
 * tracing a string per cell was most of a large read's cost; the engine
 * reads the bytes (app/core/values/text-column.ts) and makes strings only
 * for rows an output shows.
 */
export class ByteColumns {
  private readonly writers: ByteTextWriter[];
  private taken: ByteTextColumn[] | null = null;

  constructor(columnCount: number) {
    this.writers = Array.from({ length: columnCount }, () => new ByteTextWriter(1 << 12, 1 << 16));
  }

  appendNull(column: number): void {
    this.writers[column]!.appendNull();
  }

  /** The cell bytes[start, end) of the current row; `ascii` false when it holds a non-ASCII byte. */
  append(column: number, bytes: Uint8Array, start: number, end: number, ascii: boolean): void {
    this.writers[column]!.appendBytes(bytes, start, end, ascii);
  }

  /** A cell that had to be decoded first (a quoted field). */
  appendText(column: number, value: string): void {
    this.writers[column]!.appendString(value);
  }

  /** The columns, each holding exactly the rows appended; the same columns on every call. */
  take(): ByteTextColumn[] {
    this.taken ??= this.writers.map((writer) => writer.finish());
    return this.taken;
  }
}
