import { profileColumns, type ColumnContext } from "../columns";
import { fileError } from "../errors";
import { ingestLimits, limitExceeded } from "../limits";
import { InvalidUtf8Log, textChunks, transcodedToUtf8, validatedUtf8, type InvalidByteLocation } from "../encoding";
import { projectColumns, type CollectedTable, type ErrorLog } from "../read-table";
import { chooseHeader, describeLines, headerWarnings, trailingSummaryCount } from "../shape";
import { SAMPLE_ROWS, decompressed } from "../source";
import type { ByteSource, DetectionOverrides, FileProfile, IngestError } from "../types";
import { DelimitedLimitError, DelimitedParseError, readDelimited } from "./read-delimited";
import { RecordSplitter, UnterminatedQuoteError, splitRecords, type TextRecord } from "./records";

/**
 * Delimited text: the delimiter and header are found on a sample; the full
 * read goes through the lead's fast reader (read-delimited.ts), fed UTF-8.
 */

export const DELIMITER_CANDIDATES = [",", ";", "\t", "|"] as const;

/** Records looked at for a header before giving up: bank preambles are a handful of lines. */
const HEADER_SEARCH_RECORDS = 50;

export function describeDelimiter(delimiter: string): string {
  return delimiter === "\t" ? "tab" : `"${delimiter}"`;
}

/** "tab" and "\t" as users type them in a form. */
function delimiterFromOverride(text: string, fileName: string): string {
  const delimiter = text === "tab" || text === "\\t" ? "\t" : text;
  if (delimiter.length !== 1) throw fileError(fileName, `the delimiter must be one character, not "${text}"`);
  return delimiter;
}

interface Consistency {
  delimiter: string;
  width: number;
  matching: number;
  records: TextRecord[];
}

function share(result: Consistency): number {
  return result.matching / result.records.length;
}

function percent(result: Consistency): string {
  return `${Math.round(share(result) * 1000) / 10}%`;
}

/**
 * The candidate that splits the most sampled records into the same number
 * (at least 2) of fields; quoted fields are respected, so a comma inside
 * quotes does not count. A tie goes to the wider split, then to the order
 * , ; tab |. Unless the header row is given, the split must also produce a
 * header row: a one-column file of "12,50 €" amounts splits consistently on
 * the decimal comma, but then no row is a header.
 */
export function sniffDelimiter(text: string, complete: boolean, scope: string, headerGiven = false): { delimiter: string; evidence: string } {
  const results: Consistency[] = [];
  for (const delimiter of DELIMITER_CANDIDATES) {
    const records: TextRecord[] = [];
    const splitter = new RecordSplitter(delimiter, (record) => {
      if (records.length < SAMPLE_ROWS) records.push(record);
    });
    try {
      splitter.push(text);
      if (complete) splitter.finish();
    } catch (error) {
      // The records before a quote that never closes still show the layout; the profile then reports the quote.
      if (!(error instanceof UnterminatedQuoteError)) throw error;
    }
    const widths = new Map<number, number>();
    for (const record of records) widths.set(record.fields.length, (widths.get(record.fields.length) ?? 0) + 1);
    let width = 0;
    let matching = 0;
    for (const [candidate, n] of widths) {
      if (n > matching || (n === matching && candidate > width)) {
        width = candidate;
        matching = n;
      }
    }
    if (width >= 2) results.push({ delimiter, width, matching, records });
  }
  results.sort((a, b) => share(b) - share(a) || b.width - a.width);
  const usable = headerGiven ? results : results.filter((result) => chooseHeader(result.records.slice(0, HEADER_SEARCH_RECORDS), "exact", scope) !== null);
  const chosen = usable[0];
  const passedOver = results.filter((result) => !usable.includes(result)).map((result) => describeDelimiter(result.delimiter));
  const without = passedOver.length > 0 ? `; ${passedOver.join(" and ")} split${passedOver.length === 1 ? "s" : ""} the records but give${passedOver.length === 1 ? "s" : ""} no header row` : "";
  if (!chosen) {
    // One column: read it with a candidate that never occurs, so no value is split.
    const absent = DELIMITER_CANDIDATES.find((candidate) => !text.includes(candidate)) ?? ",";
    return { delimiter: absent, evidence: `one column: no candidate (, ; tab |) splits the records into a table with a header${without}; ${scope}` };
  }
  const runnerUp = usable[1];
  const versus = runnerUp ? `; ${describeDelimiter(runnerUp.delimiter)} gives ${runnerUp.width} fields on ${percent(runnerUp)}` : "";
  return {
    delimiter: chosen.delimiter,
    evidence: `${describeDelimiter(chosen.delimiter)} splits ${chosen.matching} of ${chosen.records.length} records into ${chosen.width} fields (${percent(chosen)})${versus}${without}; ${scope}`,
  };
}

