import { oneRecordPerRow, readHeaderCsv, type HeaderCsvFormat } from "./support/header-csv";
import { formatMinor } from "./support/money";
import { CsvRowReader, HelperColumns } from "./support/row-values";
import type { FormatAdapter } from "./types";

/**
 * Stripe Dashboard payouts export (Balance > Payouts > Export, payouts.csv).
 * Source: the export's columns in Stripe's Dashboard help; the generator's
 * stripe_payouts.csv writes the default selection.
 *
 * One row per payout. Columns kept: id (po_…), Amount (decimal major units),
 * Currency (lower case), Arrival Date (UTC), Created (UTC), Status (paid,
 * in_transit, failed…), Type, Description, Destination…
 *
 * Helpers: @amount = Amount, @currency, @date = Arrival Date (UTC) day (when
 * the bank should see it), @payout_id = @reference = id, @record_type = Status.
 */
const HELPERS = ["@amount", "@currency", "@date", "@payout_id", "@reference", "@record_type"] as const;

export const stripePayoutsFormat: HeaderCsvFormat<null> = {
  csv: { delimiter: ",", required: ["id", "Amount", "Currency", "Arrival Date (UTC)"] },
  helpers: HELPERS,
  begin: () => null,
  rows(file, errors) {
    const rows = new CsvRowReader(file, errors);
    const helpers = new HelperColumns(HELPERS, file.rowCount);
    for (let row = 0; row < file.rowCount; row++) {
      const id = rows.text(row, "id");
      if (id === null) rows.report(row, "id", "the payout id is missing");
      helpers.set(row, "@payout_id", id);
      helpers.set(row, "@reference", id);
      helpers.set(row, "@record_type", rows.text(row, "Status"));
      helpers.set(row, "@date", rows.date(row, "Arrival Date (UTC)", "ymd"));
      const currency = rows.currency(row, "Currency");
      if (currency === null) continue;
      helpers.set(row, "@currency", currency.code);
      const amount = rows.amount(row, "Amount", currency.exponent, { decimalSeparator: ".", thousandsSeparator: "," });
      if (amount !== null) helpers.set(row, "@amount", formatMinor(amount, currency.exponent));
    }
    return oneRecordPerRow(file, helpers.cells);
  },
};

export const stripePayouts: FormatAdapter = {
  name: "stripe_payouts",
  title: "Stripe payouts export",
  description: "The Stripe Dashboard's payouts CSV: one payout per row with its amount and arrival date, to tie balance transactions to bank deposits.",
  signature: { columns: ["id", "Amount", "Currency", "Arrival Date (UTC)", "Status"] },
  read: (bytes, options) => readHeaderCsv(stripePayoutsFormat, bytes, options),
};
