import { ByteColumns } from "./byte-columns";
import { ingestLimits, type IngestLimits } from "../limits";
import { CellColumn } from "./cell-column";
import { DelimitedLimitError, DelimitedParseError } from "./delimited-errors";
import type { DelimitedReadOptions, NumberColumnDecoder, NumberFailures } from "./delimited-types";
import type { PackedTextColumn } from "./packed-columns";
import type { ByteTextColumn } from "~/core/values/text-column";

const MAX_POOLED_VALUES = 512;

/**
 * The rows a DelimitedReader has read, as columns: the header and which of
 * its fields are kept (as text or as numbers), the cells, the numbers and
 * the lines they came from. The record parser (record-parser.ts) writes to
 * it field by field; callers take the columns in batches or at the end.
 */
export abstract class DelimitedRows {
  protected header: string[] | undefined;
  /** The text columns, in output order: the caller's `columns`, or every header column not read as a number. */
  protected textColumns: readonly string[] = [];
  /** Per header field: ≥ 0 a string column, ≤ -2 number column (-2 - index), -1 skipped. */
  protected projection: Int32Array = new Int32Array(0);
  protected lastProjectedField = -1;
  protected cells: CellColumn[] = [];
  protected lineData = new Uint32Array(1 << 16);
  protected readonly numberNames: string[];
  protected readonly numberDecoders: NumberColumnDecoder[];
  protected numberData: Float64Array[];
  protected numberFailures: NumberFailures[];
  protected rowCount = 0;
  protected readonly raggedLines: number[] = [];
  protected raggedCount = 0;
  protected blankLines = 0;
  protected physicalLine = 1;
  protected readonly limits: Readonly<IngestLimits> = ingestLimits();
  /**
   * Per projected column, the distinct values seen while there are few of
   * them (statuses, currencies, methods): equal cells then share one string,
   * so a million-row file does not keep a million copies of "paid" alive for
   * the garbage collector to trace. A column with many values stops pooling.
   */
  protected pools: Array<Map<string, string> | undefined> = [];
  /** Per projected column, the last non-null value when it was made from ASCII bytes, else null. */
  protected lastText: Array<string | null> = [];
  /** Text columns as bytes (options.textAsBytes), created with the header. */
  protected byteColumns: ByteColumns | null = null;

  constructor(protected readonly options: DelimitedReadOptions) {
    this.numberNames = Object.keys(options.numberColumns ?? {});
    this.numberDecoders = this.numberNames.map((name) => options.numberColumns![name]!);
    this.numberData = this.numberNames.map(() => new Float64Array(this.lineData.length));
    this.numberFailures = this.numberNames.map(() => new Map());
  }

  /** The text columns read with textAsBytes, packed for posting; call after finish(). */
  takeByteColumns(): PackedTextColumn[] {
    return this.takeTextColumns().map((column) => ({ kind: "bytes" as const, bytes: column.bytes, ends: column.ends, ascii: column.ascii }));
  }

  /** The text columns read with textAsBytes, as the engine reads them; call after finish(). */
  takeTextColumns(): ByteTextColumn[] {
    if (this.byteColumns === null) throw new Error("the reader was not created with textAsBytes, or saw no header");
    return this.byteColumns.take();
  }

  /**
   * Hands over the records parsed so far and starts new column arrays, so a
   * caller can process a large file in batches with flat memory.
   */
  takeBatch(): { cells: Array<Array<string | null>>; lines: Uint32Array; rowCount: number; numbers: Float64Array[]; numberFailures: NumberFailures[] } {
    if (this.byteColumns !== null) throw new Error("batches are not taken from a reader with textAsBytes");
    const batch = {
      cells: this.cells.map((column) => column.take()),
      lines: this.lineData.slice(0, this.rowCount),
      rowCount: this.rowCount,
      numbers: this.numberData.map((values) => values.slice(0, this.rowCount)),
      numberFailures: this.numberFailures,
    };
    this.numberFailures = this.numberNames.map(() => new Map());
    this.rowCount = 0;
    return batch;
  }

  /** Records parsed since the last takeBatch: what a batching caller holds. */
  get pendingRows(): number {
    return this.rowCount;
  }

  get headerNames(): readonly string[] | undefined {
    return this.header;
  }

