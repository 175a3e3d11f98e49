import { AdapterError, RECOGNITION_SAMPLE_BYTES, type FormatAdapter } from "~/core/adapters";
import { driveRecords } from "~/core/adapters/streaming/drive";
import type { StreamedRecord, StreamingRecordReader } from "~/core/adapters/streaming/readers";
import { GrowingRecordTable, RecordTableBuilder } from "~/core/adapters/support/table";
import { detectTextEncoding } from "~/core/adapters/support/text";
import type { FileFormat } from "~/core/adapters/file-format";
import { SAMPLE_ROWS, type ByteSource } from "~/core/ingest";
import { decompressed, readPrefix } from "~/core/ingest/source";
import { adapterProfile, type AdapterProfilingFile, type AdapterProfilingOutcome } from "./adapter-profile";
import { StatementKeys } from "./statement-keys";

/**
 * Profiling of a file whose adapter reads chunk by chunk (streaming/readers.ts
 * lists them): the file streams from storage through the adapter's
 * reader; the first SAMPLE_ROWS records are kept for the profile's columns,
 * the rest are only counted (and their statements' keys collected), so
 * memory follows one chunk and one statement or record, never the file. The outcome
 * is the one profiling the whole bytes gives (profile-with-adapter.server.ts).
 */
export async function profileStreamed(
  open: ByteSource,
  file: AdapterProfilingFile,
  format: FileFormat,
  adapter: FormatAdapter,
  reader: StreamingRecordReader,
  context: { compression: "none" | "gzip"; maxErrors: number },
): Promise<AdapterProfilingOutcome> {
  let collected = new Collected();
  let warnings;
  let columns: readonly string[];
  try {
    ({ warnings, columns } = await driveRecords(() => decompressed(open(), file.name), reader, { sourceId: file.id, fileName: file.name, policy: file.policy }, {
      record: (record, columns) => collected.add(record, columns),
      onRestart: () => {
        collected = new Collected();
      },
    }));
  } catch (error) {
    if (!(error instanceof AdapterError)) throw error;
    // AdapterError keeps the first errors only (its message has the total), so the count is of those.
    return { status: "failed", detectedSchema: null, rowCount: null, errorCount: error.errors.length, errors: error.errors.slice(0, context.maxErrors), rejectedLines: [], format, statementKeys: [] };
  }
  const prefix = await readPrefix(decompressed(open(), file.name), RECOGNITION_SAMPLE_BYTES);
  const encoding = detectTextEncoding(prefix.bytes.subarray(0, RECOGNITION_SAMPLE_BYTES));
  return {
    status: "ready",
    detectedSchema: adapterProfile(collected.sampleTable(columns, file.id), collected.rowCount, adapter, { compression: context.compression, encoding, overrides: file.overrides, warnings }),
    rowCount: collected.rowCount,
    // Lenient warnings (a balance that does not add up) are listed like a lenient plain table's errors: kept, not fatal.
    errorCount: warnings.length,
    errors: warnings.slice(0, context.maxErrors),
    rejectedLines: [],
    format,
    statementKeys: collected.keys?.sorted() ?? [],
  };
}

/**
 * What profiling keeps of the records: the first SAMPLE_ROWS, as columns,
 * the count, the statement keys. Records by name go to a table that grows
 * its columns (a PayPal report's CH rows may add some late) and is put in
 * the final columns' order at the end; records by position (a CSV's header,
 * fixed from its first record) to one of those columns.
 */
class Collected {
  private readonly byName = new GrowingRecordTable();
  private byPosition: RecordTableBuilder | undefined;
  private sampled = 0;
  keys: StatementKeys | undefined;
  rowCount = 0;

  add(record: StreamedRecord, columns: readonly string[]): void {
    this.rowCount++;
    if (this.sampled < SAMPLE_ROWS) {
      this.sampled++;
      if (record.cells) (this.byPosition ??= new RecordTableBuilder(columns)).addCells(record.line, record.cells);
      else this.byName.add(record.line, record.values ?? {});
    }
    this.keys ??= new StatementKeys(columns);
    if (!this.keys.open) return;
    if (record.values) {
      const values = record.values;
      this.keys.add((name) => values[name]);
      return;
    }
    const cells = record.cells ?? [];
    this.keys.add((name) => cells[columns.indexOf(name)]);
  }

  sampleTable(columns: readonly string[], sourceId: string) {
    return this.byPosition ? this.byPosition.build(sourceId) : this.byName.build(columns, sourceId);
  }
}
