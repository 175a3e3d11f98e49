import { MatchInputError } from "./errors";
import { ROW_EXCLUDED, ROW_MATCHED } from "./outcomes";
import type { CanonicalTable, EngineException, EngineResult, ExceptionType, MatchTable, SideSummary } from "../types";
import { EXCEPTION_TYPES } from "../types";

/** Rows without a currency are summed under ISO 4217's code for "no currency". */
export const NO_CURRENCY = "XXX";

/**
 * Per side: rows by class (matched, unmatched, excluded) and their amounts
 * per currency. "Unmatched" is every row that is in no Match and not
 * excluded, including rows raised in mismatch, duplicate or ambiguity
 * exceptions: they are not reconciled until a person resolves them.
 */
export function summarizeSide(table: CanonicalTable, state: Uint8Array): SideSummary {
  const sums = { matched: new Map<string, number>(), unmatched: new Map<string, number>(), excluded: new Map<string, number>() };
  let matched = 0;
  let excluded = 0;
  for (let row = 0; row < table.rowCount; row++) {
    const rowState = state[row];
    const rowClass = rowState === ROW_MATCHED ? "matched" : rowState === ROW_EXCLUDED ? "excluded" : "unmatched";
    if (rowClass === "matched") matched++;
    else if (rowClass === "excluded") excluded++;
    const amount = table.amountMinor[row]!;
    if (Number.isNaN(amount)) continue;
    const currency = table.currency[row] ?? NO_CURRENCY;
    const classSums = sums[rowClass];
    const total = (classSums.get(currency) ?? 0) + amount;
    // Integer sums stay exact only while they are safe integers; a wrong total is worse than none.
    if (!Number.isSafeInteger(total)) throw new MatchInputError(`the ${rowClass} ${currency} total exceeds the exact integer range`);
    classSums.set(currency, total);
  }
  return {
    rows: table.rowCount,
    matched,
    unmatched: table.rowCount - matched - excluded,
    excluded,
    amountMinorByClass: { matched: sortedRecord(sums.matched), unmatched: sortedRecord(sums.unmatched), excluded: sortedRecord(sums.excluded) },
  };
}

/** Keys in code order, so the JSON does not depend on which row came first. */
function sortedRecord(values: Map<string, number>): Record<string, number> {
  const record = nullPrototypeRecord();
  for (const key of [...values.keys()].sort()) record[key] = values.get(key)!;
  return record;
}

export function countMatchesByPass(passNames: readonly string[], matches: MatchTable): Record<string, number> {
  const counts = nullPrototypeRecord();
  for (const name of passNames) counts[name] = 0;
  for (let i = 0; i < matches.count; i++) {
    const pass = matches.pass(i);
    counts[pass] = (counts[pass] ?? 0) + 1;
  }
  return counts;
}

/** Only the types that occur, in EXCEPTION_TYPES order. */
export function countExceptionsByType(exceptions: readonly EngineException[]): EngineResult["summary"]["exceptionsByType"] {
  const counts = new Map<ExceptionType, number>();
  for (const exception of exceptions) counts.set(exception.type, (counts.get(exception.type) ?? 0) + 1);
  const result: EngineResult["summary"]["exceptionsByType"] = {};
  for (const type of EXCEPTION_TYPES) {
    const count = counts.get(type);
    if (count !== undefined) result[type] = count;
  }
  return result;
}

/** Names come from users (pass names, currency codes): a "__proto__" must be a key like any other. */
function nullPrototypeRecord(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}
