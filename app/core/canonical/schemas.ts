/**
 * Canonical record schemas: one shape per kind of financial record, whatever
 * file it came from. A camt.053 entry, an MT940 :61: line, a BAI2 16 record
 * and a row of a German bank's CSV are all a `bank_statement_line`; a pack's
 * bank leg maps the canonical columns once and works with any bank.
 *
 * Canonical columns are written beside the source's own columns (and beside
 * an adapter's `@` helpers), named `$<field>`. The `$` prefix keeps them apart
 * from a source's columns and from the `@<field>` columns a chained step
 * writes, so they survive from step to step.
 *
 * Every value is text, written one way for every source:
 * - money: signed decimal in major units, "." as the separator and exactly
 *   the currency's minor digits ("-12.30", JPY "1200"); map it with
 *   `parseAmount` and `minorUnits` = the currency's exponent;
 * - date: ISO yyyy-mm-dd, the calendar day the source writes (no zone shift);
 * - currency: ISO 4217, upper case;
 * - decimal: "." as the separator, no grouping ("12.5");
 * - enum: one of the listed values, lower case;
 * - text: as the source writes it, trimmed; empty is absent (null).
 */

export type CanonicalFieldType = "money" | "date" | "currency" | "decimal" | "text" | "enum";

export interface CanonicalField {
  type: CanonicalFieldType;
  /** A record of this kind always has it; a mapping must give it. */
  required?: boolean;
  /** For enum fields. */
  values?: readonly string[];
  description: string;
}

export interface CanonicalSchema {
  id: CanonicalSchemaId;
  title: string;
  description: string;
  /** What the signs of its money fields mean. */
  signs: string;
  fields: Readonly<Record<string, CanonicalField>>;
}

export const CANONICAL_SCHEMA_IDS = [
  "bank_statement_line",
  "psp_settlement_line",
  "payout",
  "order",
  "ledger_entry",
  "po_line",
  "goods_receipt_line",
  "invoice_line",
] as const;
export type CanonicalSchemaId = (typeof CANONICAL_SCHEMA_IDS)[number];

/** The prefix of canonical columns: `$amount`, `$booking_date`… */
export const CANONICAL_PREFIX = "$";

export function canonicalColumn(field: string): string {
  return `${CANONICAL_PREFIX}${field}`;
}

const PSP_LINE_TYPES = ["charge", "refund", "fee", "chargeback", "adjustment", "payout", "transfer", "reserve", "other"] as const;

