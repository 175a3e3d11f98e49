import { IntPairTable, NO_KEY, StringDictionary } from "./match/keys";
import { NULL_DATE, type CanonicalTable } from "./types";

/**
 * Finds records captured twice on one side: rows that agree on every listed
 * field. Within a group the earliest row (by date, then source, then line)
 * stays in play and the others are duplicates of it. A row missing any of the
 * fields is never a duplicate: an absent value proves nothing.
 */
export interface DuplicateRow {
  row: number;
  keptRow: number;
}

export function findDuplicates(table: CanonicalTable, fields: readonly string[], skip: ReadonlySet<number>): DuplicateRow[] {
  const keyIds = denseKeyIds(table, fields, skip);
  // First row per key id in a typed array; only keys seen twice get a group array.
  const firstRowOfKey = new Int32Array(table.rowCount).fill(-1);
  const groups = new Map<number, number[]>();
  for (let row = 0; row < table.rowCount; row++) {
    const keyId = keyIds[row]!;
    if (keyId < 0) continue;
    const first = firstRowOfKey[keyId]!;
    if (first < 0) {
      firstRowOfKey[keyId] = row;
      continue;
    }
    const group = groups.get(first);
    if (group) group.push(row);
    else groups.set(first, [first, row]);
  }
  const duplicates: DuplicateRow[] = [];
  for (const group of groups.values()) {
    group.sort((a, b) => compareChronologically(table, a, b));
    const kept = group[0]!;
    for (let i = 1; i < group.length; i++) duplicates.push({ row: group[i]!, keptRow: kept });
  }
  return duplicates.sort((a, b) => a.row - b.row);
}

/**
 * One dense id per distinct tuple of the fields' values (-1 for skipped rows
 * and rows missing a value), built with the matcher's typed dictionaries:
 * each value gets an id, and ids are folded pairwise, so no per-row key
 * string is built and no million-entry JS Map is grown.
 */
function denseKeyIds(table: CanonicalTable, fields: readonly string[], skip: ReadonlySet<number>): Int32Array {
  const keyIds = new Int32Array(table.rowCount);
  for (let row = 0; row < table.rowCount; row++) keyIds[row] = skip.has(row) ? -1 : 0;
  for (const field of fields) {
    const valueIdOf = valueIdReader(table, field);
    const fold = new IntPairTable(table.rowCount);
    for (let row = 0; row < table.rowCount; row++) {
      const previous = keyIds[row]!;
      if (previous < 0) continue;
      const valueId = valueIdOf(row);
      keyIds[row] = valueId === NO_KEY ? -1 : fold.intern(previous, valueId);
    }
  }
  return keyIds;
}

/** A reader of dense value ids for one field; NO_KEY where the row has no value. */
function valueIdReader(table: CanonicalTable, field: string): (row: number) => number {
  if (field === "amount") return numberIds(table.amountMinor, table.rowCount);
  if (field === "date") {
    const dates = table.date;
    const ids = new IntPairTable(table.rowCount);
    return (row) => (dates[row] === NULL_DATE ? NO_KEY : ids.intern(0, dates[row]!));
  }
  const text = field === "currency" ? table.currency : table.text[field];
  if (text) {
    const dictionary = new StringDictionary(table.rowCount);
    return (row) => dictionary.intern(text[row] ?? null);
  }
  const numbers = table.numbers[field];
  if (numbers) return numberIds(numbers, table.rowCount);
  throw new Error(`deduplicate: field '${field}' is not mapped`);
}

/** Safe integers (amounts in minor units) split into two int32 halves and numbered. */
function numberIds(values: Float64Array, rowCount: number): (row: number) => number {
  const ids = new IntPairTable(rowCount);
  return (row) => {
    const value = values[row]!;
    if (Number.isNaN(value)) return NO_KEY;
    const high = Math.floor(value / 4294967296);
    // IntPairTable wants a non-negative first half; safe integers keep |high| below 2^21.
    return ids.intern(high + 2097152, (value - high * 4294967296) | 0);
  };
}

function compareChronologically(table: CanonicalTable, a: number, b: number): number {
  const dateA = table.date[a] === NULL_DATE ? Number.MAX_SAFE_INTEGER : table.date[a]!;
  const dateB = table.date[b] === NULL_DATE ? Number.MAX_SAFE_INTEGER : table.date[b]!;
  if (dateA !== dateB) return dateA - dateB;
  const { sourceIndex, line } = table.raw.provenance;
  if (sourceIndex[a] !== sourceIndex[b]) return sourceIndex[a]! - sourceIndex[b]!;
  if (line[a] !== line[b]) return line[a]! - line[b]!;
  return a - b;
}
