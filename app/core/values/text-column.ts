import { isUtf8 } from "node:buffer";

/**
 * A text column kept as its UTF-8 bytes: one arena per column and the end
 * offset of each cell, instead of a JS string per cell.
 *
 * Why: at a million rows, a string per cell is tens of bytes of heap each and
 * is traced by every major garbage collection (a quarter of the engine's
 * profile before this). Readers fill these arenas by copying the file's
 * bytes; the engine's hot consumers (transforms, filters, dedupe, keys) work
 * on the bytes; strings are made only for the rows an output shows.
 *
 * Layout: cell i is bytes[ends[i-1], ends[i]) (ends[-1] = 0). An empty range
 * is null: a text lane never holds "" (see normalize's asStoredText), so a
 * blank cell and an absent one are the same thing here.
 *
 * The bytes are always valid UTF-8 (writers re-encode a cell that is not), so
 * two cells hold equal bytes exactly when their strings are equal, and byte
 * equality can stand in for string equality in keys and filters.
 *
 * `ascii`: no byte above 0x7f anywhere, so byte offsets are character offsets
 * and every cell decodes as latin1.
 */
export class ByteTextColumn {
  constructor(
    readonly bytes: Uint8Array,
    readonly ends: Int32Array,
    readonly ascii: boolean,
  ) {}

  get length(): number {
    return this.ends.length;
  }

  startOf(row: number): number {
    return row === 0 ? 0 : this.ends[row - 1]!;
  }

  isNull(row: number): boolean {
    return this.ends[row] === (row === 0 ? 0 : this.ends[row - 1]);
  }

  /** The cell's string, made now (nothing is cached: callers that read a row often keep what they read). */
  get(row: number): string | null {
    const start = row === 0 ? 0 : this.ends[row - 1]!;
    const end = this.ends[row]!;
    if (start === end) return null;
    return decodeRange(this.view(), start, end, this.ascii);
  }

  /**
   * Every cell as a string, for consumers that need the whole column as
   * strings. A cell with the same bytes as the one before reuses its string,
   * and short cells share one string per value while the column has few of
   * them (statuses, currencies): a million rows must not keep a million
   * copies of "usd".
   */
  toArray(): Array<string | null> {
    const bytes = this.bytes;
    const ends = this.ends;
    const buffer = this.view();
    const cells = new Array<string | null>(ends.length);
    let pool: Map<string, string> | undefined = new Map();
    let previous: string | null = null;
    let previousStart = 0;
    let previousLength = -1;
    let start = 0;
    for (let row = 0; row < ends.length; row++) {
      const end = ends[row]!;
      const length = end - start;
      if (length === 0) {
        cells[row] = null;
        continue;
      }
      if (length === previousLength && sameBytes(bytes, start, previousStart, length)) {
        cells[row] = previous;
      } else {
        let value = decodeRange(buffer, start, end, this.ascii);
        if (pool !== undefined && length < SHORT_CELL) {
          const pooled = pool.get(value);
          if (pooled !== undefined) value = pooled;
          else if (pool.size < MAX_POOLED_VALUES) pool.set(value, value);
          else pool = undefined;
        }
        cells[row] = value;
        previous = value;
        previousStart = start;
        previousLength = length;
      }
      start = end;
    }
    return cells;
  }

  /** The listed rows, in the listed order, as a new column (a scope's rows, an order's first line item). */
  take(rows: ArrayLike<number>): ByteTextColumn {
    const ends = new Int32Array(rows.length);
    let total = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      total += this.ends[row]! - this.startOf(row);
      ends[i] = total;
    }
    const bytes = uninitializedBytes(total);
    let at = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const start = this.startOf(row);
      const end = this.ends[row]!;
      if (end - start <= 64) for (let b = start; b < end; b++) bytes[at++] = this.bytes[b]!;
      else {
        bytes.set(this.bytes.subarray(start, end), at);
        at += end - start;
      }
    }
    return new ByteTextColumn(bytes, ends, this.ascii);
  }

  /** Cells as they are (null for null and ""), encoded. */
  static fromStrings(cells: ReadonlyArray<string | null | undefined>): ByteTextColumn {
    const writer = new ByteTextWriter(cells.length);
    for (let row = 0; row < cells.length; row++) writer.appendString(cells[row] ?? null);
    return writer.finish();
  }

  private view(): Buffer {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  }
}

/** Cells shorter than this are pooled by value in toArray; longer ones are ids, emails and names, which rarely repeat. */
const SHORT_CELL = 13;
const MAX_POOLED_VALUES = 512;

/**
 * Builds a ByteTextColumn cell by cell, growing its arena by doubling. Byte
 * cells are copied as they are; the caller says whether they are ASCII, and a
 * non-ASCII cell that is not valid UTF-8 is stored as its decoded string's
 * bytes (U+FFFD for the bad sequences), so the column's bytes compare as its
 * strings do.
 */
export class ByteTextWriter {
  private bytes: Uint8Array;
  private ends: Int32Array;
  private length = 0;
  private count = 0;
  private ascii = true;

  constructor(expectedRows = 1024, expectedBytes = expectedRows * 16) {
    this.bytes = uninitializedBytes(Math.max(64, expectedBytes));
    this.ends = new Int32Array(Math.max(16, expectedRows));
  }

  get rows(): number {
    return this.count;
  }

  appendNull(): void {
    this.pushEnd();
  }

