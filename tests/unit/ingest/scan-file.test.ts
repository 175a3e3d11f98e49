import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { IngestFileError, profileFile, readFile, scanFile, type ByteSource, type DetectionOverrides, type FileProfile } from "~/core/ingest";
import { SCAN_LOOKAHEAD_ROWS } from "~/core/ingest/scan-file";
import { bytesSource } from "./support";

/**
 * scanFile is readFile without the table: for every input, both policies and
 * any batch size, it must give the same row count, errors (order, messages,
 * locations) and rejected lines, or throw the same error.
 */

const POLICIES = ["lenient", "strict"] as const;

async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return { ok: await run() };
  } catch (error) {
    if (error instanceof IngestFileError) return { failed: error.errors, errorCount: error.errorCount };
    return { threw: error instanceof Error ? error.message : String(error) };
  }
}

async function viaReadFile(open: ByteSource, name: string, profile: FileProfile, policy: (typeof POLICIES)[number]) {
  const read = await readFile(open, name, profile, { sourceId: "s", policy, maxErrors: 5 });
  return { rowCount: read.table.rowCount, errors: read.errors, errorCount: read.errorCount, rejectedLines: read.rejectedLines };
}

async function expectSameAsReadFile(bytes: Uint8Array, name: string, overrides: DetectionOverrides, batchSizes: number[], chunkSizes = [1, 5, 4096]): Promise<void> {
  const open = bytesSource(bytes, 64);
  const profile = await profileFile(open, name, overrides);
  for (const policy of POLICIES) {
    const expected = await outcome(() => viaReadFile(open, name, profile, policy));
    for (const batchRows of batchSizes) {
      for (const chunkBytes of chunkSizes) {
        const scanned = await outcome(() => scanFile(open, name, profile, { sourceId: "s", policy, maxErrors: 5, batchRows, chunkBytes }));
        expect(scanned, `${name}, ${policy}, ${batchRows} rows a batch, ${chunkBytes}-byte chunks`).toEqual(expected);
      }
    }
  }
}

/** Every column confirmed with its inferred type: cells past the sample that do not fit become errors. */
async function confirmedOverrides(bytes: Uint8Array, name: string): Promise<DetectionOverrides> {
  const profile = await profileFile(bytesSource(bytes, 64), name);
  return { columns: Object.fromEntries(profile.columns.map((column) => [column.name, { type: column.type }])) };
}

function delimitedFixtures(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return delimitedFixtures(full);
    return /\.(csv|tsv)$/i.test(entry) ? [full] : [];
  });
}

/** A small deterministic generator (no Math.random): failures reproduce. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const SUMMARY_TAILS = ["", "Total,,30.00\n", "Total,,30.00\nCount,3\n", ",,\nTotal,,1\nCount,3\nBalance,9\n", "Closing balance,,12.00\n", "x\ny\n"];

/** A ledger with every kind of row error, in amounts of rows that put the summary rows on every batch boundary. */
function generated(seed: number, rows: number, tail: string): Uint8Array {
  const next = sequence(seed);
  const parts: Buffer[] = [Buffer.from("id,memo,amount\n")];
  for (let row = 0; row < rows; row++) {
    const roll = next();
    const amount = roll < 0.1 ? "n/a" : `${Math.floor(next() * 10000) / 100}`;
    if (roll > 0.9) parts.push(Buffer.from(`${row + 1},short\n`));
    else if (roll > 0.85) parts.push(Buffer.from(`${row + 1},wide,${amount},extra\n`));
    else if (roll > 0.8) parts.push(Buffer.concat([Buffer.from(`${row + 1},bad `), Buffer.from([0xff, 0xfe]), Buffer.from(` byte,${amount}\n`)]));
    else if (roll > 0.77) parts.push(Buffer.from(`${row + 1},"two\nlines",${amount}\n`));
    // An invalid byte on a quoted field's second line: the row it rejects is the one starting the line before.
    else if (roll > 0.75) parts.push(Buffer.concat([Buffer.from(`${row + 1},"two\n`), Buffer.from([0xc3]), Buffer.from(`lines",${amount}\n`)]));
    else if (roll > 0.72) parts.push(Buffer.from("\n"));
    else parts.push(Buffer.from(`${row + 1},memo ${row},${amount}\n`));
  }
  parts.push(Buffer.from(tail));
  return Buffer.concat(parts);
}

