import type { SwiftRecord } from "./mt940/columns";
import { readStatementFile, swiftRecords, swiftRecordsOfChunks } from "./mt940/read";
import type { AdapterErrorLocation, AdapterReadOptions, FormatAdapter } from "./types";

/**
 * SWIFT MT940 customer statement, in the dialects real banks write (see
 * docs/adapters.md for each one and its public source). Tags: :20:
 * reference, :21: related reference, :25: account, :28C: statement/sequence
 * number, :60F:/:60M: opening balance, :61: statement line, :86: information
 * to account owner, :62F:/:62M: closing balance, :64:/:65: available
 * balances. A file may hold several statements and several FIN messages.
 *
 * The reading is split in app/core/adapters/mt940/: tokenizer (envelope, header
 * lines, tags), values (tag grammars), dates (the 30-February rule),
 * information (:86: subfields), statements (assembly and integrity).
 *
 * Output: one record per :61:, provenance = its line. Columns: :20:, :21:,
 * :25:, :28C:, :61:value_date, :61:entry_date, :61:mark, :61:funds_code,
 * :61:amount, :61:type, :61:customer_reference, :61:bank_reference,
 * :61:supplementary, :86: (its lines joined by "\n") and the parsed :86:
 * subfields (:86:gvc, :86:posting_text, :86:primanota, :86:purpose,
 * :86:counterparty_bic, :86:counterparty_iban, :86:counterparty_name,
 * :86:text_key_addition, :86:end_to_end_id, :86:mandate_reference,
 * :86:creditor_id, :86:transaction_code, :86:payment_reference,
 * :86:return_reason). Helpers: @amount (D/RC negative), @currency (the
 * opening balance's), @date = entry date (else value date), @value_date,
 * @reference = bank reference, else customer reference (never NONREF), else
 * the end-to-end id, @remittance (SEPA SVWZ+ or /REMI/ text, else the
 * purpose, else the :86: lines joined with nothing, so an id wrapped across
 * two lines is whole again), @counterparty, @account, @record_type = "credit"
 * | "debit", @statement_id (:28C:), @opening_balance, @closing_balance.
 */
export const mt940: FormatAdapter = {
  name: "mt940",
  title: "SWIFT MT940 bank statement",
  description: "A SWIFT MT940 statement in any bank's dialect: one record per :61: statement line with its :86: details; opening + lines = closing balance is checked.",
  // A :20: tag, unless the first bytes say MT942: a {2:I942/{2:O942 header, or :34F:/:13D: without an opening balance.
  signature: { firstBytes: "(?<![\\s\\S])(?![\\s\\S]*\\{2:[IO]942)(?=[\\s\\S]*(?:^|@@|\\{4:):60[FM]:|(?![\\s\\S]*(?:^|@@):(?:34F|13D):))[\\s\\S]*?(?:^|\\{4:|@@|\\x01):20:" },
  read: (bytes, options) => readStatementFile(bytes, options, "mt940"),
};

/**
 * The records of an MT940 file one at a time (memory follows one statement,
 * not the file). Iterate `records`, then ask `errors()` and `warnings()`.
 */
export function readMt940Records(bytes: Uint8Array, options: AdapterReadOptions): { records: Iterable<SwiftRecord>; errors: () => number; warnings: () => AdapterErrorLocation[] } {
  const { records, findings } = swiftRecords(bytes, options, "mt940");
  return { records, errors: () => findings.errors.size, warnings: () => findings.warnings() };
}

/**
 * readMt940Records for a file read piece by piece: `chunks` is its decoded
 * text in any cut (the bench feeds 64 KiB at a time), so memory follows one
 * statement and one chunk, never the file.
 */
export function readMt940RecordChunks(chunks: Iterable<string>, options: AdapterReadOptions): { records: Iterable<SwiftRecord>; errors: () => number; warnings: () => AdapterErrorLocation[] } {
  const { records, findings } = swiftRecordsOfChunks(chunks, options, "mt940");
  return { records, errors: () => findings.errors.size, warnings: () => findings.warnings() };
}
