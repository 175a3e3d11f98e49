import { ReadAgain } from "./streaming/protocol";
import { oneRecordPerRow, readHeaderCsv, type HeaderCsvFormat } from "./support/header-csv";
import { formatMinor, minorDigits } from "./support/money";
import { CsvRowReader, HelperColumns } from "./support/row-values";
import type { FormatAdapter } from "./types";

/**
 * Adyen "Settlement details report" (settlement_detail_report_batch_N.csv).
 * Source: Adyen's reporting docs, "Settlement details report" column and
 * journal-type reference.
 *
 * One row per booking in a settlement batch. Columns kept: Company Account,
 * Merchant Account, Psp Reference, Merchant Reference, Payment Method,
 * Creation Date, TimeZone, Type (Settled, Refunded, Chargeback,
 * ChargebackReversed, Fee, MerchantPayout, DepositCorrection…), Modification
 * Reference, Gross Currency, Gross Debit (GC), Gross Credit (GC), Exchange
 * Rate, Net Currency, Net Debit (NC), Net Credit (NC), Commission (NC),
 * Markup (NC), Scheme Fees (NC), Interchange (NC), Payment Method Variant,
 * Modification Merchant Reference, Batch Number, Reserved… Amounts are
 * decimal major units; a row is a debit OR a credit, never both.
 *
 * The MerchantPayout row of a batch is the payout the bank receives (its
 * Net Debit leaves the Adyen balance); its Modification Reference is what
 * the bank text quotes. Every row of the batch gets it as @payout_reference,
 * which ties transactions to the deposit (N:1).
 *
 * Helpers: @amount = Net Credit − Net Debit (so a MerchantPayout row is
 * negative: money leaving Adyen), @currency = Net Currency, @gross = Gross
 * Credit − Gross Debit, @gross_currency, @fee = Commission + Markup + Scheme
 * Fees + Interchange, @date = Creation Date's day (in the row's TimeZone),
 * @batch = Batch Number, @payout_reference, @reference = Merchant Reference
 * (else Modification Reference), @psp_reference, @record_type = Type.
 */
const HELPERS = ["@amount", "@currency", "@gross", "@gross_currency", "@fee", "@date", "@batch", "@payout_reference", "@reference", "@psp_reference", "@record_type"] as const;
const REQUIRED = ["Merchant Account", "Creation Date", "Type", "Net Currency", "Net Debit (NC)", "Net Credit (NC)", "Batch Number"] as const;
const FEE_COLUMNS = ["Commission (NC)", "Markup (NC)", "Scheme Fees (NC)", "Interchange (NC)"] as const;
const ADYEN_DECIMAL = { decimalSeparator: "." } as const;

interface AdyenReading {
  /** Each batch's MerchantPayout seen so far in this pass: its reference and line. */
  payoutOfBatch: Map<string, { reference: string | null; line: number }>;
  /** A second pass's payout references, from the whole first pass. */
  knownPayouts: ReadonlyMap<string, string | null> | null;
  /** Batches whose rows went out before their MerchantPayout was seen. */
  unresolved: Set<string>;
}

/**
 * Adyen writes a batch's MerchantPayout row after the batch's bookings, yet
 * every row carries the payout's reference (@payout_reference). A streamed
 * read that gave rows before their batch's payout asks for a second pass,
 * which knows every batch's reference from the first: one reference per
 * batch is held, never the rows.
 */