/** Records of every kind: good, not an object, broken JSON, a confirmed amount that is not one, bytes that are not UTF-8, new keys. */
function generatedRecords(seed: number, count: number, format: "ndjson" | "json"): Uint8Array {
  const next = sequence(seed);
  const records: Buffer[] = [];
  for (let index = 0; index < count; index++) {
    const roll = next();
    const amount = roll < 0.15 ? '"n/a"' : `"${Math.floor(next() * 10000) / 100}"`;
    if (roll > 0.92) records.push(Buffer.from("[1, 2]"));
    else if (roll > 0.86 && format === "ndjson") records.push(Buffer.from(`{"id": ${index}, "amount": `));
    else if (roll > 0.8) records.push(Buffer.concat([Buffer.from(`{"id": ${index}, "memo": "bad `), Buffer.from([0xff]), Buffer.from(`", "amount": ${amount}}`)]));
    else if (roll > 0.75) records.push(Buffer.from(`{"id": ${index}, "extra${index % 3}": "x", "amount": ${amount}}`));
    else records.push(Buffer.from(`{"id": ${index}, "memo": "m${index}", "amount": ${amount}}`));
  }
  if (format === "ndjson") return Buffer.concat(records.flatMap((record) => [record, Buffer.from("\n")]));
  return Buffer.concat([Buffer.from("[\n"), ...records.flatMap((record, i) => [record, Buffer.from(i + 1 < records.length ? ",\n" : "\n")]), Buffer.from("]\n")]);
}

const LEDGER_TYPES: DetectionOverrides = { encoding: "utf-8", columns: { id: { type: "integer" }, amount: { type: "amount" } } };

