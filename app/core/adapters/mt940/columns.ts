import { INFORMATION_COLUMNS } from "./information";

/** The output columns of the mt940 and mt942 adapters (mt942 adds :13D:). */
const STATEMENT_COLUMNS = [":20:", ":21:", ":25:", ":28C:"] as const;
const ENTRY_COLUMNS = [
  ":61:value_date",
  ":61:entry_date",
  ":61:mark",
  ":61:funds_code",
  ":61:amount",
  ":61:type",
  ":61:customer_reference",
  ":61:bank_reference",
  ":61:supplementary",
  ":86:",
  ...INFORMATION_COLUMNS,
] as const;
export const HELPER_COLUMNS = [
  "@amount",
  "@currency",
  "@date",
  "@value_date",
  "@reference",
  "@remittance",
  "@counterparty",
  "@account",
  "@record_type",
  "@statement_id",
  "@opening_balance",
  "@closing_balance",
] as const;

export type StatementKind = "mt940" | "mt942";

export function columnsOf(kind: StatementKind): string[] {
  return kind === "mt940" ? [...STATEMENT_COLUMNS, ...ENTRY_COLUMNS, ...HELPER_COLUMNS] : [...STATEMENT_COLUMNS, ":13D:", ...ENTRY_COLUMNS, ...HELPER_COLUMNS];
}

/** One output record: the line of its :61: and its values by column. */
export interface SwiftRecord {
  line: number;
  values: Record<string, string | null>;
}
