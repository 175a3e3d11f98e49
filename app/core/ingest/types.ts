import type { RawTable } from "~/core/values/tables";

/** Opens the file's bytes from the start. Called more than once: a bounded sample first, then the full read. */
export type ByteSource = () => AsyncIterable<Uint8Array>;

/** What a user corrected after seeing a profile; applied on top of detection by profileFile. */
export interface DetectionOverrides {
  /** "utf-8", "utf-16le", "utf-16be", "windows-1252", "iso-8859-1" or any name iconv-lite knows. */
  encoding?: string;
  delimiter?: string;
  /** CSV: the 1-based physical line of the header; XLSX: the 1-based sheet row. */
  headerRow?: number;
  sheet?: string;
  /** By column name: type, amount format or date format (pattern, order, timeZone). */
  columns?: Record<string, Partial<ColumnProfile>>;
  /** BCP 47; decides ambiguous D/M dates (en-US: M/D, others: D/M) and ambiguous separators. Default en-US. */
  locale?: string;
}

export type ColumnType = "string" | "integer" | "amount" | "date" | "datetime" | "boolean" | "currency" | "empty";

export interface AmountProfile {
  decimalSeparator: "." | ",";
  thousandsSeparator: "" | "," | "." | " " | "'";
  /** "crdr": a "CR" suffix is a credit (positive), "DR" a debit (negative). A leading "-" is read in every style. */
  negative: "minus" | "parentheses" | "trailingMinus" | "crdr";
  /** The symbol or ISO code written with the values ("$", "€", "EUR"), when they carry one. */
  currencySymbol?: string;
}

export interface DateProfile {
  /**
   * Tokens as in the engine's parseDate (yyyy, yy, MM, M, dd, d, HH, mm, ss, xx, or "iso"),
   * plus MMM (month names), H, h and a (12-hour clock) for what spreadsheets and banks write.
   */
  pattern: string;
  order?: "DMY" | "MDY" | "YMD";
  /** IANA zone for datetimes written without an offset; UTC when absent. */
  timeZone?: string;
}

export interface ColumnProfile {
  name: string;
  /** 0-based position in the header. */
  index: number;
  type: ColumnType;
  /** Sampled cells that are empty or a null token ("", N/A, NULL, -, n/a, null). */
  nullCount: number;
  /** Non-null sampled cells that fit `type`. */
  fit: number;
  /** Sampled cells, nulls included: fit + nullCount + misfits = total. */
  total: number;
  /** Up to 5 distinct non-null values that do not fit `type`. */
  misfits: string[];
  evidence: string;
  /**
   * The user set this column's type (an override): only then does a cell
   * that does not fit it fail its row. An inferred type only proposes.
   */
  confirmed?: boolean;
  /** Dates whose day/month order no sampled value proves; `date.order` is then the locale's default. */
  ambiguous?: boolean;
  amount?: AmountProfile;
  date?: DateProfile;
}

export interface FileProfile {
  /** "adapter": the columns are a format adapter's records (see the file's `format`); readFile does not read those. */
  format: "csv" | "xlsx" | "json" | "ndjson" | "adapter";
  compression: "none" | "gzip";
  encoding: string;
  encodingEvidence: string;
  delimiter?: string;
  delimiterEvidence?: string;
  /** CSV: 1-based physical line; XLSX: 1-based sheet row; JSON and NDJSON: 0 (columns are object keys). */
  headerRow: number;
  headerEvidence: string;
  sheet?: string;
  sheets?: string[];
  columns: ColumnProfile[];
  /** Data rows the column profiles were computed from. */
  sampledRows: number;
  warnings: string[];
}

/**
 * `line` is where the problem is: the physical line for CSV and NDJSON, the
 * sheet row for XLSX, and the element's 1-based index for a JSON array.
 * `column` is 1-based: a field's position, or a character position for bytes
 * that are not text.
 */
export interface IngestError {
  file: string;
  line: number;
  column?: number;
  field?: string;
  value?: string;
  message: string;
}

export interface ReadOptions {
  sourceId: string;
  /** Columns to keep, in this order; default all. */
  columns?: string[];
  policy: "strict" | "lenient";
  /** Errors kept in the result or the thrown error; the count covers all of them. Default 100. */
  maxErrors?: number;
  /**
   * Read at most this many rows (previews), then stop reading the file.
   * Rows the lenient policy rejects count too. Trailing summary rows are only
   * recognised when the read reached the end of the file.
   */
  maxRows?: number;
}

export interface ReadResult {
  table: RawTable;
  /** The first maxErrors, in file order. */
  errors: IngestError[];
  errorCount: number;
  /** Lines (see IngestError.line) of every row left out, ascending. */
  rejectedLines: number[];
  /** True when maxRows stopped the read before the end of the file. */
  truncated: boolean;
}

export interface NormalizedValue {
  raw: string | null;
  value: string | number | boolean | null;
  error?: string;
}
