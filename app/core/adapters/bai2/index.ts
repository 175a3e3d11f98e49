import type { FormatAdapter } from "../types";
import { readBai2 } from "./read";

/**
 * BAI2 cash management balance reporting file (BAI "Cash Management
 * Balance Reporting Specifications, Version 2", 2005 edition; also ANSI
 * X9.121), in every layout the banks write: see physical-records.ts for
 * record delimiting (several records per line, fixed-length files, records
 * with or without "/"), logical-records.ts for 88 continuations, and
 * funds-type.ts for availability fields. Every dialect feature, with its
 * source, is listed in docs/adapters.md.
 *
 * Records: 01 file header, 02 group header (originator, as-of date YYMMDD,
 * currency), 03 account (number, currency, summary type code / amount /
 * item count / funds type groups), 16 transaction detail (type code,
 * amount, funds type [+ its fields], bank reference, customer reference,
 * text to the end of the record), 88 continuation, 49 account trailer, 98
 * group trailer, 99 file trailer.
 *
 * Output: one record per 16 (provenance = its first line). Columns:
 * Originator Identification, As-of-Date, Customer Account Number, Currency
 * Code, Type Code, Amount, Funds Type, Bank Reference Number, Customer
 * Reference Number, Text (continuation pieces joined by "\n"). Helpers:
 * @amount (debits negative; null for type codes with no standard direction:
 * loan 700–799, custom 900–999), @currency, @date = the group's as-of date,
 * @value_date (funds type V), @reference = bank reference,
 * @customer_reference, @remittance = text joined without the piece breaks,
 * @type_code, @account, @record_type = "credit" | "debit" | "other",
 * @statement_id = account/file creation date/file id, @opening_balance
 * (03 type 010, opening ledger), @closing_balance (03 type 015, closing
 * ledger).
 * Checked: every 49/98/99 control total, record count and account/group
 * count, and opening + credits − debits = closing where both balances are
 * given; errors under the strict policy, warnings under lenient.
 */
export const bai2: FormatAdapter = {
  name: "bai2",
  title: "BAI2 balance and transaction report",
  description: "A BAI2 cash management file: one record per 16 transaction detail with its 88 continuations; control totals, record counts and the ledger balance identity are checked.",
  signature: { firstBytes: "^01,[^,\\n]*,[^,\\n]*,\\d{6}," },
  read: readBai2,
};