export interface DelimitedSample {
  text: string;
  /** The sample is the whole file. */
  complete: boolean;
  scope: string;
}

type DelimitedProfile = Pick<FileProfile, "delimiter" | "delimiterEvidence" | "headerRow" | "headerEvidence" | "columns" | "sampledRows" | "warnings">;

export function profileDelimited(sample: DelimitedSample, fileName: string, overrides: DetectionOverrides, locale: string): DelimitedProfile {
  const sniffed =
    overrides.delimiter !== undefined
      ? { delimiter: delimiterFromOverride(overrides.delimiter, fileName), evidence: "set by override" }
      : sniffDelimiter(sample.text, sample.complete, sample.scope, overrides.headerRow !== undefined);
  const delimiter = sniffed.delimiter;
  const limit = SAMPLE_ROWS + HEADER_SEARCH_RECORDS;
  let records: TextRecord[];
  try {
    records = splitRecords(sample.text, delimiter, sample.complete, limit);
  } catch (error) {
    if (error instanceof UnterminatedQuoteError) throw fileError(fileName, "a quoted field is never closed", error.line, error.column);
    throw error;
  }
  if (records.length === 0) throw fileError(fileName, "the file has no records");
  // Before any per-column work: a 1 MB sample of a 100,000-column file made the profile hold gigabytes.
  const { maxColumns } = ingestLimits();
  const wide = records.find((record) => record.fields.length > maxColumns);
  if (wide) throw limitExceeded(fileName, "maxColumns", "the number of fields in a row", wide.line, maxColumns + 1);

  let headerIndex: number;
  let headerEvidence: string;
  if (overrides.headerRow !== undefined) {
    headerIndex = records.findIndex((record) => record.line === overrides.headerRow);
    if (headerIndex < 0) throw fileError(fileName, `no record starts on line ${overrides.headerRow} (the header row set by override)`, overrides.headerRow);
    headerEvidence = `line ${overrides.headerRow}: set by override`;
  } else {
    const choice = chooseHeader(records.slice(0, HEADER_SEARCH_RECORDS), "exact", sample.scope);
    if (!choice) {
      throw fileError(
        fileName,
        `no header row found: none of the first ${Math.min(records.length, HEADER_SEARCH_RECORDS)} records has distinct, mostly non-numeric cells across the table's width; set the header row`,
      );
    }
    headerIndex = choice.index;
    headerEvidence = choice.evidence;
  }
  const headerRecord = records[headerIndex]!;
  // The reader trims header names; the profile must use the names it will see.
  const header = headerRecord.fields.map((field) => field.trim());
  const width = header.length;
  const data = records.slice(headerIndex + 1, headerIndex + 1 + SAMPLE_ROWS);
  const reachesEnd = sample.complete && records.length < limit;
  const summaryCount = reachesEnd ? trailingSummaryCount(data, width, true) : 0;
  const body = data.slice(0, data.length - summaryCount);
  const summary = data.slice(data.length - summaryCount);
  const typed = body.filter((record) => record.fields.length === width);
  const ragged = body.filter((record) => record.fields.length !== width);

  const warnings = headerWarnings(header);
  if (ragged.length > 0) {
    const example = ragged[0]!;
    warnings.push(
      `${describeLines(ragged.map((r) => r.line))}: the field count differs from the header's ${width} (line ${example.line} has ${example.fields.length}); reading reports these rows as errors`,
    );
  }
  if (summary.length > 0) {
    const labels = summary.map((record) => {
      const label = record.fields.find((field) => field.trim().length > 0)?.trim();
      return `line ${record.line}${label ? ` ("${label}")` : ""}`;
    });
    warnings.push(`summary row${summary.length === 1 ? "" : "s"} at the end, not data: ${labels.join(", ")}; reading reports ${summary.length === 1 ? "it" : "them"} as errors`);
  }

  const context: ColumnContext = { locale, scope: sample.scope };
  const columns = profileColumns(
    { header, rows: typed.map((record) => ({ line: record.line, cells: record.fields.map((field) => (field === "" ? null : field)) })) },
    context,
    overrides.columns,
  );
  return { delimiter, delimiterEvidence: sniffed.evidence, headerRow: headerRecord.line, headerEvidence, columns, sampledRows: typed.length, warnings };
}

export function utf8Chunks(open: ByteSource, fileName: string, encoding: string, invalid?: InvalidUtf8Log): AsyncIterable<Uint8Array> {
  const bytes = decompressed(open(), fileName);
  if (encoding !== "utf-8") return transcodedToUtf8(bytes, encoding);
  return invalid ? validatedUtf8(bytes, invalid) : bytes;
}

