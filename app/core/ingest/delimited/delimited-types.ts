/** What DelimitedReader is asked to read and what it hands back. */
import type { ByteTextColumn } from "~/core/values/text-column";

export interface DelimitedReadOptions {
  delimiter: string;
  quote?: string;
  /** Physical records to skip before the header (preamble lines some banks add). */
  skipRecords?: number;
  /** Header names to keep, in this order; default: every column. Missing names are an error. */
  columns?: readonly string[];
  /** For located errors. */
  fileName?: string;
  /**
   * Columns parsed to numbers as they are read (amounts to minor units, dates
   * to day numbers), by name; they are not in `columns`/`cells`. The decoder
   * reads the field in place in the chunk (text[start, end)), so a
   * million-row column costs one Float64Array, not a million strings for the
   * garbage collector to trace. See NumberColumnDecoder for what is stored.
   */
  numberColumns?: Readonly<Record<string, NumberColumnDecoder>>;
  /** Stop after this many data rows (previews): the rest of the input is not parsed, and readDelimited stops reading it. */
  maxRows?: number;
  /**
   * Keep text columns as the file's bytes (byte-columns.ts), for a worker
   * thread that only hands them on: `cells` stay empty and
   * DelimitedReader#takeByteColumns returns the columns packed.
   */
  textAsBytes?: boolean;
  /**
   * Told each record whose field count differs from the header's (its first
   * line, its field count, and whether the fields past the header's are all
   * blank), in file order: a streaming caller checks rows without a second pass.
   */
  onRagged?: (line: number, fields: number, extraFieldsBlank: boolean) => void;
}

/**
 * Parses a field's text[start, end). A number is stored; null (a blank
 * field) is stored as NaN; anything else (a parse failure) is stored as NaN
 * and the field's text is kept in `numberFailures`, so a caller can report it
 * exactly as it would have from the string.
 */
export type NumberColumnDecoder = (text: string, start: number, end: number) => unknown;

/** Cells of the number columns that did not parse: row → the field's text. */
export type NumberFailures = Map<number, string>;

export interface DelimitedTable {
  header: string[];
  columns: string[];
  /** One array per projected column; null for an empty cell. */
  cells: Array<Array<string | null>>;
  /** The same columns as the file's bytes, when read with textAsBytes (readDelimitedAsBytes); `cells` are then made on first read. */
  textBytes?: ByteTextColumn[];
  /** Per record: the 1-based physical line on which it starts. */
  lines: Uint32Array;
  rowCount: number;
  /** Records whose field count differs from the header's (first 100), for the profile's warnings. */
  raggedLines: number[];
  raggedCount: number;
  blankLines: number;
  /** Names of the number columns, in options order; `numbers` and `numberFailures` follow it. */
  numberColumns: string[];
  numbers: Float64Array[];
  numberFailures: NumberFailures[];
  /** True when maxRows stopped the read before the end of the input. */
  truncated: boolean;
}