  /** bytes[start, end) as one cell; `ascii` false when any of them is above 0x7f. An empty range is null. */
  appendBytes(source: Uint8Array, start: number, end: number, ascii: boolean): void {
    if (!ascii && !isUtf8(source.subarray(start, end))) {
      this.appendString(Buffer.from(source.buffer, source.byteOffset + start, end - start).toString("utf8"));
      return;
    }
    const size = end - start;
    if (this.length + size > this.bytes.length) this.grow(this.length + size);
    const arena = this.bytes;
    let at = this.length;
    // Cells are short (ids, emails, names): a plain loop beats subarray + set, which allocates a view per cell.
    if (size <= 64) for (let i = start; i < end; i++) arena[at++] = source[i]!;
    else {
      arena.set(source.subarray(start, end), at);
      at += size;
    }
    this.length = at;
    if (!ascii) this.ascii = false;
    this.pushEnd();
  }

  /** A cell given as a string (decoded elsewhere, or made by a transform); null and "" are null. */
  appendString(value: string | null): void {
    if (value === null || value.length === 0) {
      this.pushEnd();
      return;
    }
    // At most 3 bytes per UTF-16 unit.
    if (this.length + value.length * 3 > this.bytes.length) this.grow(this.length + value.length * 3);
    const written = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength).write(value, this.length, "utf8");
    if (written !== value.length) this.ascii = false;
    else
      for (let i = 0; i < value.length; i++)
        if (value.charCodeAt(i) > 0x7f) {
          this.ascii = false;
          break;
        }
    this.length += written;
    this.pushEnd();
  }

  /**
   * The column. An arena at least three quarters full is handed over as a
   * view rather than copied (a copy of a large column cost as much as filling
   * it); an emptier one is copied so the spare room is not kept alive.
   */
  finish(): ByteTextColumn {
    const bytes = this.length * 4 >= this.bytes.length * 3 ? this.bytes.subarray(0, this.length) : this.bytes.slice(0, this.length);
    const ends = this.count * 4 >= this.ends.length * 3 ? this.ends.subarray(0, this.count) : this.ends.slice(0, this.count);
    return new ByteTextColumn(bytes, ends, this.ascii);
  }

  private pushEnd(): void {
    if (this.count === this.ends.length) {
      const grown = new Int32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.ends[this.count++] = this.length;
  }

  private grow(needed: number): void {
    let capacity = this.bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = uninitializedBytes(capacity);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}

/**
 * An arena's room, not zero-filled: every byte is written before it is read
 * (the cells' ranges only cover written bytes), and zero-filling the
 * doublings of a large column was a visible part of a read. A plain
 * Uint8Array view, so element access stays monomorphic.
 */
function uninitializedBytes(size: number): Uint8Array {
  const buffer = Buffer.allocUnsafeSlow(size);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, size);
}

/**
 * Buffer#toString's argument checks cost more than a short cell's copy at
 * millions of cells; the native slices are what toString calls.
 */
type NativeSlices = Buffer & { latin1Slice?: (start: number, end: number) => string; utf8Slice?: (start: number, end: number) => string };
const nativeSlices = Buffer.prototype as NativeSlices;
const hasNativeSlices = typeof nativeSlices.latin1Slice === "function" && typeof nativeSlices.utf8Slice === "function";

export function decodeRange(buffer: Buffer, start: number, end: number, ascii: boolean): string {
  if (hasNativeSlices) return ascii ? (buffer as NativeSlices).latin1Slice!(start, end) : (buffer as NativeSlices).utf8Slice!(start, end);
  return buffer.toString(ascii ? "latin1" : "utf8", start, end);
}

function sameBytes(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (bytes[a + i] !== bytes[b + i]) return false;
  return true;
}

/**
 * String cells for columns held as bytes, made when a consumer first reads
 * `cells[c]` and kept from then on. The engine's byte-aware paths read the
 * ByteTextColumns and never trigger this; every other consumer (adapters'
 * helpers, previews, artifacts) sees ordinary string arrays.
 */
export function lazyStringColumns(columns: ReadonlyArray<ByteTextColumn | Array<string | null>>): Array<Array<string | null>> {
  const cells = new Array<Array<string | null>>(columns.length);
  columns.forEach((column, index) => {
    if (Array.isArray(column)) {
      cells[index] = column;
      return;
    }
    Object.defineProperty(cells, index, {
      configurable: true,
      enumerable: true,
      get() {
        const strings = column.toArray();
        Object.defineProperty(cells, index, { value: strings, writable: true, configurable: true, enumerable: true });
        return strings;
      },
    });
  });
  return cells;
}

/** True when `cells[index]` of a lazyStringColumns array has not been made yet. */
export function isLazyColumnPending(cells: ReadonlyArray<unknown>, index: number): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(cells, index);
  return descriptor !== undefined && descriptor.get !== undefined;
}

/**
 * Sets `textBytes` on a table as a non-enumerable property: it is the same
 * data as `cells` (or `text`) in another form, so a table serializes,
 * compares and spreads as its strings. A copy made by spreading drops it and
 * reads the strings, which is always correct, only slower.
 */
export function attachTextBytes<T extends object, V>(table: T, textBytes: V): T & { textBytes: V } {
  return Object.defineProperty(table, "textBytes", { value: textBytes, enumerable: false, writable: true, configurable: true }) as T & { textBytes: V };
}
