/**
 * The tables every layer of core passes around: a RawTable is what a reader
 * or adapter produces, a CanonicalTable what the engine's normalize makes of
 * it. They live here, below ingest, adapters and the engine, so data flows
 * ingest → engine without ingest importing the engine.
 */
import type { ByteTextColumn } from "./text-column";

/** Where a row came from: the file or artifact id and its 1-based line in that source. */
export interface RowProvenance {
  /** Distinct source ids (file or artifact ids); rows point into this list. */
  sourceIds: string[];
  /** Per row: index into sourceIds. */
  sourceIndex: Uint32Array;
  /** Per row: 1-based line (or record number) in its source. */
  line: Uint32Array;
}

/** A parsed input, before mapping: the original columns as strings (null = empty cell). */
export interface RawTable {
  columns: string[];
  /**
   * One array per column, each rowCount long. Where `textBytes` holds the
   * column, its strings are made on first read (lazyStringColumns).
   */
  cells: Array<Array<string | null>>;
  /**
   * Optional: the same columns as the reader's bytes (parallel to `columns`;
   * undefined where a column has only strings). Byte-aware consumers read
   * these and never make the strings (see text-column.ts).
   */
  textBytes?: ReadonlyArray<ByteTextColumn | undefined>;
  rowCount: number;
  provenance: RowProvenance;
  /**
   * Optional: columns a reader parsed straight to numbers (see
   * app/core/engine/normalize/number-columns.ts), not in `columns`. A mapping whose chain is
   * exactly that parse reads them as is; nothing else can read them, so
   * only columns no other rule needs are read this way.
   */
  numberColumns?: NumberColumn[];
}

/** How a number column was parsed: the same options as the parseAmount / parseDate transforms. */
export type NumberColumnSpec =
  | { kind: "amount"; format: { decimalSeparator: "." | ","; thousandsSeparator: "," | "." | " " | "'" | ""; sign: "minus" | "parentheses" | "trailingMinus"; minorUnits: number } }
  | { kind: "day"; format: string; timeZone: string };

export interface NumberColumn {
  name: string;
  spec: NumberColumnSpec;
  /** Per row: minor units or a day number; NaN for a blank cell or one that did not parse. */
  values: Float64Array;
  /** Row → the text of each cell that did not parse, so its issue reads as if parsed from text. */
  failures: ReadonlyMap<number, string>;
}

/** Day number since 1970-01-01 (UTC); NULL_DATE when absent. */
export const NULL_DATE = -2147483648;

/** A side after mapping: canonical fields as typed columns, plus the raw table for artifacts. */
export interface CanonicalTable {
  rowCount: number;
  raw: RawTable;
  /** Integer minor units; NaN when the row has no amount. */
  amountMinor: Float64Array;
  /** ISO 4217 code per row, upper case; null when unknown. */
  currency: Array<string | null>;
  /** Days since epoch, NULL_DATE when absent. */
  date: Int32Array;
  /**
   * Text fields: id, reference, counterparty, description, group and custom
   * names. A field also in `textBytes` has its strings made on first read.
   */
  text: Record<string, Array<string | null>>;
  /** Optional: text fields kept as UTF-8 bytes (text-column.ts), read by the byte-aware paths. */
  textBytes?: Record<string, ByteTextColumn>;
  /** Numeric custom fields (e.g. a second amount), same conventions as amountMinor. */
  numbers: Record<string, Float64Array>;
}
