import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { getAdapter } from "~/core/adapters";
import type { RawTable } from "~/core/engine/types";
import { writeCamt053BenchFile, writeMt940BenchFile } from "../../support/bank-statements/bench-files";
import { column } from "./support";

const dir = mkdtempSync(path.join(os.tmpdir(), "bank-bench-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function amountSum(table: RawTable): bigint {
  return column(table, "@amount").reduce((sum, amount) => sum + BigInt(amount!.replace(".", "")), 0n);
}

function csvRows(csvPath: string): string[] {
  return readFileSync(csvPath, "utf8").trimEnd().split("\n").slice(1);
}

/** The bench trusts these files: each must read without error under the strict policy and hold what its manifest and CSV say. */
describe("bench:ingest's bank-statement files", () => {
  it("an MT940 file of about N lines reads as the manifest's entries, statements and amount sum, the CSV holding the same entries", () => {
    const file = path.join(dir, "statements.sta");
    const csv = path.join(dir, "mt940.csv");
    const manifest = writeMt940BenchFile(file, csv, 3000, 11);
    const text = readFileSync(file, "utf8");
    expect(manifest.lines).toBe(text.split("\r\n").length - 1);
    expect(manifest.lines).toBeGreaterThanOrEqual(3000);
    const table = getAdapter("mt940")!.read(readFileSync(file), { sourceId: "file_test", fileName: "statements.sta", policy: "strict" });
    expect(table.rowCount).toBe(manifest.entries);
    expect(amountSum(table).toString()).toBe(manifest.amountMinor);
    expect(new Set(column(table, ":20:")).size).toBe(manifest.statements);
    expect(manifest.statements).toBeGreaterThan(8);
    const rows = csvRows(csv);
    expect(rows.map((row) => row.split(",")[3])).toEqual(column(table, "@amount"));
  });

  it("a camt.053 file of N entries reads as the manifest's entries, statements and amount sum, the CSV holding the same entries", () => {
    const file = path.join(dir, "statements.xml");
    const csv = path.join(dir, "camt.csv");
    const manifest = writeCamt053BenchFile(file, csv, 2000, 11);
    expect(manifest.entries).toBeGreaterThanOrEqual(2000);
    const table = getAdapter("camt053")!.read(readFileSync(file), { sourceId: "file_test", fileName: "statements.xml", policy: "strict" });
    expect(table.rowCount).toBe(manifest.entries);
    expect(amountSum(table).toString()).toBe(manifest.amountMinor);
    expect(new Set(column(table, "@statement_id")).size).toBe(manifest.statements);
    const rows = csvRows(csv);
    expect(rows.map((row) => row.split(",")[3])).toEqual(column(table, "@amount"));
  });
});