export const adyenSettlementDetailsFormat: HeaderCsvFormat<AdyenReading> = {
  csv: { delimiter: ",", required: REQUIRED },
  helpers: HELPERS,
  begin: (_header, _headerLine, _errors, hint) => ({
    payoutOfBatch: new Map(),
    knownPayouts: hint instanceof Map ? (hint as Map<string, string | null>) : null,
    unresolved: new Set(),
  }),
  rows(file, errors, reading) {
    const { payoutOfBatch } = reading;
    const rows = new CsvRowReader(file, errors);
    const helpers = new HelperColumns(HELPERS, file.rowCount);
    for (let row = 0; row < file.rowCount; row++) {
      const type = rows.text(row, "Type");
      if (type === null) rows.report(row, "Type", "the record type is missing");
      const batch = rows.text(row, "Batch Number");
      if (batch === null) rows.report(row, "Batch Number", "the batch number is missing");
      else if (!/^\d+$/.test(batch)) rows.report(row, "Batch Number", `"${batch}" is not a batch number`, batch);
      if (type === "MerchantPayout" && batch !== null) {
        const earlier = payoutOfBatch.get(batch);
        if (earlier) rows.report(row, "Batch Number", `batch ${batch} already has its MerchantPayout on line ${earlier.line}`, batch);
        else payoutOfBatch.set(batch, { reference: rows.text(row, "Modification Reference"), line: rows.line(row) });
      }
      helpers.set(row, "@record_type", type);
      helpers.set(row, "@batch", batch);
      helpers.set(row, "@psp_reference", rows.text(row, "Psp Reference"));
      helpers.set(row, "@reference", rows.text(row, "Merchant Reference") ?? rows.text(row, "Modification Reference"));
      helpers.set(row, "@date", rows.date(row, "Creation Date", "ymd"));

      const currency = rows.currency(row, "Net Currency");
      if (currency !== null) {
        helpers.set(row, "@currency", currency.code);
        const net = debitCredit(rows, row, "Net Debit (NC)", "Net Credit (NC)", currency.exponent, true);
        if (net !== null) helpers.set(row, "@amount", formatMinor(net, currency.exponent));
        let fee = 0n;
        let feeKnown = true;
        for (const column of FEE_COLUMNS) {
          if (!rows.has(column) || rows.text(row, column) === null) continue;
          const part = rows.amount(row, column, currency.exponent, ADYEN_DECIMAL);
          if (part === null) feeKnown = false;
          else fee += part;
        }
        if (feeKnown) helpers.set(row, "@fee", formatMinor(fee, currency.exponent));
      }
      const grossCurrency = rows.has("Gross Currency") ? rows.text(row, "Gross Currency") : null;
      if (grossCurrency !== null && rows.has("Gross Debit (GC)") && rows.has("Gross Credit (GC)")) {
        const exponent = minorDigits(grossCurrency.toUpperCase());
        if (exponent === undefined) {
          rows.report(row, "Gross Currency", `"${grossCurrency}" is not an ISO 4217 currency code`, grossCurrency);
        } else {
          helpers.set(row, "@gross_currency", grossCurrency.toUpperCase());
          const gross = debitCredit(rows, row, "Gross Debit (GC)", "Gross Credit (GC)", exponent, false);
          if (gross !== null) helpers.set(row, "@gross", formatMinor(gross, exponent));
        }
      }
    }
    for (let row = 0; row < file.rowCount; row++) {
      const batch = rows.text(row, "Batch Number");
      if (batch === null) continue;
      if (reading.knownPayouts !== null) {
        helpers.set(row, "@payout_reference", reading.knownPayouts.get(batch) ?? null);
        continue;
      }
      if (!payoutOfBatch.has(batch)) reading.unresolved.add(batch);
      helpers.set(row, "@payout_reference", payoutOfBatch.get(batch)?.reference ?? null);
    }
    return oneRecordPerRow(file, helpers.cells);
  },
  end(reading, errors) {
    // A broken file fails whatever the references; otherwise rows given too early need them.
    if (reading.knownPayouts !== null || errors.size > 0) return null;
    const late = [...reading.unresolved].some((batch) => (reading.payoutOfBatch.get(batch)?.reference ?? null) !== null);
    if (late) throw new ReadAgain(new Map([...reading.payoutOfBatch].map(([batch, payout]) => [batch, payout.reference])));
    return null;
  },
};

export const adyenSettlementDetails: FormatAdapter = {
  name: "adyen_settlement_details",
  title: "Adyen settlement details report",
  description: "Adyen's settlement details CSV: debit/credit columns per booking, record types (Settled, Refunded, Chargeback, Fee, MerchantPayout), and each batch's payout reference on every row.",
  signature: { columns: ["Merchant Account", "Psp Reference", "Type", "Net Debit (NC)", "Net Credit (NC)", "Batch Number"] },
  read: (bytes, options) => readHeaderCsv(adyenSettlementDetailsFormat, bytes, options),
};

function debitCredit(rows: CsvRowReader, row: number, debitColumn: string, creditColumn: string, exponent: number, required: boolean): bigint | null {
  const debitText = rows.text(row, debitColumn);
  const creditText = rows.text(row, creditColumn);
  if (debitText !== null && creditText !== null) {
    rows.report(row, creditColumn, `the row has both ${debitColumn} and ${creditColumn}`, creditText);
    return null;
  }
  if (debitText === null && creditText === null) {
    if (required) rows.report(row, debitColumn, `the row has neither ${debitColumn} nor ${creditColumn}`);
    return null;
  }
  const column = debitText !== null ? debitColumn : creditColumn;
  const value = rows.amount(row, column, exponent, ADYEN_DECIMAL);
  if (value === null) return null;
  return column === debitColumn ? -value : value;
}
