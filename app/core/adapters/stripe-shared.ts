import type { CsvFile } from "./support/csv";
import { oneRecordPerRow, type HeaderCsvFormat } from "./support/header-csv";
import type { LocatedErrors } from "./support/located-errors";
import { formatMinor } from "./support/money";
import { CsvRowReader, HelperColumns } from "./support/row-values";

/**
 * What Stripe's balance-transaction exports share (the itemized payout
 * reconciliation report and the dashboard's balance history): decimal major
 * units in the row's currency (written lower case), debits negative, and
 * net = gross − fee for every balance transaction (Stripe's "Balance
 * transactions" API reference: net is "amount minus fee"). A row that breaks
 * that identity was edited or cut after export, and reconciling payouts from
 * it would give wrong sums, so it is a located error, not a warning.
 */
export interface StripeLayout {
  id: string;
  currency: string;
  gross: string;
  fee: string;
  net: string;
  /** The first of these the header has; Stripe reports are downloaded with UTC or with local-time columns. */
  created: readonly string[];
  availableOn?: readonly string[];
  payoutId?: string;
  reference: string;
  recordType: string;
}

export const STRIPE_HELPERS = ["@amount", "@gross", "@fee", "@currency", "@date", "@available_on", "@payout_id", "@reference", "@record_type"] as const;

/** Stripe writes plain "1234.56"; a quoted "1,234.56" from a spreadsheet round trip is read too. */
const STRIPE_DECIMAL = { decimalSeparator: ".", thousandsSeparator: "," } as const;

/** The header's columns a layout reads from; the created (and available-on) columns are the first of their names the header has. */
interface StripeColumns {
  created: string;
  availableOn: string | undefined;
}

export function stripeBalanceTransactionsFormat(layout: StripeLayout): HeaderCsvFormat<StripeColumns> {
  return {
    csv: { delimiter: ",", required: [layout.id, layout.currency, layout.gross, layout.fee, layout.net, layout.recordType] },
    helpers: STRIPE_HELPERS,
    begin(header, headerLine, errors) {
      const created = layout.created.find((name) => header.includes(name));
      if (created === undefined) return errors.fail(headerLine, `the header has no column "${layout.created.join('" or "')}"`, { field: layout.created[0] });
      return { created, availableOn: layout.availableOn?.find((name) => header.includes(name)) };
    },
    rows(batch, errors, columns) {
      return oneRecordPerRow(batch, readBalanceTransactionRows(batch, errors, layout, columns));
    },
  };
}

function readBalanceTransactionRows(file: CsvFile, errors: LocatedErrors, layout: StripeLayout, { created, availableOn }: StripeColumns): Array<Array<string | null>> {
  const rows = new CsvRowReader(file, errors);
  const helpers = new HelperColumns(STRIPE_HELPERS, file.rowCount);
  for (let row = 0; row < file.rowCount; row++) {
    const currency = rows.currency(row, layout.currency);
    helpers.set(row, "@date", rows.date(row, created, "ymd"));
    if (availableOn) helpers.set(row, "@available_on", rows.date(row, availableOn, "ymd", false));
    if (layout.payoutId) helpers.set(row, "@payout_id", rows.text(row, layout.payoutId));
    helpers.set(row, "@reference", rows.text(row, layout.reference));
    helpers.set(row, "@record_type", rows.text(row, layout.recordType));
    if (currency === null) continue;
    helpers.set(row, "@currency", currency.code);
    const gross = rows.amount(row, layout.gross, currency.exponent, STRIPE_DECIMAL);
    // A blank fee is no fee (Stripe leaves it empty on some adjustments).
    const fee = rows.text(row, layout.fee) === null ? 0n : rows.amount(row, layout.fee, currency.exponent, STRIPE_DECIMAL);
    const net = rows.amount(row, layout.net, currency.exponent, STRIPE_DECIMAL);
    if (gross === null || fee === null || net === null) continue;
    const exponent = currency.exponent;
    if (gross - fee !== net) {
      const [netText, grossText, feeText, expected] = [net, gross, fee, gross - fee].map((minor) => formatMinor(minor, exponent));
      rows.report(row, layout.net, `net ${netText} is not gross ${grossText} − fee ${feeText} = ${expected}`, rows.text(row, layout.net));
      continue;
    }
    helpers.set(row, "@amount", formatMinor(net, exponent));
    helpers.set(row, "@gross", formatMinor(gross, exponent));
    helpers.set(row, "@fee", formatMinor(fee, exponent));
  }
  return helpers.cells;
}
