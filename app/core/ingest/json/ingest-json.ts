import { profileColumns } from "../columns";
import { fileError } from "../errors";
import { ingestLimits, limitExceeded } from "../limits";
import { InvalidUtf8Log, textChunks, validatedUtf8 } from "../encoding";
import { projectColumns, type CollectedTable, type ErrorLog } from "../read-table";
import { SAMPLE_ROWS, decompressed } from "../source";
import type { ByteSource, DetectionOverrides, FileProfile, IngestError } from "../types";
import { JsonArraySplitter, NdjsonSplitter, skipWhitespace, stringEnd, valueEnd, type JsonRecord } from "./record-splitters";

/**
 * JSON arrays of objects and NDJSON, streamed record by record.
 *
 * Columns are the union of the objects' keys in first-seen order. A record's
 * line is its physical line in NDJSON, and its 1-based position in a JSON
 * array (a pretty-printed array spreads one record over many lines, so the
 * position is the stable reference; messages also name the line it starts on).
 *
 * Each record is validated by JSON.parse, then its top-level values are cut
 * from the text as written: a number stays "12.10" rather than becoming 12.1,
 * and an id like 12345678901234567890 keeps its digits. Nested objects and
 * arrays become compact JSON strings.
 */

/** A top-level value's cell text: strings as they are, numbers as written, nested values as compact JSON. */
function cellOf(raw: string): string | null {
  const first = raw[0];
  if (first === '"') {
    const text = JSON.parse(raw) as string;
    return text === "" ? null : text;
  }
  if (first === "{" || first === "[") return JSON.stringify(JSON.parse(raw));
  if (raw === "null") return null;
  return raw;
}

/**
 * The top-level members of an object text that JSON.parse has accepted, in
 * order (a repeated key keeps its last value, as JSON.parse does).
 */
export function objectCells(text: string): Map<string, string | null> {
  const cells = new Map<string, string | null>();
  let i = skipWhitespace(text, 0) + 1; // past "{"
  for (;;) {
    i = skipWhitespace(text, i);
    if (text[i] === "}" || i >= text.length) break;
    const keyEnd = stringEnd(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipWhitespace(text, keyEnd) + 1; // past ":"
    i = skipWhitespace(text, i);
    const end = valueEnd(text, i);
    cells.delete(key);
    cells.set(key, cellOf(text.slice(i, end)));
    i = skipWhitespace(text, end);
    if (text[i] === ",") i++;
  }
  return cells;
}

/** Why a record is not a usable object, or null. */
function recordProblem(record: JsonRecord, format: "json" | "ndjson"): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.text);
  } catch (error) {
    return `not valid JSON: ${(error as Error).message}`;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return format === "json" ? `element ${record.line} is not an object` : "the line is not a JSON object";
  }
  return null;
}

