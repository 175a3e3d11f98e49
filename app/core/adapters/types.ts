import type { RawTable } from "~/core/values/tables";

/**
 * Format adapters turn one provider's file layout (a Stripe report, a
 * camt.053 statement, a BAI2 file…) into canonical rows a rule set can map.
 * Packs only name an adapter; the parsing is core code, so installing a pack
 * never runs code.
 *
 * Every adapter keeps the source's own columns (so rule sets written against
 * the provider's documentation still work) and adds helper columns prefixed
 * with "@" where the format needs interpretation: signed amounts from
 * debit/credit indicators, minor units scaled back to major units, dates to
 * ISO, continuation records joined. Helper conventions shared by every adapter:
 * - `@amount`: signed decimal in major units, "." as the decimal separator and
 *   exactly the currency's minor digits ("-12.30", JPY "1200"), so a rule set
 *   maps it with `parseAmount` and `minorUnits` = the currency's exponent;
 *   positive means money in to the account holder (a credit, a sale).
 * - `@currency`: ISO 4217, upper case.
 * - `@date`: ISO yyyy-mm-dd, the date as the file writes it (no zone shifts).
 * - `@reference`, `@remittance`, `@record_type`: per adapter, see its header.
 */

export interface AdapterReadOptions {
  /** The file or artifact id that provenance points to. */
  sourceId: string;
  /** For located errors. */
  fileName: string;
  /**
   * What a break of the format's own integrity rules is (a statement whose
   * opening balance plus entries is not its closing balance, a control total
   * that does not add up): under "strict" (the default) a located error that
   * refuses the file, under "lenient" a located warning on the result. A file
   * that cannot be read at all is an error under both.
   */
  policy?: "strict" | "lenient";
}

/** What read() returns: the records, and the located warnings the lenient policy (or a normalized oddity) raised. */
export type AdapterTable = RawTable & { warnings?: AdapterErrorLocation[] };

export interface FormatAdapter {
  /** Stable id packs and stream steps name, e.g. "stripe_payout_itemized". */
  name: string;
  title: string;
  description: string;
  /**
   * What recognises a file of this kind: header `columns` that must all be
   * present, or `firstBytes`, a regular expression (source text, tested with
   * the multiline flag) that the file's first bytes must match.
   */
  signature: {
    columns?: string[];
    firstBytes?: string;
    /** Further header layouts that are each this format (bank_csv's bank-specific profiles); one fitting is enough. */
    alternativeColumns?: string[][];
  };
  /**
   * The whole file's bytes (already gunzipped) -> canonical rows, one per
   * record; provenance line = the 1-based line of the record's first line in
   * the original file. Throws AdapterError with located errors. Pure: no fs,
   * no db, no clock.
   */
  read(bytes: Uint8Array, options: AdapterReadOptions): AdapterTable;
}

export interface AdapterErrorLocation {
  file: string;
  /** 1-based line in the original file. */
  line: number;
  /** 1-based column (field position in delimited formats, character in text formats). */
  column?: number;
  /** The column or tag the value came from. */
  field?: string;
  value?: string;
  message: string;
}

/** The file does not follow its format; `errors` are the first ones in file order (capped), each located. */
export class AdapterError extends Error {
  readonly errors: AdapterErrorLocation[];

  constructor(errors: AdapterErrorLocation[], totalCount = errors.length) {
    super(describe(errors, totalCount));
    this.name = "AdapterError";
    this.errors = errors;
  }
}

function describe(errors: AdapterErrorLocation[], totalCount: number): string {
  const first = errors[0];
  if (!first) return "the file does not follow its format";
  const where = `${first.file}: line ${first.line}${first.column === undefined ? "" : `, column ${first.column}`}`;
  const field = first.field === undefined ? "" : ` (${first.field})`;
  const more = totalCount > 1 ? ` (and ${totalCount - 1} more error${totalCount === 2 ? "" : "s"})` : "";
  return `${where}${field}: ${first.message}${more}`;
}
