import { doubled } from "./doubled";
import { MatchInputError } from "./errors";
import type { ExceptionLog } from "./exception-log";
import { ROW_EXCLUDED, ROW_MATCHED } from "./outcomes";
import type { CanonicalTable, EngineResult, ExceptionType, MatchTable, SideSummary } from "../types";
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
  // Running totals live in typed arrays, three cells (matched, unmatched, excluded) per currency:
  // a Map of totals would box a new number for every row.
  const slotOf = new Map<string, number>();
  const codes: string[] = [];
  let sums = new Float64Array(3 * 8);
  /** Whether a cell saw a row: a class a currency never occurred in is absent from the summary, not 0. */
  let seen = new Uint8Array(3 * 8);
  let lastCode: string | null = null;
  let lastSlot = -1;
  let matched = 0;
  let excluded = 0;
  for (let row = 0; row < table.rowCount; row++) {
    const rowState = state[row];
    const rowClass = rowState === ROW_MATCHED ? 0 : rowState === ROW_EXCLUDED ? 2 : 1;
    if (rowClass === 0) matched++;
    else if (rowClass === 2) excluded++;
    const amount = table.amountMinor[row]!;
    if (Number.isNaN(amount)) continue;
    const code = table.currency[row] ?? NO_CURRENCY;
    if (code !== lastCode) {
      let slot = slotOf.get(code);
      if (slot === undefined) {
        slot = codes.length;
        codes.push(code);
        slotOf.set(code, slot);
        if (3 * codes.length > sums.length) {
          sums = doubled(sums);
          seen = doubled(seen);
        }
      }
      lastCode = code;
      lastSlot = slot;
    }
    const cell = 3 * lastSlot + rowClass;
    const total = sums[cell]! + amount;
    // Integer sums stay exact only while they are safe integers; a wrong total is worse than none.
    if (!Number.isSafeInteger(total)) throw new MatchInputError(`the ${CLASSES[rowClass]} ${code} total exceeds the exact integer range`);
    sums[cell] = total;
    seen[cell] = 1;
  }
  const byClass = (rowClass: number) => {
    const totals = new Map<string, number>();
    codes.forEach((code, slot) => {
      if (seen[3 * slot + rowClass]) totals.set(code, sums[3 * slot + rowClass]!);
    });
    return sortedRecord(totals);
  };
  return {
    rows: table.rowCount,
    matched,
    unmatched: table.rowCount - matched - excluded,
    excluded,
    amountMinorByClass: { matched: byClass(0), unmatched: byClass(1), excluded: byClass(2) },
  };
}

const CLASSES = ["matched", "unmatched", "excluded"] as const;

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

/** Only the types that occur, in EXCEPTION_TYPES order; counted from the log, so no exception object is built. */
export function countExceptionsByType(exceptions: ExceptionLog): EngineResult["summary"]["exceptionsByType"] {
  const counts = new Map<ExceptionType, number>();
  for (let entry = 0; entry < exceptions.count; entry++) {
    const type = exceptions.typeOf(entry);
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
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
