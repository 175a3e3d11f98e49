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
  const readers = fields.map((field) => valueReader(table, field));
  // First row per key in one Map; only keys seen twice get a group array, so a
  // million distinct rows allocate a million strings, not a million arrays.
  const firstRowOfKey = new Map<string, number>();
  const groups = new Map<number, number[]>();
  const parts: string[] = new Array(fields.length);
  rows: for (let row = 0; row < table.rowCount; row++) {
    if (skip.has(row)) continue;
    for (let f = 0; f < readers.length; f++) {
      const value = readers[f]!(row);
      if (value === null) continue rows;
      parts[f] = value;
    }
    const key = parts.length === 1 ? parts[0]! : parts.join("\u0001");
    const first = firstRowOfKey.get(key);
    if (first === undefined) {
      firstRowOfKey.set(key, row);
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

function valueReader(table: CanonicalTable, field: string): (row: number) => string | null {
  if (field === "amount") return (row) => (Number.isNaN(table.amountMinor[row]!) ? null : String(table.amountMinor[row]));
  if (field === "date") return (row) => (table.date[row] === NULL_DATE ? null : String(table.date[row]));
  if (field === "currency") return (row) => table.currency[row] ?? null;
  const text = table.text[field];
  if (text) return (row) => text[row] ?? null;
  const numbers = table.numbers[field];
  if (numbers) return (row) => (Number.isNaN(numbers[row]!) ? null : String(numbers[row]));
  throw new Error(`deduplicate: field '${field}' is not mapped`);
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