  protected acceptHeader(fields: string[]): void {
    if (fields.length > this.limits.maxColumns) {
      throw new DelimitedLimitError("maxColumns", "the number of fields in a row", this.options.fileName, this.physicalLine - 1, this.limits.maxColumns + 1);
    }
    const header = fields.map((name) => name.trim());
    this.header = header;
    const numberNames = this.numberNames;
    const wanted = this.options.columns ?? (numberNames.length > 0 ? header.filter((name) => !numberNames.includes(name)) : header);
    this.projection = new Int32Array(header.length).fill(-1);
    for (let n = 0; n < numberNames.length; n++) {
      const index = header.indexOf(numberNames[n]!);
      if (index < 0) {
        throw new DelimitedParseError(`column '${numberNames[n]}' is not in the header`, this.options.fileName, this.physicalLine - 1, 1);
      }
      this.projection[index] = -2 - n;
      this.lastProjectedField = Math.max(this.lastProjectedField, index);
    }
    for (let p = 0; p < wanted.length; p++) {
      const index = header.indexOf(wanted[p]!);
      if (index < 0) {
        throw new DelimitedParseError(`column '${wanted[p]}' is not in the header`, this.options.fileName, this.physicalLine - 1, 1);
      }
      if (this.projection[index]! <= -2) {
        throw new DelimitedParseError(`column '${wanted[p]}' is asked for both as text and as a number`, this.options.fileName, this.physicalLine - 1, 1);
      }
      this.projection[index] = p;
      this.lastProjectedField = Math.max(this.lastProjectedField, index);
    }
    this.textColumns = wanted;
    this.cells = wanted.map(() => new CellColumn());
    this.pools = wanted.map(() => new Map<string, string>());
    this.lastText = wanted.map(() => null);
    if (this.options.textAsBytes) this.byteColumns = new ByteColumns(wanted.length);
  }

  protected intern(column: number, pool: Map<string, string>, value: string): string {
    const pooled = pool.get(value);
    if (pooled !== undefined) return pooled;
    if (pool.size >= MAX_POOLED_VALUES) {
      this.pools[column] = undefined;
      return value;
    }
    pool.set(value, value);
    return value;
  }

  protected pushLine(line: number): void {
    if (this.rowCount === this.lineData.length) {
      const grown = new Uint32Array(this.lineData.length * 2);
      grown.set(this.lineData);
      this.lineData = grown;
      this.numberData = this.numberData.map((values) => {
        const grownValues = new Float64Array(grown.length);
        grownValues.set(values);
        return grownValues;
      });
    }
    this.lineData[this.rowCount++] = line;
  }

  /** The current row's number column n, parsed in place from an ASCII field of the chunk. */
  protected storeNumberInPlace(n: number, text: string, bytes: Buffer, start: number, end: number): void {
    const value = this.numberDecoders[n]!(text, start, end);
    if (typeof value === "number") this.numberData[n]![this.rowCount - 1] = value;
    else this.noteNumber(n, value, bytes.toString("latin1", start, end));
  }

  /** The same for a field that needed decoding (non-ASCII or quoted). */
  protected storeNumber(n: number, field: string): void {
    const value = this.numberDecoders[n]!(field, 0, field.length);
    if (typeof value === "number") this.numberData[n]![this.rowCount - 1] = value;
    else this.noteNumber(n, value, field);
  }

  /** A fresh string (not a slice of the chunk), so a kept failure does not pin the chunk. */
  protected noteNumber(n: number, value: unknown, field: string): void {
    this.numberData[n]![this.rowCount - 1] = Number.NaN;
    if (value !== null) this.numberFailures[n]!.set(this.rowCount - 1, field);
  }

  /** Pads projected columns a short record did not reach, so every column stays rowCount long. */
  protected padMissing(fieldsSeen: number): void {
    for (let f = fieldsSeen; f <= this.lastProjectedField; f++) {
      const p = this.projection[f]!;
      if (p >= 0) {
        if (this.byteColumns !== null) this.byteColumns.appendNull(p);
        else this.cells[p]!.push(null);
      } else if (p <= -2) this.numberData[-2 - p]![this.rowCount - 1] = Number.NaN;
    }
  }

  protected noteRagged(line: number, fields: number, extraFieldsBlank: boolean): void {
    this.options.onRagged?.(line, fields, extraFieldsBlank);
    this.raggedCount++;
    if (this.raggedLines.length < 100) this.raggedLines.push(line);
  }
}
