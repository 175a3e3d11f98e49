import { gzipSync } from "node:zlib";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { IngestFileError, profileFile, readFile } from "~/core/ingest";
import { DelimitedLimitError, readDelimited } from "~/core/ingest/delimited/read-delimited";
import { withIngestLimits } from "~/core/ingest/limits";
import { bytesSource, utf8 } from "./support";

/** The located errors a rejected promise carries, for exact comparison. */
async function locatedErrors(work: Promise<unknown>): Promise<unknown> {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof IngestFileError)) throw new Error(`expected an IngestFileError, got ${String(error)}`);
  return error.errors;
}

async function readerError(text: string, chunkSize: number): Promise<DelimitedLimitError> {
  const error = await readDelimited(bytesSource(utf8(text), chunkSize)(), { delimiter: ",", fileName: "wide.csv" }).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof DelimitedLimitError)) throw new Error(`expected a DelimitedLimitError, got ${String(error)}`);
  return error;
}

function rows(count: number): string {
  return `a,b\n${"1,2\n".repeat(count)}`;
}

describe("input limits", () => {
  it("stops a gzip file at the decompressed-size limit while inflating, naming the limit and the line", async () => {
    const gzip = gzipSync(Buffer.from(rows(1000)));
    const errors = await withIngestLimits({ maxDecompressedBytes: 1000 }, () => locatedErrors(profileFile(bytesSource(gzip, 4096), "bomb.csv.gz")));
    expect(errors).toEqual([
      { file: "bomb.csv.gz", line: 251, message: "the file's decompressed size passed the 1,000 bytes limit (INGEST_MAX_DECOMPRESSED_BYTES) at line 251" },
    ]);
  });

  it("reads a gzip file that stays under the decompressed-size limit", async () => {
    const open = bytesSource(gzipSync(Buffer.from(rows(10))), 4096);
    const result = await withIngestLimits({ maxDecompressedBytes: 44 }, async () => {
      const profile = await profileFile(open, "small.csv.gz");
      return readFile(open, "small.csv.gz", profile, { sourceId: "file-1", policy: "strict" });
    });
    expect(result.table.rowCount).toBe(10);
  });

  it("refuses a header wider than the column limit before profiling any column", async () => {
    const header = Array.from({ length: 30 }, (_, i) => `c${i}`).join(",");
    const errors = await withIngestLimits({ maxColumns: 20 }, () => locatedErrors(profileFile(bytesSource(utf8(`${header}\n${header}\n`)), "wide.csv")));
    expect(errors).toEqual([
      { file: "wide.csv", line: 1, column: 21, message: "the number of fields in a row passed the 20 limit (INGEST_MAX_COLUMNS) at line 1, column 21" },
    ]);
  });

  it("stops the reader at the first data row wider than the column limit", async () => {
    const error = await withIngestLimits({ maxColumns: 3 }, () => readerError("a,b\n1,2\n1,2,3,4,5\n", 5));
    expect([error.limit, error.line, error.limitColumn, error.message]).toEqual([
      "maxColumns",
      3,
      4,
      "wide.csv: line 3, column 4: the number of fields in a row passed the 3 limit (INGEST_MAX_COLUMNS)",
    ]);
  });

  it("stops the reader at a field longer than the field limit, within one chunk", async () => {
    const error = await withIngestLimits({ maxFieldBytes: 10 }, () => readerError(`a,b\n1,2\n3,${"x".repeat(11)}\n`, 4096));
    expect([error.limit, error.line, error.limitColumn]).toEqual(["maxFieldBytes", 3, 2]);
  });

  it("stops the reader at a field longer than the field limit that spans chunks, before the line ends", async () => {
    const error = await withIngestLimits({ maxFieldBytes: 100 }, () => readerError(`a,b\n1,2\n3,${"x".repeat(10_000)}`, 16));
    expect([error.limit, error.line, error.limitColumn]).toEqual(["maxFieldBytes", 3, 2]);
  });

  it("stops the reader at a line longer than the line limit, though each field is within its limit", async () => {
    const longLine = Array.from({ length: 50 }, () => "y".repeat(50)).join(",");
    const error = await withIngestLimits({ maxLineBytes: 1000, maxFieldBytes: 100, maxColumns: 100 }, () => readerError(`a,b\n1,2\n${longLine}\n4,5\n`, 64));
    expect([error.limit, error.line, error.message]).toEqual(["maxLineBytes", 3, "wide.csv: line 3, column 1: a line passed the 1,000 bytes limit (INGEST_MAX_LINE_BYTES)"]);
  });

  it("reports a field longer than the whole sample from profiling, not as a missing header", async () => {
    const text = `id,memo\n1,${"A".repeat(3 * 1024 * 1024)}\n2,short\n`;
    const errors = await withIngestLimits({ maxFieldBytes: 2 * 1024 * 1024 }, () => locatedErrors(profileFile(bytesSource(utf8(text), 65_536), "field.csv")));
    expect(errors).toEqual([{ file: "field.csv", line: 2, message: "a field passed the 2 MiB limit (INGEST_MAX_FIELD_BYTES) at line 2" }]);
  });

  it("refuses a JSON array element nested deeper than the depth limit, before parsing it", async () => {
    const deep = `[{"id":1},\n{"id":2,"x":${"[".repeat(100_000)}${"]".repeat(100_000)}}]`;
    const errors = await locatedErrors(profileFile(bytesSource(utf8(deep), 65_536), "deep.json"));
    expect(errors).toEqual([{ file: "deep.json", line: 2, message: "the nesting of element 2 passed the 64 limit (INGEST_MAX_JSON_DEPTH) at line 2" }]);
  });

  it("refuses an NDJSON line nested deeper than the depth limit instead of overflowing the stack", async () => {
    const open = bytesSource(utf8(`{"id":1,"x":[1]}\n{"id":2,"x":${"[".repeat(60)}${"]".repeat(60)}}\n`), 4096);
    const profile = await profileFile(open, "deep.ndjson");
    const errors = await withIngestLimits({ maxJsonDepth: 50 }, () => locatedErrors(readFile(open, "deep.ndjson", profile, { sourceId: "f", policy: "lenient" })));
    expect(errors).toEqual([{ file: "deep.ndjson", line: 2, column: 62, message: "the nesting of a record passed the 50 limit (INGEST_MAX_JSON_DEPTH) at line 2, column 62" }]);
  });

  it("refuses JSON records whose keys together make more columns than the column limit", async () => {
    const records = Array.from({ length: 30 }, (_, i) => `{"key${i}":${i}}`).join("\n");
    const errors = await withIngestLimits({ maxColumns: 20 }, () => locatedErrors(profileFile(bytesSource(utf8(`${records}\n`), 4096), "keys.ndjson")));
    expect(errors).toEqual([{ file: "keys.ndjson", line: 21, message: "the number of distinct keys passed the 20 limit (INGEST_MAX_COLUMNS) at line 21" }]);
  });

  it("refuses an XLSX whose zip declares parts larger than the decompressed-size limit, before inflating any", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Rows");
    sheet.addRow(["Id", "Memo"]);
    for (let i = 0; i < 2000; i++) sheet.addRow([i, "the same memo on every row"]);
    const open = bytesSource(new Uint8Array(await book.xlsx.writeBuffer()), 4096);
    const errors = await withIngestLimits({ maxDecompressedBytes: 50_000 }, () => locatedErrors(profileFile(open, "rows.xlsx")));
    expect(errors).toEqual([{ file: "rows.xlsx", line: 1, message: "the workbook's decompressed size passed the 50,000 bytes limit (INGEST_MAX_DECOMPRESSED_BYTES) as the zip's directory declares its parts" }]);
  });

  it("reads the same XLSX when the limit leaves room for it", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Rows");
    sheet.addRow(["Id", "Memo"]);
    for (let i = 0; i < 2000; i++) sheet.addRow([i, "the same memo on every row"]);
    const open = bytesSource(new Uint8Array(await book.xlsx.writeBuffer()), 4096);
    const result = await withIngestLimits({ maxDecompressedBytes: 10_000_000 }, async () => {
      const profile = await profileFile(open, "rows.xlsx");
      return readFile(open, "rows.xlsx", profile, { sourceId: "f", policy: "strict" });
    });
    expect(result.table.rowCount).toBe(2000);
  });
});
