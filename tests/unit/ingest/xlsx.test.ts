import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { profileFile, readFile } from "~/core/ingest";
import { bytesSource } from "./support";

/** Written with the library that reads it: an "Orders" sheet and a "Refunds" sheet, after an empty cover sheet. */
async function workbook(): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet("Cover");
  const orders = book.addWorksheet("Orders");
  orders.addRow(["Order", "Date", "Amount"]);
  orders.addRow(["A-1", new Date(Date.UTC(2026, 3, 25)), 12.5]);
  orders.addRow(["A-2", new Date(Date.UTC(2026, 3, 26)), 1234.56]);
  const refunds = book.addWorksheet("Refunds");
  refunds.addRow(["Refund report"]);
  refunds.addRow([]);
  refunds.addRow(["Refund", "Processed", "Amount"]);
  refunds.addRow(["R-1", new Date(Date.UTC(2026, 3, 27, 14, 5)), -3]);
  refunds.addRow(["Total", null, -3]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe("XLSX workbooks", () => {
  it("lists the sheets and reads the first non-empty one by default, dates as ISO dates", async () => {
    const open = bytesSource(await workbook(), 4096);
    const profile = await profileFile(open, "orders.xlsx");
    expect([profile.format, profile.sheet, profile.sheets, profile.headerRow]).toEqual(["xlsx", "Orders", ["Cover", "Orders", "Refunds"], 1]);
    expect(profile.columns.map((c) => [c.name, c.type, c.date ?? c.amount ?? null])).toEqual([
      ["Order", "string", null],
      ["Date", "date", { pattern: "yyyy-MM-dd", order: "YMD" }],
      ["Amount", "amount", { decimalSeparator: ".", thousandsSeparator: "", negative: "minus" }],
    ]);
    const result = await readFile(open, "orders.xlsx", profile, { sourceId: "file-1", policy: "strict" });
    expect(result.table.cells).toEqual([
      ["A-1", "A-2"],
      ["2026-04-25", "2026-04-26"],
      ["12.5", "1234.56"],
    ]);
    expect([...result.table.provenance.line]).toEqual([2, 3]);
  });

  it("reads the sheet the override names, finding its header below a title and its total row", async () => {
    const open = bytesSource(await workbook(), 4096);
    const profile = await profileFile(open, "orders.xlsx", { sheet: "Refunds" });
    expect([profile.sheet, profile.headerRow]).toEqual(["Refunds", 3]);
    expect(profile.warnings).toEqual(['summary row at the end, not data: row 5 ("Total"); reading reports it as errors']);
    expect(profile.columns.map((c) => [c.name, c.type])).toEqual([
      ["Refund", "string"],
      ["Processed", "datetime"],
      ["Amount", "integer"],
    ]);
    const result = await readFile(open, "orders.xlsx", profile, { sourceId: "file-1", policy: "lenient" });
    expect(result.table.cells).toEqual([["R-1"], ["2026-04-27T14:05:00"], ["-3"]]);
    expect(result.rejectedLines).toEqual([5]);
  });

  it("turns a date-formatted formula result, which arrives as a serial number, into a date", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Payouts");
    sheet.addRow(["Payout", "Arrives"]);
    const serial = (Date.UTC(2026, 3, 25) - Date.UTC(1899, 11, 30)) / 86_400_000;
    sheet.addRow(["P-1", { formula: "DATE(2026,4,25)", result: serial }]);
    sheet.getCell("B2").numFmt = "dd/mm/yyyy";
    const open = bytesSource(new Uint8Array(await book.xlsx.writeBuffer()), 4096);
    const profile = await profileFile(open, "payouts.xlsx");
    const result = await readFile(open, "payouts.xlsx", profile, { sourceId: "file-1", policy: "strict" });
    expect(result.table.cells).toEqual([["P-1"], ["2026-04-25"]]);
  });
});