describe("scanFile", () => {
  it("agrees with readFile on every delimited fixture", async () => {
    const fixtures = delimitedFixtures(path.resolve("tests/fixtures"));
    expect(fixtures.length).toBeGreaterThan(5);
    for (const fixture of fixtures) {
      const bytes = readFileSync(fixture);
      const name = path.basename(fixture);
      const profiled = await outcome(() => profileFile(bytesSource(bytes, 64), name));
      if (!("ok" in (profiled as object))) continue; // not a table this reader profiles (an adapter's format)
      await expectSameAsReadFile(bytes, name, {}, [3, 1000]);
      await expectSameAsReadFile(bytes, name, await confirmedOverrides(bytes, name), [3]);
    }
  });

  it("agrees with readFile on generated files with errors and summary rows on every batch boundary", async () => {
    const seen = new Set<string>();
    for (const tail of SUMMARY_TAILS) {
      for (let rows = 0; rows <= 9; rows++) {
        const bytes = generated(rows + 1, rows, tail);
        await expectSameAsReadFile(bytes, "ledger.csv", LEDGER_TYPES, [1, 2, 3]);
        const profile = await profileFile(bytesSource(bytes, 64), "ledger.csv", LEDGER_TYPES);
        const read = await readFile(bytesSource(bytes, 64), "ledger.csv", profile, { sourceId: "s", policy: "lenient" });
        for (const error of read.errors) seen.add(error.message.replace(/^.*?(summary row|field|not valid UTF-8|expected).*$/, "$1"));
      }
    }
    // The generated files do exercise every check, or agreeing would prove little.
    expect([...seen].sort()).toEqual(["expected", "field", "not valid UTF-8", "summary row"]);
  });

  it("agrees with readFile on a long file with many errors (caps on errors and rejected lines)", async () => {
    const bytes = generated(42, 600, "Total,,1\n");
    await expectSameAsReadFile(bytes, "long.csv", LEDGER_TYPES, [3, 7, 50]);
    const profile = await profileFile(bytesSource(bytes, 64), "long.csv", LEDGER_TYPES);
    const all = await readFile(bytesSource(bytes, 64), "long.csv", profile, { sourceId: "s", policy: "lenient" });
    const capped = await scanFile(bytesSource(bytes, 64), "long.csv", profile, { sourceId: "s", policy: "lenient", maxRejectedLines: 10, batchRows: 3 });
    expect(all.rejectedLines.length).toBeGreaterThan(10);
    expect(capped.rejectedLines).toEqual(all.rejectedLines.slice(0, 10));
    expect(capped.rowCount).toBe(all.table.rowCount);
  });

  it("agrees with readFile on generated NDJSON and JSON with bad records, bytes and cells", async () => {
    const seen = new Set<string>();
    for (const format of ["ndjson", "json"] as const) {
      for (const count of [0, 1, 2, 5, 9, 40]) {
        const bytes = generatedRecords(count + 3, count, format);
        const name = `records.${format}`;
        if (count > 0) await expectSameAsReadFile(bytes, name, LEDGER_TYPES, [1, 2, 3, 1000], [4096]);
        if (count < 40) continue;
        const profile = await profileFile(bytesSource(bytes, 64), name, LEDGER_TYPES);
        expect(profile.format).toBe(format);
        const read = await readFile(bytesSource(bytes, 64), name, profile, { sourceId: "s", policy: "lenient" });
        for (const error of read.errors) seen.add(error.message.replace(/^.*?(not valid UTF-8|expected).*$/, "$1"));
      }
    }
    expect(seen).toContain("not valid UTF-8");
    expect(seen).toContain("expected");
    expect(seen.size).toBeGreaterThan(2);
  });

  it("places a byte that is not UTF-8 in the record holding it, not in the last one (readFile and scanFile alike)", async () => {
    const bytes = Buffer.concat([Buffer.from('{"id": 1, "amount": "1.00"}\n{"id": 2, "memo": "'), Buffer.from([0xff]), Buffer.from('", "amount": "2.00"}\n{"id": 3, "amount": "3.00"}\n')]);
    const open = bytesSource(bytes, 5);
    const profile = await profileFile(open, "bytes.ndjson", { encoding: "utf-8" });
    const read = await readFile(open, "bytes.ndjson", profile, { sourceId: "s", policy: "lenient" });
    expect(read.errors.map((error) => [error.line, error.column])).toEqual([[2, 20]]);
    expect(read.rejectedLines).toEqual([2]);
    const scanned = await scanFile(open, "bytes.ndjson", profile, { sourceId: "s", policy: "lenient", batchRows: 1 });
    expect(scanned).toEqual({ rowCount: 2, errors: read.errors, errorCount: 1, rejectedLines: [2] });
  });

  it("throws what readFile throws for a file it cannot read", async () => {
    const bytes = Buffer.from('id,memo,amount\n1,a,1.00\n2,"never closed,2.00\n3,c,3.00\n');
    const open = bytesSource(bytes, 64);
    const profile = await profileFile(bytesSource(Buffer.from("id,memo,amount\n1,a,1.00\n"), 64), "broken.csv");
    const expected = await outcome(() => viaReadFile(open, "broken.csv", profile, "lenient"));
    expect(expected).toHaveProperty("failed");
    expect(await outcome(() => scanFile(open, "broken.csv", profile, { sourceId: "s", policy: "lenient", batchRows: 2 }))).toEqual(expected);
  });

  it("holds one batch plus the look-ahead, however long the file", async () => {
    const bytes = generated(7, 400, "Total,,1\n");
    const open = bytesSource(bytes, 4096);
    const profile = await profileFile(open, "long.csv", LEDGER_TYPES);
    const held: number[] = [];
    const batchRows = 3;
    const scanned = await scanFile(open, "long.csv", profile, { sourceId: "s", policy: "lenient", batchRows, chunkBytes: 1, onHeldRows: (rows) => held.push(rows) });
    expect(held.length).toBeGreaterThan(100);
    expect(Math.max(...held)).toBeLessThanOrEqual(batchRows + SCAN_LOOKAHEAD_ROWS);
    expect(scanned.rowCount).toBeGreaterThan(0);
  });

  it("holds one batch of NDJSON records, however long the file", async () => {
    const bytes = generatedRecords(11, 300, "ndjson");
    const open = bytesSource(bytes, 4096);
    const profile = await profileFile(open, "long.ndjson", LEDGER_TYPES);
    const held: number[] = [];
    const scanned = await scanFile(open, "long.ndjson", profile, { sourceId: "s", policy: "lenient", batchRows: 3, onHeldRows: (rows) => held.push(rows) });
    expect(held.length).toBeGreaterThan(50);
    expect(Math.max(...held)).toBeLessThanOrEqual(3);
    expect(scanned.rowCount).toBeGreaterThan(0);
  });

  it("agrees with readFile on generated workbooks with errors and summary rows on every batch boundary", async () => {
    for (const [seed, tail] of XLSX_TAILS.entries()) {
      for (const rows of [1, 4, 9]) {
        const bytes = await generatedWorkbook(seed + 1, rows, tail);
        const overrides = await confirmedOverrides(bytes, "ledger.xlsx");
        await expectSameAsReadFile(bytes, "ledger.xlsx", overrides, [1, 2, 3, 1000], [4096]);
      }
    }
  });

  it("agrees with readFile on a long workbook with many errors (caps on errors and rejected lines)", async () => {
    const bytes = await generatedWorkbook(5, 300, [["Total", "", 1]]);
    const overrides = await confirmedOverrides(bytes, "long.xlsx");
    const open = bytesSource(bytes, 4096);
    const read = await viaReadFile(open, "long.xlsx", await profileFile(open, "long.xlsx", overrides), "lenient");
    // The comparison means something: wide rows, cells that do not fit and the summary row are all there.
    expect(read.errorCount).toBeGreaterThan(20);
    expect(read.rejectedLines.length).toBe(read.errorCount);
    await expectSameAsReadFile(bytes, "long.xlsx", overrides, [7, 64], [4096]);
  });

  it("holds one batch of workbook rows plus the look-ahead, however long the sheet", async () => {
    const bytes = await generatedWorkbook(9, 400, [["Total", "", 1]]);
    const open = bytesSource(bytes, 4096);
    const profile = await profileFile(open, "long.xlsx", await confirmedOverrides(bytes, "long.xlsx"));
    const held: number[] = [];
    const scanned = await scanFile(open, "long.xlsx", profile, { sourceId: "s", policy: "lenient", batchRows: 3, onHeldRows: (rows) => held.push(rows) });
    expect(held.length).toBeGreaterThan(100);
    expect(Math.max(...held)).toBeLessThanOrEqual(3 + SCAN_LOOKAHEAD_ROWS);
    expect(scanned.rowCount).toBeGreaterThan(0);
  });
});