/** The reader counts records to skip, the profile names the header's line: this converts, reading only up to the header. */
export async function recordsBeforeHeader(open: ByteSource, fileName: string, profile: FileProfile, delimiter: string): Promise<number> {
  let before = 0;
  let found: TextRecord | undefined;
  const splitter = new RecordSplitter(delimiter, (record) => {
    if (found) return;
    if (record.line < profile.headerRow) before++;
    else found = record;
  });
  try {
    for await (const text of textChunks(decompressed(open(), fileName), profile.encoding)) {
      splitter.push(text);
      if (found) break;
    }
    if (!found) splitter.finish();
  } catch (error) {
    if (error instanceof UnterminatedQuoteError) throw fileError(fileName, "a quoted field is never closed", error.line, error.column);
    throw error;
  }
  if (found?.line !== profile.headerRow) throw fileError(fileName, `no record starts on line ${profile.headerRow}, the profile's header row`, profile.headerRow);
  return before;
}

/**
 * Field counts of the rows whose width differs from the header's: one more
 * pass, only for files that have such rows, and only up to `lastLine` (the
 * last row read) when a row limit stopped the read.
 */
async function raggedFieldCounts(
  open: ByteSource,
  fileName: string,
  profile: FileProfile,
  delimiter: string,
  width: number,
  lastLine: number,
): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  let past = false;
  const splitter = new RecordSplitter(delimiter, (record) => {
    if (record.line > lastLine) past = true;
    else if (record.line > profile.headerRow && record.fields.length !== width) counts.set(record.line, record.fields.length);
  });
  for await (const text of textChunks(decompressed(open(), fileName), profile.encoding)) {
    splitter.push(text);
    if (past) return counts;
  }
  splitter.finish();
  return counts;
}

/** The reader's parse and limit errors, worded and located as ingest errors. */
export function locatedReadError(error: unknown, fileName: string): unknown {
  if (error instanceof DelimitedLimitError) return limitExceeded(fileName, error.limit, error.what, error.line, error.limitColumn);
  if (error instanceof DelimitedParseError) return fileError(fileName, error.message.replace(/^.*?line \d+, column \d+: /, ""), error.line, error.column);
  return error;
}

/** The file's header must still be the profiled one: the profile's types and names are only true for it. */
export function assertProfiledHeader(read: readonly string[], header: readonly string[], fileName: string, profile: FileProfile): void {
  if (read.join("\u0000") !== header.join("\u0000")) {
    throw fileError(fileName, `the header on line ${profile.headerRow} is not the profiled one (${read.join(", ")}); profile the file again`, profile.headerRow);
  }
}

export function invalidUtf8Error(fileName: string, location: InvalidByteLocation, encoding: string): IngestError {
  return {
    file: fileName,
    line: location.line,
    column: location.column,
    message: `byte 0x${location.byte.toString(16).toUpperCase().padStart(2, "0")} is not valid UTF-8 (the file is read as ${encoding})`,
  };
}

export interface DelimitedRead {
  table: CollectedTable;
  ragged: Map<number, number>;
  headerWidth: number;
  /** maxRows stopped the read before the end of the file. */
  truncated: boolean;
}

/** Finds the row holding a line (rows are sorted by their first line; a quoted field may span several). */
function rowAtLine(lines: ArrayLike<number>, line: number): number {
  let low = 0;
  let high = lines.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (lines[middle]! <= line) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

export async function readDelimitedFile(
  open: ByteSource,
  fileName: string,
  profile: FileProfile,
  wanted: readonly string[] | undefined,
  log: ErrorLog,
  rejected: Set<number>,
  maxRows?: number,
): Promise<DelimitedRead> {
  const delimiter = profile.delimiter ?? ",";
  const header = profile.columns.map((column) => column.name);
  const columns = projectColumns(fileName, header, wanted);
  const skipRecords = await recordsBeforeHeader(open, fileName, profile, delimiter);
  const invalid = new InvalidUtf8Log();
  let read;
  try {
    read = await readDelimited(utf8Chunks(open, fileName, profile.encoding, invalid), { delimiter, skipRecords, columns, fileName, ...(maxRows === undefined ? {} : { maxRows }) });
  } catch (error) {
    throw locatedReadError(error, fileName);
  }
  assertProfiledHeader(read.header, header, fileName, profile);

  const table: CollectedTable = { columns: read.columns, cells: read.cells, lines: read.lines, rowCount: read.rowCount };
  const lastLine = !read.truncated ? Number.POSITIVE_INFINITY : read.rowCount > 0 ? read.lines[read.rowCount - 1]! : 0;
  const ragged = read.raggedCount > 0 ? await raggedFieldCounts(open, fileName, profile, delimiter, header.length, lastLine) : new Map<number, number>();

  if (invalid.locations.length > 0) {
    const report = log.pass();
    for (const location of invalid.locations) {
      const row = rowAtLine(read.lines, location.line);
      if (row >= 0) rejected.add(read.lines[row]!);
      report(invalidUtf8Error(fileName, location, profile.encoding));
    }
  }
  return { table, ragged, headerWidth: header.length, truncated: read.truncated };
}
