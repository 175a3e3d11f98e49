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

export function statementKeysOf(table: RawTable): string[] {
  const account = table.columns.indexOf("@account");
  const statementId = STATEMENT_ID_COLUMNS.map((name) => table.columns.indexOf(name)).find((index) => index >= 0);
  if (account < 0 || statementId === undefined) return [];
  const opening = table.columns.indexOf("@opening_balance");
  const keys = new Set<string>();
  for (let row = 0; row < table.rowCount && keys.size < MAX_STATEMENT_KEYS; row++) {
    const accountValue = table.cells[account]![row]?.trim();
    const idValue = table.cells[statementId]![row]?.trim();
    if (!accountValue || !idValue) continue;
    const openingValue = opening < 0 ? "" : (table.cells[opening]![row]?.trim() ?? "");
    keys.add(`${accountValue}|${idValue}|${openingValue}`);
  }
  return [...keys].sort();
}