export const CANONICAL_SCHEMAS: Readonly<Record<CanonicalSchemaId, CanonicalSchema>> = {
  bank_statement_line: {
    id: "bank_statement_line",
    title: "Bank statement line",
    description: "One booked entry on a bank account statement or report (camt.052/053/054, MT940/942, BAI2, a bank's CSV download).",
    signs: "amount is + for money into the account (a credit), - for money out (a debit).",
    fields: {
      amount: { type: "money", required: true, description: "The entry's amount, signed." },
      currency: { type: "currency", required: true, description: "The entry's (account's) currency." },
      booking_date: { type: "date", required: true, description: "The day the bank booked the entry." },
      value_date: { type: "date", description: "The value date, when the source gives one." },
      direction: { type: "enum", values: ["credit", "debit"], required: true, description: "credit (money in) or debit (money out), the sign of amount in words." },
      description: { type: "text", description: "The bank's description of the entry (booking text, transaction type text)." },
      remittance: { type: "text", description: "Remittance information: the free text a payer sent (where payout and settlement ids hide)." },
      reference: { type: "text", description: "The customer or end-to-end reference (EndToEndId, EREF, MT940 customer reference)." },
      bank_reference: { type: "text", description: "The bank's own reference for the entry (AcctSvcrRef, MT940 bank reference, BAI2 bank reference)." },
      counterparty_name: { type: "text", description: "The other party's name." },
      counterparty_account: { type: "text", description: "The other party's account (IBAN or account number)." },
      transaction_code: { type: "text", description: "The bank's transaction code (BTC Domn/Fmly/SubFmly, SWIFT code, GVC, BAI2 type code)." },
      account: { type: "text", description: "The statement's own account (IBAN or account number)." },
      statement_id: { type: "text", description: "The statement's identifier or number." },
    },
  },
  psp_settlement_line: {
    id: "psp_settlement_line",
    title: "Payment provider settlement line",
    description: "One line of a payment provider's or marketplace's settlement report (Stripe, PayPal STL, Adyen, Amazon): a charge, refund, fee… and the payout it is settled in.",
    signs: "gross, fee and net are from the merchant's side: + is owed to the merchant, - is taken from it (a refund, a fee: fee is negative).",
    fields: {
      transaction_id: { type: "text", required: true, description: "The provider's id of the line (balance transaction, PSP reference, PayPal transaction id)." },
      type: { type: "enum", values: PSP_LINE_TYPES, required: true, description: "What the line is." },
      net: { type: "money", required: true, description: "What the line adds to the payout: gross + fee." },
      currency: { type: "currency", required: true, description: "The settlement currency." },
      gross: { type: "money", description: "The amount before fees." },
      fee: { type: "money", description: "Fees, signed (negative when taken)." },
      date: { type: "date", description: "The day of the transaction." },
      payout_id: { type: "text", description: "The payout (or settlement batch) the line is paid in, as it appears on the bank statement." },
      payout_date: { type: "date", description: "When that payout is due at the bank." },
      order_id: { type: "text", description: "The merchant's order id, when the provider carries it." },
      settlement_id: { type: "text", description: "The provider's settlement or batch number." },
    },
  },
  payout: {
    id: "payout",
    title: "Payout",
    description: "One transfer from a payment provider to the merchant's bank account.",
    signs: "amount is + for money paid to the merchant's bank, - for a debit from it.",
    fields: {
      payout_id: { type: "text", required: true, description: "The provider's payout id." },
      amount: { type: "money", required: true, description: "The amount transferred." },
      currency: { type: "currency", required: true, description: "The payout currency." },
      date: { type: "date", required: true, description: "The day it is expected at the bank (arrival date)." },
      status: { type: "text", description: "The provider's status (paid, failed, in_transit…)." },
      reference: { type: "text", description: "The text the bank statement shows for it, when different from payout_id." },
    },
  },
  order: {
    id: "order",
    title: "Order",
    description: "One customer order from a shop or order system.",
    signs: "amount is the order total the customer pays, positive.",
    fields: {
      order_id: { type: "text", required: true, description: "The order number or name." },
      amount: { type: "money", required: true, description: "The total charged." },
      currency: { type: "currency", required: true, description: "The order currency." },
      date: { type: "date", required: true, description: "The day the order was placed." },
      customer_email: { type: "text", description: "The buyer's email." },
      payment_reference: { type: "text", description: "The payment provider's reference for the charge, when the shop keeps it." },
    },
  },
  ledger_entry: {
    id: "ledger_entry",
    title: "Ledger entry",
    description: "One posting on a general-ledger account (an ERP export of a cash or clearing account).",
    signs: "amount is + for a debit to the account (cash in, for a cash account), - for a credit.",
    fields: {
      amount: { type: "money", required: true, description: "The posting's amount, signed." },
      currency: { type: "currency", required: true, description: "The posting currency." },
      posting_date: { type: "date", required: true, description: "The day it was posted." },
      entry_id: { type: "text", description: "The journal entry or document number." },
      account: { type: "text", description: "The GL account." },
      reference: { type: "text", description: "The payment's reference (end-to-end id, invoice number)." },
      description: { type: "text", description: "The posting text." },
      category: { type: "text", description: "The kind of posting (receipt, payment, bank fee…)." },
    },
  },
  po_line: {
    id: "po_line",
    title: "Purchase order line",
    description: "One line of a purchase order.",
    signs: "amounts are positive.",
    fields: {
      po_number: { type: "text", required: true, description: "The purchase order number." },
      item: { type: "text", required: true, description: "The item or SKU." },
      quantity: { type: "decimal", required: true, description: "The quantity ordered." },
      line: { type: "text", description: "The PO line number." },
      vendor: { type: "text", description: "The supplier's name." },
      unit_price: { type: "decimal", description: "The unit price in major units (may have more digits than the currency)." },
      amount: { type: "money", description: "The line amount." },
      currency: { type: "currency", description: "The PO currency." },
      date: { type: "date", description: "The order date." },
    },
  },
  goods_receipt_line: {
    id: "goods_receipt_line",
    title: "Goods receipt line",
    description: "One received item on a goods receipt note.",
    signs: "quantity is positive for a receipt, negative for a return.",
    fields: {
      receipt_id: { type: "text", required: true, description: "The goods receipt note number." },
      item: { type: "text", required: true, description: "The item or SKU." },
      quantity: { type: "decimal", required: true, description: "The quantity received." },
      po_number: { type: "text", description: "The purchase order it receives against, as written on the note." },
      date: { type: "date", description: "The day it was received." },
      vendor: { type: "text", description: "The supplier's name." },
    },
  },
  invoice_line: {
    id: "invoice_line",
    title: "Invoice line",
    description: "One line of a supplier invoice.",
    signs: "amounts are positive for an invoice, negative for a credit note.",
    fields: {
      invoice_number: { type: "text", required: true, description: "The supplier's invoice number." },
      item: { type: "text", required: true, description: "The item or SKU." },
      quantity: { type: "decimal", required: true, description: "The quantity billed." },
      po_number: { type: "text", description: "The purchase order it bills, when the invoice names one." },
      vendor: { type: "text", description: "The supplier's name." },
      unit_price: { type: "decimal", description: "The unit price in major units." },
      amount: { type: "money", description: "The line amount." },
      currency: { type: "currency", description: "The invoice currency." },
      date: { type: "date", description: "The invoice date." },
    },
  },
};

export function isCanonicalSchemaId(value: string): value is CanonicalSchemaId {
  return (CANONICAL_SCHEMA_IDS as readonly string[]).includes(value);
}

/** The canonical columns of a schema, in its field order. */
export function canonicalColumnsOf(schema: CanonicalSchemaId): string[] {
  return Object.keys(CANONICAL_SCHEMAS[schema].fields).map(canonicalColumn);
}
