import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { IngestFileError } from "~/core/ingest/errors";
import { assertZipInflationWithinLimit } from "~/core/ingest/xlsx/zip-inflation";

/** A workbook whose string cells go to the shared-string table (xl/sharedStrings.xml). */
async function workbookWithSharedStrings(rows: number): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Ledger");
  sheet.addRow(["id", "memo"]);
  for (let row = 0; row < rows; row++) sheet.addRow([row + 1, `payment reference ${row} for invoice`]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

function sourceOf(bytes: Buffer) {
  return async function* (): AsyncGenerator<Uint8Array> {
    yield bytes;
  };
}

describe("the XLSX shared-strings cap", () => {
  it("refuses a workbook whose shared strings inflate past the cap, naming the file and the part", async () => {
    const bytes = await workbookWithSharedStrings(2_000);
    let refusal: unknown;
    try {
      await assertZipInflationWithinLimit(sourceOf(bytes), "ledger.xlsx", 16 * 1024);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(IngestFileError);
    const [located, ...rest] = (refusal as IngestFileError).errors;
    expect(rest).toEqual([]);
    expect(located).toMatchObject({ file: "ledger.xlsx", line: 1 });
    expect(located!.message).toContain("xl/sharedStrings.xml (the workbook's shared strings) inflates to more than 0.02 MiB");
  });

  it("lets the same workbook through under the documented cap", async () => {
    const bytes = await workbookWithSharedStrings(2_000);
    await expect(assertZipInflationWithinLimit(sourceOf(bytes), "ledger.xlsx")).resolves.toBeUndefined();
  });
});
