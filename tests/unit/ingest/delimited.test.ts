import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { IngestFileError, profileFile, readFile, type FileProfile } from "~/core/ingest";
import { bytesSource, typeOf, utf8 } from "./support";

async function read(text: string, fileName: string, policy: "strict" | "lenient") {
  const open = bytesSource(utf8(text));
  const profile = await profileFile(open, fileName);
  return { profile, result: await readFile(open, fileName, profile, { sourceId: "file-1", policy }) };
}

async function readFailure(open: () => AsyncIterable<Uint8Array>, fileName: string, profile: FileProfile): Promise<IngestFileError> {
  const failure = await readFile(open, fileName, profile, { sourceId: "file-1", policy: "strict" }).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(IngestFileError);
  return failure as IngestFileError;
}

describe("delimited text", () => {
  it("sniffs the semicolon and reads 1.234,56 as a decimal comma with dot thousands", async () => {
    const { profile, result } = await read("Buchungstag;Betrag\n01.04.2026;1.234,56\n02.04.2026;-12,00\n03.04.2026;7\n", "konto.csv", "strict");
    expect(profile.delimiter).toBe(";");
    expect(profile.delimiterEvidence).toBe(
      '";" splits 4 of 4 records into 2 fields (100%); "," splits the records but gives no header row; sample: the whole file, up to 10,000 rows',
    );
    expect(typeOf(profile.columns[1]!)).toEqual({
      name: "Betrag",
      type: "amount",
      fit: 3,
      total: 3,
      nullCount: 0,
      misfits: [],
      amount: { decimalSeparator: ",", thousandsSeparator: ".", negative: "minus" },
    });
    expect(result.table.cells[1]).toEqual(["1.234,56", "-12,00", "7"]);
  });

  it("keeps line breaks inside quoted fields and gives each row the line it starts on", async () => {
    const { result } = await read('id,memo\r\n1,"two\r\nlines"\r\n2,"say ""hi"""\r\n', "memo.csv", "strict");
    expect(result.table.cells).toEqual([
      ["1", "2"],
      ["two\r\nlines", 'say "hi"'],
    ]);
    expect([...result.table.provenance.line]).toEqual([2, 4]);
    expect(result.table.provenance.sourceIds).toEqual(["file-1"]);
  });

  it("reads classic-Mac CR line endings", async () => {
    const { profile, result } = await read("id,amount\r1,2.50\r2,3.75\r", "mac.csv", "strict");
    expect(profile.headerRow).toBe(1);
    expect(result.table.cells).toEqual([
      ["1", "2"],
      ["2.50", "3.75"],
    ]);
  });

  it("fails a strict read listing each ragged row with its exact line", async () => {
    const open = bytesSource(utf8('id,memo,amount\n1,"a\nb",5\n2,short\n3,x,6\n4,x,7,extra\n'));
    const profile = await profileFile(open, "ragged.csv");
    const failure = await readFailure(open, "ragged.csv", profile);
    expect(failure.errors).toEqual([
      { file: "ragged.csv", line: 4, message: "has 2 fields; the header has 3" },
      { file: "ragged.csv", line: 6, message: "has 4 fields; the header has 3" },
    ]);
    expect(failure.errorCount).toBe(2);
  });

  it("drops ragged rows under the lenient policy and reports their lines", async () => {
    const { result } = await read("id,memo,amount\n1,a,5\n2,short\n3,x,6\n", "ragged.csv", "lenient");
    expect(result.table.cells).toEqual([
      ["1", "3"],
      ["a", "x"],
      ["5", "6"],
    ]);
    expect([...result.table.provenance.line]).toEqual([2, 4]);
    expect(result.rejectedLines).toEqual([3]);
    expect(result.errors).toEqual([{ file: "ragged.csv", line: 3, message: "has 2 fields; the header has 3" }]);
  });

  it("finds the header after a bank's preamble lines", async () => {
    const text = "Account: 12345678\nPeriod: 01.03.2026 - 31.03.2026\n\nDate,Description,Amount\n03/04/2026,Coffee,-3.50\n04/04/2026,Salary,2500.00\n";
    const { profile, result } = await read(text, "bank.csv", "strict");
    expect(profile.headerRow).toBe(4);
    expect(profile.headerEvidence).toBe(
      'line 4: the first record with the table\'s 3 fields whose cells are distinct labels (3 of 3 non-numeric: "Date", "Description", "Amount"); 2 preamble records before it (lines 1–2) skipped; sample: the whole file, up to 10,000 rows',
    );
    expect(result.table.columns).toEqual(["Date", "Description", "Amount"]);
    expect([...result.table.provenance.line]).toEqual([5, 6]);
  });

  it("warns about summary rows at the end and reports them when reading", async () => {
    const text = "Date,Description,Amount\n2026-04-01,Coffee,-3.50\n2026-04-02,Salary,2500.00\nTotal,,2496.50\nRows: 2\n";
    const { profile, result } = await read(text, "bank.csv", "lenient");
    expect(profile.warnings).toEqual(['summary rows at the end, not data: line 4 ("Total"), line 5 ("Rows: 2"); reading reports them as errors']);
    expect(profile.sampledRows).toBe(2);
    expect(result.table.rowCount).toBe(2);
    expect(result.errors).toEqual([
      { file: "bank.csv", line: 4, value: "Total", message: 'looks like a summary row ("Total"), not data' },
      { file: "bank.csv", line: 5, value: "Rows: 2", message: 'looks like a summary row ("Rows: 2"), not data' },
    ]);
  });

  it("fails on a quoted field that is never closed, at the quote", async () => {
    const open = bytesSource(utf8('id,memo\n1,ok\n2,"never closed\n3,x\n'));
    const failure = await profileFile(open, "broken.csv").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IngestFileError);
    expect((failure as IngestFileError).errors).toEqual([{ file: "broken.csv", line: 3, column: 3, message: "a quoted field is never closed" }]);
  });

  it("reads a gzip'd CSV recognized by its magic bytes, whatever its name", async () => {
    const open = bytesSource(gzipSync(utf8("id,amount\n1,2.50\n2,3.75\n")));
    const profile = await profileFile(open, "export.csv");
    expect([profile.format, profile.compression]).toEqual(["csv", "gzip"]);
    const result = await readFile(open, "export.csv", profile, { sourceId: "file-1", policy: "strict" });
    expect(result.table.cells).toEqual([
      ["1", "2"],
      ["2.50", "3.75"],
    ]);
  });

  it("keeps only the requested columns, in the requested order", async () => {
    const open = bytesSource(utf8("a,b,c\n1,2,3\n"));
    const profile = await profileFile(open, "abc.csv");
    const result = await readFile(open, "abc.csv", profile, { sourceId: "file-1", policy: "strict", columns: ["c", "a"] });
    expect(result.table.columns).toEqual(["c", "a"]);
    expect(result.table.cells).toEqual([["3"], ["1"]]);
  });

  it("stops after maxRows rows and pulls no more chunks than it needs", async () => {
    const text = `id,amount\n${Array.from({ length: 2000 }, (_, i) => `${i + 1},${i}.00`).join("\n")}\nTotal,999\n`;
    const profile = await profileFile(bytesSource(utf8(text)), "long.csv");
    let pulled = 0;
    const counted = () =>
      (async function* () {
        for await (const chunk of bytesSource(utf8(text), 64)()) {
          pulled++;
          yield chunk;
        }
      })();
    const result = await readFile(counted, "long.csv", profile, { sourceId: "file-1", policy: "strict", maxRows: 3 });
    expect(result.table.cells).toEqual([
      ["1", "2", "3"],
      ["0.00", "1.00", "2.00"],
    ]);
    expect([...result.table.provenance.line]).toEqual([2, 3, 4]);
    expect(result.truncated).toBe(true);
    expect(result.errorCount).toBe(0);
    expect(pulled).toBeLessThan(10);
  });

  it("checks ragged rows only up to the row limit, and finds summary rows only when the read reached the end", async () => {
    const text = "id,a,b\n1,x,y\n2,only\n3,x,y\n4,only\nTotal,9\n";
    const profile = await profileFile(bytesSource(utf8(text)), "ragged.csv");
    const limited = await readFile(bytesSource(utf8(text)), "ragged.csv", profile, { sourceId: "file-1", policy: "lenient", maxRows: 2 });
    expect(limited.rejectedLines).toEqual([3]);
    expect(limited.table.rowCount).toBe(1);
    const whole = await readFile(bytesSource(utf8(text)), "ragged.csv", profile, { sourceId: "file-1", policy: "lenient", maxRows: 100 });
    expect(whole.truncated).toBe(false);
    expect(whole.rejectedLines).toEqual([3, 5, 6]);
    // Narrow rows at the very end are summary rows, not ragged ones.
    expect(whole.errors.map((error) => [error.line, error.message])).toEqual([
      [3, "has 2 fields; the header has 3"],
      [5, 'looks like a summary row ("4"), not data'],
      [6, 'looks like a summary row ("Total"), not data'],
    ]);
  });

  it("keeps the first maxErrors errors and counts them all", async () => {
    // Odd ids are short a field: 5 ragged rows among 10.
    const rows = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? `${i + 1},only` : `${i + 1},x,y`)).join("\n");
    const open = bytesSource(utf8(`id,a,b\n${rows}\n`));
    const profile = await profileFile(open, "many.csv");
    const result = await readFile(open, "many.csv", profile, { sourceId: "file-1", policy: "lenient", maxErrors: 2 });
    expect(result.errors.map((error) => error.line)).toEqual([2, 4]);
    expect(result.errorCount).toBe(5);
    expect(result.rejectedLines).toEqual([2, 4, 6, 8, 10]);
  });
});
