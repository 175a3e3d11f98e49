import { readDelimitedFile } from "./delimited/ingest-delimited";
import { readJsonFile } from "./json/ingest-json";
import { DEFAULT_MAX_ERRORS, ErrorLog, checkRows, finishRead } from "./read-table";
import type { ByteSource, FileProfile, ReadOptions, ReadResult } from "./types";
import { readXlsxFile } from "./xlsx/ingest-xlsx";
import { assertZipInflationWithinLimit } from "./xlsx/zip-inflation";

/**
 * Reads a whole file into a RawTable as its profile says, streaming. Every
 * row is checked (field count, bytes, each cell against its column's type);
 * strict throws IngestFileError with the first `maxErrors` and the total,
 * lenient drops the bad rows and reports them. A file that cannot be read at
 * all (an unterminated quote, a changed header) throws under both policies.
 * With `maxRows` (previews) it stops reading after that many rows.
 */
export async function readFile(open: ByteSource, fileName: string, profile: FileProfile, options: ReadOptions): Promise<ReadResult> {
  const log = new ErrorLog(options.maxErrors ?? DEFAULT_MAX_ERRORS);
  const rejected = new Set<number>();
  const base = { fileName, profile, log, rejected };
  switch (profile.format) {
    case "csv": {
      const read = await readDelimitedFile(open, fileName, profile, options.columns, log, rejected, options.maxRows);
      const checks = { ...base, ragged: read.ragged, headerWidth: read.headerWidth, summaryRows: "narrowOrLabel" as const, truncated: read.truncated };
      checkRows(read.table, checks);
      return finishRead(read.table, checks, options);
    }
    case "xlsx": {
      await assertZipInflationWithinLimit(open, fileName);
      const read = await readXlsxFile(open, fileName, profile, options.columns, options.maxRows);
      const checks = { ...base, ragged: read.ragged, headerWidth: read.headerWidth, summaryRows: "label" as const, truncated: read.truncated };
      checkRows(read.table, checks);
      return finishRead(read.table, checks, options);
    }
    case "json":
    case "ndjson": {
      const { truncated, ...table } = await readJsonFile(open, fileName, profile, options.columns, log, rejected, options.maxRows);
      // Records are objects: a trailing "Total" record is data, not a printed summary line.
      const checks = { ...base, summaryRows: "none" as const, truncated };
      checkRows(table, checks);
      return finishRead(table, checks, options);
    }
    case "adapter":
      // Callers read such files through their adapter (services/files/profile-with-adapter.server.ts); reaching here is a bug.
      throw new Error(`${fileName} is read through a format adapter, not as a table`);
  }
}
