import { isoDateOf } from "../support/dates";

const SOURCE_COLUMNS = [
  "Originator Identification",
  "As-of-Date",
  "Customer Account Number",
  "Currency Code",
  "Type Code",
  "Amount",
  "Funds Type",
  "Bank Reference Number",
  "Customer Reference Number",
  "Text",
] as const;
const HELPERS = [
  "@amount",
  "@currency",
  "@date",
  "@value_date",
  "@reference",
  "@customer_reference",
  "@remittance",
  "@type_code",
  "@account",
  "@record_type",
  "@statement_id",
  "@opening_balance",
  "@closing_balance",
] as const;

/** Output columns: the record's own fields, then the helpers every bank adapter writes. */
export const BAI2_COLUMNS: readonly string[] = [...SOURCE_COLUMNS, ...HELPERS];

/** YYMMDD as the specification writes dates; YYYYMMDD, which some banks write, is read too. */
export function bai2Date(text: string): string | null {
  if (/^\d{8}$/.test(text)) return isoDateOf(`${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`, "ymd");
  return isoDateOf(text, "yymmdd");
}
