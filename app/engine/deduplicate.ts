import { bucketize, IntPairTable, NO_KEY, StringDictionary } from "./match/keys";
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
  const duplicates: DuplicateRow[] = [];
  for (const group of groupsOfEqualRows(table, fields, skip)) {
    const rows = Array.from(group).sort((a, b) => compareChronologically(table, a, b));
    const kept = rows[0]!;
    for (let i = 1; i < rows.length; i++) duplicates.push({ row: rows[i]!, keptRow: kept });
  }
  return duplicates.sort((a, b) => a.row - b.row);
}

/**
 * The groups (two rows or more) of rows that agree on every field, skipped
 * rows and rows missing a value left out. Each field's values get dense ids
 * (the matcher's typed dictionaries), and the groups are refined field by
 * field with two stable counting sorts (by value id, then by group), so the
 * work is linear: no per-row key string, no million-entry hash table of
 * tuples. Rows alone in their group drop out early, so later fields only
 * look at the few candidates left.
 */
function groupsOfEqualRows(table: CanonicalTable, fields: readonly string[], skip: ReadonlySet<number>): Int32Array[] {
  const candidates: number[] = [];
  for (let row = 0; row < table.rowCount; row++) if (!skip.has(row)) candidates.push(row);
  let groups: Int32Array[] = [Int32Array.from(candidates)];
  const groupOf = new Int32Array(table.rowCount);
  for (const field of fields) {
    let memberCount = 0;
    for (const group of groups) memberCount += group.length;
    const members = new Int32Array(memberCount);
    let at = 0;
    groups.forEach((group, index) => {
      for (let i = 0; i < group.length; i++) groupOf[group[i]!] = index;
      members.set(group, at);
      at += group.length;
    });
    const { ids, count } = valueIdsOf(table, field, members);
    // By value, then (stably) by group: each group's rows come out ordered by value, equal values adjacent.
    const byValue = bucketize(ids, count, members).items;
    const ordered = bucketize(groupOf, groups.length, byValue).items;
    groups = runsOfEqualKeys(ordered, groupOf, ids);
  }
  return groups;
}

/** Stretches (two rows or more) of `rows` sharing both group and value id. */
function runsOfEqualKeys(rows: Int32Array, groupOf: Int32Array, ids: Int32Array): Int32Array[] {
  const runs: Int32Array[] = [];
  let start = 0;
  for (let i = 1; i <= rows.length; i++) {
    const same = i < rows.length && groupOf[rows[i]!] === groupOf[rows[start]!] && ids[rows[i]!] === ids[rows[start]!];
    if (same) continue;
    if (i - start > 1) runs.push(rows.slice(start, i));
    start = i;
  }
  return runs;
}

/** Dense value ids of one field for the given rows, written at their row (NO_KEY where a row has no value), and how many ids there are. */
function valueIdsOf(table: CanonicalTable, field: string, rows: Int32Array): { ids: Int32Array; count: number } {
  const ids = new Int32Array(table.rowCount).fill(NO_KEY);
  const text = field === "currency" ? table.currency : table.text[field];
  if (text) {
    // Batched: the dictionary overlaps the cache misses of a batch's probes (see StringDictionary.idsOf).
    const dictionary = new StringDictionary(rows.length);
    dictionary.idsOf(text, rows, ids, true);
    return { ids, count: dictionary.size };
  }
  const pairs = new IntPairTable(rows.length);
  const valueIdOf = numericValueIdReader(table, field, pairs);
  for (let i = 0; i < rows.length; i++) ids[rows[i]!] = valueIdOf(rows[i]!);
  return { ids, count: pairs.size };
}

/** A reader of dense value ids (numbered by `ids`) for a numeric field; NO_KEY where the row has no value. */
function numericValueIdReader(table: CanonicalTable, field: string, ids: IntPairTable): (row: number) => number {
  if (field === "amount") return numberIds(table.amountMinor, ids);
  if (field === "date") {
    const dates = table.date;
    return (row) => (dates[row] === NULL_DATE ? NO_KEY : ids.intern(0, dates[row]!));
  }
  const numbers = table.numbers[field];
  if (numbers) return numberIds(numbers, ids);
  throw new Error(`deduplicate: field '${field}' is not mapped`);
}

/** Safe integers (amounts in minor units) split into two int32 halves and numbered. */
function numberIds(values: Float64Array, ids: IntPairTable): (row: number) => number {
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
