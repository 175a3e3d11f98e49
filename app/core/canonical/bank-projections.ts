import { column, computed, directionOf, firstOf, mapped, type AdapterProjection, type FieldSource } from "./projection";

/**
 * Bank formats → bank_statement_line. The same logical statement line gives
 * the same canonical values from every format: amounts and dates come from
 * the adapters' `@` helpers (already signed, ISO, with the currency's
 * digits), and each text field is the one the formats agree on: `reference`
 * is the payer's end-to-end id (camt EndToEndId, MT940 EREF, BAI2 customer
 * reference), not a bank's own id (that is `bank_reference`); `remittance` is
 * the payer's free text (camt Ustrd, MT940 SVWZ+ or /REMI/, BAI2 text), not
 * a bank's booking text (that is `description`).
 */

const amount = column("@amount");
const direction = computed("@record_type (credit or debit), else the sign of @amount", (values) => directionOf(values["@record_type"] ?? null, amount.read(values)));

const SHARED = {
  amount,
  currency: column("@currency"),
  booking_date: column("@date"),
  value_date: column("@value_date"),
  direction,
  account: column("@account"),
  statement_id: column("@statement_id"),
} satisfies Record<string, FieldSource>;

const camtFields = {
  ...SHARED,
  description: firstOf(column("Ntry/AddtlNtryInf"), column("TxDtls/AddtlTxInf")),
  remittance: firstOf(column("TxDtls/RmtInf/Ustrd"), column("TxDtls/RmtInf/Strd/Ref")),
  reference: firstOf(column("@end_to_end_id"), column("TxDtls/Refs/InstrId")),
  bank_reference: firstOf(column("TxDtls/Refs/AcctSvcrRef"), column("Ntry/AcctSvcrRef")),
  counterparty_name: column("@counterparty"),
  counterparty_account: column("@counterparty_account"),
  transaction_code: column("@bank_tx_code"),
} satisfies Record<string, FieldSource>;

/** SWIFT writes NONREF where the ordering party gave no reference. */
const customerReference = mapped(column(":61:customer_reference"), ":61:customer_reference (not NONREF)", (value) => (value.toUpperCase() === "NONREF" ? null : value));

const swiftFields = {
  ...SHARED,
  description: column(":86:posting_text"),
  remittance: column("@remittance"),
  reference: firstOf(mapped(column(":86:end_to_end_id"), ":86:end_to_end_id (EREF, not NOTPROVIDED)", (value) => (value.toUpperCase() === "NOTPROVIDED" ? null : value)), customerReference),
  bank_reference: column(":61:bank_reference"),
  counterparty_name: column("@counterparty"),
  counterparty_account: column(":86:counterparty_iban"),
  transaction_code: firstOf(column(":86:gvc"), column(":86:transaction_code"), column(":61:type")),
} satisfies Record<string, FieldSource>;

const bai2Fields = {
  ...SHARED,
  remittance: column("@remittance"),
  reference: column("@customer_reference"),
  bank_reference: column("@reference"),
  transaction_code: column("@type_code"),
} satisfies Record<string, FieldSource>;

const bankCsvFields = {
  ...SHARED,
  description: column("@description"),
  remittance: column("@remittance"),
  reference: column("@reference"),
  counterparty_name: column("@counterparty"),
  counterparty_account: column("@counterparty_account"),
  transaction_code: column("@transaction_code"),
} satisfies Record<string, FieldSource>;

export const BANK_PROJECTIONS: readonly AdapterProjection[] = [
  { adapter: "camt052", schema: "bank_statement_line", fields: camtFields },
  { adapter: "camt053", schema: "bank_statement_line", fields: camtFields },
  { adapter: "camt054", schema: "bank_statement_line", fields: camtFields },
  { adapter: "mt940", schema: "bank_statement_line", fields: swiftFields },
  { adapter: "mt942", schema: "bank_statement_line", fields: swiftFields },
  { adapter: "bai2", schema: "bank_statement_line", fields: bai2Fields },
  { adapter: "bank_csv", schema: "bank_statement_line", fields: bankCsvFields },
];
