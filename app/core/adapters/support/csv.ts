/**
 * Header-based delimited files (Stripe, Shopify, Adyen, Amazon, bank CSVs)
 * read with the ingest pipeline's reader (csv-scanner.ts), so quoting, BOMs,
 * CRLF and physical line numbers behave exactly as they do for a plain upload.
 */
export interface CsvFile {
  header: string[];
  /** One array per header column; null for an empty cell. */
  cells: Array<Array<string | null>>;
  /** Per record: the 1-based physical line it starts on. */
  lines: Uint32Array;
  rowCount: number;
  headerLine: number;
}

export interface CsvReadOptions {
  delimiter: "," | "\t" | ";";
  /** Columns the format cannot do without; each missing one is a located error on the header line. */
  required: readonly string[];
  /**
   * Accept records that only add empty fields after the header's last one:
   * some banks (Chase among them) end every data row with a stray comma.
   * The values stay under the right columns, so nothing is lost.
   */
  allowTrailingEmptyFields?: boolean;
}
