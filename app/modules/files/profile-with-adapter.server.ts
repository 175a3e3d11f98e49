import { AdapterError, getAdapter, recognizeFormat, RECOGNITION_SAMPLE_BYTES, type AdapterTable, type FormatAdapter } from "~/core/adapters";
import { detectTextEncoding } from "~/core/adapters/support/text";
import type { FileFormat } from "~/core/adapters/file-format";
import type { RawTable } from "~/core/engine/types";
import { streamingReaderOf } from "~/core/adapters/streaming/readers";
import type { ByteSource } from "~/core/ingest";
import { decompressed, isGzip, peekBytes, readPrefix } from "~/core/ingest/source";
import { adapterProfile, type AdapterProfilingFile, type AdapterProfilingOutcome } from "./adapter-profile";
import { profileStreamed } from "./profile-streamed-adapter.server";
import { statementKeysOf } from "./statement-keys";

/**
 * Profiling of a file a format adapter reads (a PayPal STL report, an MT940
 * statement…): such files are not tables, so the generic CSV profiler would
 * mark them failed with an "error" on every row of another width. Here the
 * adapter reads the file (streamed where its reader can be driven chunk by
 * chunk, else its whole bytes), the profile's columns are the adapter's
 * output columns (typed from its records, as a plain table's are from its
 * cells), and only the adapter's own located errors fail the file.
 */

export type { AdapterProfilingFile, AdapterProfilingOutcome } from "./adapter-profile";

export const PLAIN_TABLE_EVIDENCE = "no adapter's signature matched the first bytes: read as a plain table";

/**
 * The format to profile with: the person's choice when there is one (kept
 * as is, even if recognition would now say otherwise), else what the first
 * RECOGNITION_SAMPLE_BYTES (gunzipped) are recognized as.
 */
export async function chooseFileFormat(open: ByteSource, file: AdapterProfilingFile, maxAdapterFileBytes: number): Promise<FileFormat> {
  if (file.format?.overridden) return file.format;
  if (file.size > maxAdapterFileBytes) {
    const evidence = `${file.size} bytes is over MAX_ADAPTER_FILE_BYTES (${maxAdapterFileBytes}): adapters read whole files in memory, so it is read as a plain table unless you choose an adapter`;
    return { adapter: null, title: null, confidence: null, overridden: false, evidence };
  }
  const sample = await readPrefix(decompressed(open(), file.name), RECOGNITION_SAMPLE_BYTES);
  const recognition = recognizeFormat(sample.bytes.subarray(0, RECOGNITION_SAMPLE_BYTES));
  if (!recognition) return { adapter: null, title: null, confidence: null, overridden: false, evidence: PLAIN_TABLE_EVIDENCE };
  return {
    adapter: recognition.adapter.name,
    title: recognition.adapter.title,
    confidence: recognition.confidence,
    overridden: false,
    evidence: recognition.evidence,
  };
}

/**
 * Reads the file through its adapter and profiles the records; an
 * AdapterError is a failed outcome with its located errors. Adapters with a
 * chunk-driven reader (every adapter today) stream the file
 * (profile-streamed-adapter.server.ts); one without would read its whole
 * bytes, which MAX_ADAPTER_FILE_BYTES bounds.
 */
export async function profileWithAdapter(open: ByteSource, file: AdapterProfilingFile, format: FileFormat, maxErrors: number): Promise<AdapterProfilingOutcome> {
  const adapter = adapterOf(format);
  const compression = isGzip(await peekBytes(open(), 2)) ? "gzip" : "none";
  const streaming = streamingReaderOf(adapter.name);
  if (streaming) return profileStreamed(open, file, format, adapter, streaming, { compression, maxErrors });
  return profileWholeBytes(open, file, format, adapter, { compression, maxErrors });
}

/** The profiling of an adapter that reads whole files; profileStreamed must give the same outcome for the same bytes. */
export async function profileWholeBytes(
  open: ByteSource,
  file: AdapterProfilingFile,
  format: FileFormat,
  adapter: FormatAdapter,
  { compression, maxErrors }: { compression: "none" | "gzip"; maxErrors: number },
): Promise<AdapterProfilingOutcome> {
  const bytes = await wholeFile(open, file.name);
  let table: AdapterTable;
  try {
    table = adapter.read(bytes, { sourceId: file.id, fileName: file.name, policy: file.policy });
  } catch (error) {
    if (!(error instanceof AdapterError)) throw error;
    // AdapterError keeps the first errors only (its message has the total), so the count is of those.
    return { status: "failed", detectedSchema: null, rowCount: null, errorCount: error.errors.length, errors: error.errors.slice(0, maxErrors), rejectedLines: [], format, statementKeys: [] };
  }
  const warnings = table.warnings ?? [];
  return {
    status: "ready",
    detectedSchema: adapterProfile(table, table.rowCount, adapter, { compression, encoding: detectTextEncoding(bytes.subarray(0, RECOGNITION_SAMPLE_BYTES)), overrides: file.overrides, warnings }),
    rowCount: table.rowCount,
    // Lenient warnings (a balance that does not add up) are listed like a lenient plain table's errors: kept, not fatal.
    errorCount: warnings.length,
    errors: warnings.slice(0, maxErrors),
    rejectedLines: [],
    format,
    statementKeys: statementKeysOf(table),
  };
}

/**
 * The file's records as the engine sees them, through its adapter: every
 * byte is read (adapters parse whole files), then the first `maxRows` and
 * the `columns` asked for are kept. Corrupt or missing bytes throw the
 * store's integrity errors for the caller to map.
 */
export async function readThroughAdapter(
  open: ByteSource,
  file: Pick<AdapterProfilingFile, "id" | "name" | "policy">,
  adapterName: string,
  options: { columns?: string[]; maxRows?: number } = {},
): Promise<RawTable> {
  const adapter = adapterOf({ adapter: adapterName });
  const table = adapter.read(await wholeFile(open, file.name), { sourceId: file.id, fileName: file.name, policy: file.policy });
  return sliceTable(table, options.columns, options.maxRows);
}

function adapterOf(format: Pick<FileFormat, "adapter">): FormatAdapter {
  const adapter = format.adapter === null ? undefined : getAdapter(format.adapter);
  // Names are checked when chosen (PATCH) or come from the registry (recognition): a miss is a removed adapter.
  if (!adapter) throw new Error(`no format adapter '${format.adapter}'`);
  return adapter;
}

async function wholeFile(open: ByteSource, fileName: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of decompressed(open(), fileName)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function sliceTable(table: RawTable, columns: string[] | undefined, maxRows: number | undefined): RawTable {
  const rowCount = maxRows === undefined ? table.rowCount : Math.min(maxRows, table.rowCount);
  const wanted = columns ?? table.columns;
  const indexes = wanted.map((name) => {
    const index = table.columns.indexOf(name);
    if (index < 0) throw new Error(`the adapter wrote no column "${name}"`);
    return index;
  });
  const cut = rowCount < table.rowCount;
  return {
    columns: [...wanted],
    cells: indexes.map((index) => (cut ? table.cells[index]!.slice(0, rowCount) : table.cells[index]!)),
    rowCount,
    provenance: {
      sourceIds: table.provenance.sourceIds,
      sourceIndex: cut ? table.provenance.sourceIndex.slice(0, rowCount) : table.provenance.sourceIndex,
      line: cut ? table.provenance.line.slice(0, rowCount) : table.provenance.line,
    },
  };
}