/** NDJSON when the first non-blank line is a whole JSON object on its own. */
export function detectJsonFormat(text: string): "json" | "ndjson" | null {
  const start = text.replace(/^\ufeff/, "").trimStart();
  if (/^\[\s*(?:[{\]]|$)/.test(start)) return "json";
  if (!start.startsWith("{")) return null;
  const firstLine = start.split("\n")[0]!.replace(/\r$/, "");
  try {
    const parsed: unknown = JSON.parse(firstLine);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? "ndjson" : null;
  } catch {
    return null;
  }
}

function describeRecord(record: JsonRecord, format: "json" | "ndjson"): string {
  return format === "json" ? `element ${record.line} (line ${record.physicalLine})` : `line ${record.line}`;
}

type JsonProfile = Pick<FileProfile, "headerRow" | "headerEvidence" | "columns" | "sampledRows" | "warnings">;

export function profileJson(text: string, complete: boolean, scope: string, format: "json" | "ndjson", fileName: string, overrides: DetectionOverrides, locale: string): JsonProfile {
  const records: JsonRecord[] = [];
  const collect = (record: JsonRecord) => {
    if (records.length < SAMPLE_ROWS) records.push(record);
  };
  const splitter = format === "json" ? new JsonArraySplitter(fileName, collect) : new NdjsonSplitter(fileName, collect);
  splitter.push(text);
  if (complete) splitter.finish();

  const header: string[] = [];
  const known = new Set<string>();
  const rows: Array<{ line: number; cells: Map<string, string | null> }> = [];
  const bad: string[] = [];
  for (const record of records) {
    const problem = recordProblem(record, format);
    if (problem) {
      bad.push(describeRecord(record, format));
      continue;
    }
    const cells = objectCells(record.text);
    for (const key of cells.keys()) {
      if (!known.has(key)) {
        known.add(key);
        header.push(key);
        // The columns are the union of the records' keys: records with ever new keys grow it without end.
        if (header.length > ingestLimits().maxColumns) throw limitExceeded(fileName, "maxColumns", "the number of distinct keys", record.physicalLine);
      }
    }
    rows.push({ line: record.line, cells });
  }
  if (rows.length === 0) throw fileError(fileName, bad.length > 0 ? `no record is a JSON object (${bad.slice(0, 3).join(", ")})` : "the file has no records");
  const warnings: string[] = [];
  if (bad.length > 0) warnings.push(`${bad.length} record${bad.length === 1 ? " is" : "s are"} not a JSON object (${bad.slice(0, 5).join(", ")}); reading reports them as errors`);
  const lineNote = format === "json" ? "a record's line is its 1-based position in the array" : "a record's line is its physical line";
  const columns = profileColumns(
    { header, rows: rows.map((row) => ({ line: row.line, cells: header.map((key) => row.cells.get(key) ?? null) })) },
    { locale, scope },
    overrides.columns,
  );
  return {
    headerRow: 0,
    headerEvidence: `${format === "json" ? "JSON array of objects" : "NDJSON, one object per line"}: the columns are the union of the keys of ${rows.length} record${rows.length === 1 ? "" : "s"}, in first-seen order; ${lineNote}; ${scope}`,
    columns,
    sampledRows: rows.length,
    warnings,
  };
}

/**
 * A streaming caller's hand-off: every `rows` rows the collected rows go to
 * `take` and the reader starts afresh, so only a batch is held. A batch is
 * handed over once every check of its rows is final (bytes that are not
 * UTF-8 are placed in their record only when the next record starts).
 */
export interface JsonBatches {
  rows: number;
  take(table: CollectedTable): void;
}

export async function readJsonFile(
  open: ByteSource,
  fileName: string,
  profile: FileProfile,
  wanted: readonly string[] | undefined,
  log: ErrorLog,
  rejected: Set<number>,
  maxRows = Number.POSITIVE_INFINITY,
  batches?: JsonBatches,
): Promise<CollectedTable & { truncated: boolean }> {
  const format = profile.format === "ndjson" ? "ndjson" : "json";
  const profiled = profile.columns.map((column) => column.name);
  const projection = wanted ? projectColumns(fileName, profiled, wanted) : null;
  // Keys the sample did not see become new columns (union of keys), unless the caller chose the columns.
  const columns = projection ?? [...profiled];
  const positions = new Map(columns.map((name, i) => [name, i]));
  let cells: Array<Array<string | null>> = columns.map(() => []);
  let lines: number[] = [];
  let rowsRead = 0;
  const report = log.pass();
  const reportBytes = log.pass();
  const invalid = new InvalidUtf8Log();
  // The record started last: bytes that are not UTF-8 before the next record's start belong to it.
  let current: JsonRecord | undefined;
  /** Reports the invalid bytes logged before `physicalLine` (all of them at the end), in the record holding each. */
  const placeInvalidBytes = (physicalLine: number) => {
    let placed = 0;
    for (; placed < invalid.locations.length; placed++) {
      const location = invalid.locations[placed]!;
      if (location.line >= physicalLine) break;
      const line = current?.line ?? location.line;
      if (current) rejected.add(current.line);
      const where = format === "json" ? ` at line ${location.line}, column ${location.column}` : "";
      reportBytes({
        file: fileName,
        line,
        ...(format === "ndjson" ? { column: location.column } : {}),
        message: `byte 0x${location.byte.toString(16).toUpperCase().padStart(2, "0")}${where} is not valid UTF-8`,
      });
    }
    invalid.locations.splice(0, placed);
  };
  const handOver = () => {
    if (!batches || lines.length === 0) return;
    batches.take({ columns, cells, lines, rowCount: lines.length });
    cells = columns.map(() => []);
    lines = [];
  };
  let truncated = false;
  const onRecord = (record: JsonRecord) => {
    if (rowsRead >= maxRows) {
      truncated = true;
      return;
    }
    placeInvalidBytes(record.physicalLine);
    if (batches && lines.length >= batches.rows) handOver();
    current = record;
    const problem = recordProblem(record, format);
    if (problem) {
      rejected.add(record.line);
      const error: IngestError = { file: fileName, line: record.line, message: format === "json" ? `${describeRecord(record, format)}: ${problem}` : problem };
      report(error);
      return;
    }
    const row = lines.length;
    rowsRead++;
    lines.push(record.line);
    for (const column of cells) column.push(null);
    for (const [key, value] of objectCells(record.text)) {
      let position = positions.get(key);
      if (position === undefined) {
        if (projection) continue;
        position = columns.length;
        if (position >= ingestLimits().maxColumns) throw limitExceeded(fileName, "maxColumns", "the number of distinct keys", record.physicalLine);
        columns.push(key);
        positions.set(key, position);
        cells.push(new Array<string | null>(row + 1).fill(null));
      }
      cells[position]![row] = value;
    }
  };
  const splitter = format === "json" ? new JsonArraySplitter(fileName, onRecord) : new NdjsonSplitter(fileName, onRecord);
  const bytes = decompressed(open(), fileName);
  const chunks = profile.encoding === "utf-8" ? validatedUtf8(bytes, invalid) : bytes;
  for await (const text of textChunks(chunks, profile.encoding)) {
    splitter.push(text);
    if (truncated) break;
  }
  if (!truncated) splitter.finish();
  placeInvalidBytes(Number.POSITIVE_INFINITY);
  handOver();
  return { columns, cells, lines, rowCount: lines.length, truncated };
}