type SheetRow = Array<string | number>;
const XLSX_TAILS: SheetRow[][] = [[], [["Total", "", 30]], [["Total", "", 30], ["Count", 3]], [["Subtotal", "", 1], ["Total", "", 1], ["Count", 3], ["Balance", 9]], [["x"], ["y"]]];

/** A ledger sheet with cells that do not fit their column, rows wider than the header, and `tail` rows at the end. */
async function generatedWorkbook(seed: number, rows: number, tail: SheetRow[]): Promise<Uint8Array> {
  const next = sequence(seed);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Ledger");
  sheet.addRow(["id", "memo", "amount"]);
  // The first rows are clean, so the confirmed types are the ones a clean sample gives.
  sheet.addRow([1, "first", 1.5]);
  sheet.addRow([2, "second", 2.25]);
  for (let row = 0; row < rows; row++) {
    const roll = next();
    const amount = roll < 0.15 ? "n/a" : Math.floor(next() * 10000) / 100;
    if (roll > 0.85) sheet.addRow([row + 3, "wide", amount, "extra"]);
    else if (roll > 0.8) sheet.addRow([]);
    else sheet.addRow([row + 3, `memo ${row}`, amount]);
  }
  for (const row of tail) sheet.addRow(row);
  return new Uint8Array(await book.xlsx.writeBuffer());
}
