import type { RawTable } from "~/core/engine/types";

/**
 * Which bank statements a file holds, as "account|statement id|opening
 * balance" keys, so a statement uploaded again is known even when its bytes
 * differ (another export run, another envelope, CRLF instead of LF).
 *
 * From the adapter's records: `@account`, then the statement's id from
 * `@statement_id` where the adapter writes it, else from what the format
 * itself carries (MT940 `:28C:` statement/sequence number, camt.053
 * `Stmt/Id`, BAI2 `As-of-Date` per account), and `@opening_balance` when the
 * adapter writes it (empty otherwise). Without an account or an id there is
 * no statement to compare (provider reports, plain tables): no keys.
 */
const STATEMENT_ID_COLUMNS = ["@statement_id", ":28C:", "Stmt/Id", "As-of-Date"] as const;
/** A file of a year's daily statements has a few hundred; beyond this the rest add little to duplicate detection. */
const MAX_STATEMENT_KEYS = 1_000;

/** The keys collected record by record, so a streamed file needs no table. */
export class StatementKeys {
  private readonly keys = new Set<string>();
  private readonly statementId: string | undefined;
  private readonly hasAccount: boolean;
  private readonly hasOpening: boolean;

  constructor(columns: readonly string[]) {
    this.hasAccount = columns.includes("@account");
    this.statementId = STATEMENT_ID_COLUMNS.find((name) => columns.includes(name));
    this.hasOpening = columns.includes("@opening_balance");
  }

  /** Whether another record could still add a key. */
  get open(): boolean {
    return this.hasAccount && this.statementId !== undefined && this.keys.size < MAX_STATEMENT_KEYS;
  }

  add(value: (column: string) => string | null | undefined): void {
    if (!this.open) return;
    const accountValue = value("@account")?.trim();
    const idValue = value(this.statementId!)?.trim();
    if (!accountValue || !idValue) return;
    const openingValue = this.hasOpening ? (value("@opening_balance")?.trim() ?? "") : "";
    this.keys.add(`${accountValue}|${idValue}|${openingValue}`);
  }

  sorted(): string[] {
    return [...this.keys].sort();
  }
}

export function statementKeysOf(table: RawTable): string[] {
  const keys = new StatementKeys(table.columns);
  const cellsOf = new Map<string, Array<string | null>>();
  // A repeated name is read from its first column, as indexOf finds it.
  table.columns.forEach((name, index) => cellsOf.has(name) || cellsOf.set(name, table.cells[index]!));
  for (let row = 0; row < table.rowCount && keys.open; row++) keys.add((name) => cellsOf.get(name)?.[row]);
  return keys.sorted();
}
