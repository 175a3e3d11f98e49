import { formatIsoDay } from "~/core/engine/normalize";
import { NULL_DATE, type CanonicalTable } from "~/core/engine/types";
import type { ArtifactColumn } from "~/core/streams/runtime-types";

/**
 * The artifact format: CSV (gzip'd by the writer) that keeps a row's original
 * columns, adds the canonical fields the step computed (`@amount` in integer
 * minor units, `@date` as an ISO day, text as compared), and carries where
 * the row first came from (`_source_file`, `_source_line`). Provenance
 * survives any number of steps: a row read back from an artifact keeps the
 * original file and line, so a downstream exception still points at them.
 */
export const SOURCE_FILE_COLUMN = "_source_file";
export const SOURCE_LINE_COLUMN = "_source_line";
export const CANONICAL_PREFIX = "@";

export interface ArtifactLayout {
  columns: ArtifactColumn[];
  /** Extra per-row system values (e.g. the match group of a MATCHED artifact), by column name. */
  extra: Array<{ name: string; value: (row: number) => string | null }>;
}

/** Fields the side's mappings produced, in mapping order, each once. */
export function canonicalFieldsOf(mappings: ReadonlyArray<{ field: string }>): string[] {
  return [...new Set(mappings.map((mapping) => mapping.field))];
}

/**
 * CSV text for the given rows of a side, in batches of lines (the caller
 * gzips and stores them). Original columns whose name a canonical column
 * reuses (an input that was itself an artifact) are replaced by this step's value.
 */
export function* artifactCsvChunks(
  table: CanonicalTable,
  fields: readonly string[],
  rows: ArrayLike<number>,
  extra: ArtifactLayout["extra"] = [],
): Generator<string> {
  const { raw } = table;
  const canonicalNames = new Set(fields.map((field) => CANONICAL_PREFIX + field));
  const systemNames = new Set([SOURCE_FILE_COLUMN, SOURCE_LINE_COLUMN, ...extra.map((column) => column.name)]);
  const originalIndexes: number[] = [];
  raw.columns.forEach((name, index) => {
    if (!canonicalNames.has(name) && !systemNames.has(name)) originalIndexes.push(index);
  });
  const readers = fields.map((field) => canonicalReader(table, field));
  const header = [
    SOURCE_FILE_COLUMN,
    SOURCE_LINE_COLUMN,
    ...extra.map((column) => column.name),
    ...originalIndexes.map((index) => raw.columns[index]!),
    ...fields.map((field) => CANONICAL_PREFIX + field),
  ];
  let chunk = header.map(csvCell).join(",") + "\n";
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    let line = csvCell(raw.provenance.sourceIds[raw.provenance.sourceIndex[row]!]!) + "," + raw.provenance.line[row]!;
    for (const column of extra) line += "," + csvCell(column.value(row));
    for (const index of originalIndexes) line += "," + csvCell(raw.cells[index]![row] ?? null);
    for (const read of readers) line += "," + csvCell(read(row));
    chunk += line + "\n";
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk.length > 0) yield chunk;
}

export function artifactColumns(rawColumns: readonly string[], fields: readonly string[], extraNames: readonly string[] = []): ArtifactColumn[] {
  const canonicalNames = new Set(fields.map((field) => CANONICAL_PREFIX + field));
  const systemNames = new Set([SOURCE_FILE_COLUMN, SOURCE_LINE_COLUMN, ...extraNames]);
  return [
    { name: SOURCE_FILE_COLUMN, role: "system" },
    { name: SOURCE_LINE_COLUMN, role: "system" },
    ...extraNames.map((name) => ({ name, role: "system" as const })),
    ...rawColumns.filter((name) => !canonicalNames.has(name) && !systemNames.has(name)).map((name) => ({ name, role: "original" as const })),
    ...fields.map((field) => ({ name: CANONICAL_PREFIX + field, role: "canonical" as const })),
  ];
}

/** A canonical field's value as text: amounts in integer minor units, dates as ISO days. */
export function canonicalReader(table: CanonicalTable, field: string): (row: number) => string | null {
  if (field === "amount") return (row) => wholeOrNull(table.amountMinor[row]);
  if (field === "currency") return (row) => table.currency[row] ?? null;
  if (field === "date") {
    return (row) => {
      const day = table.date[row]!;
      return day === NULL_DATE ? null : formatIsoDay(day);
    };
  }
  const text = table.text[field];
  if (text) return (row) => text[row] ?? null;
  const numbers = table.numbers[field];
  if (numbers) return (row) => wholeOrNull(numbers[row]);
  return () => null;
}

function wholeOrNull(value: number | undefined): string | null {
  return value === undefined || Number.isNaN(value) ? null : String(value);
}

/** RFC 4180: quote a cell holding a delimiter, quote or line break; null is an empty cell. */
export function csvCell(value: string | null): string {
  if (value === null) return "";
  if (/[",\r\n]/.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}
