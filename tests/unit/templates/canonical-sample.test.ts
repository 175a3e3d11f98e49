import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ColumnMapping } from "~/core/canonical";
import { SampleSchemaError } from "~/modules/templates/packs/canonical-sample";
import { readAcceptedSample } from "~/modules/templates/packs/pack-test";

/** pack:test reads a sample for an input that accepts a canonical schema the way an upload for it is read. */

const files = (entries: Record<string, string | Uint8Array>) =>
  new Map(
    Object.entries(entries).map(([name, content]) => [
      name,
      typeof content === "string" ? new TextEncoder().encode(content) : content,
    ])
  );

const bankInput = { key: "bank", accepts: "bank_statement_line" as const };

const ledgerMapping: ColumnMapping & { name: string } = {
  name: "ERP cash ledger",
  schema: "ledger_entry",
  signature: { columns: ["Journal", "Posting Date", "Amount (EUR)"] },
  fields: {
    entry_id: { column: "Journal" },
    amount: { column: "Amount (EUR)" },
    currency: { fixed: "EUR" },
    posting_date: { column: "Posting Date", format: "dd.MM.yyyy" },
  },
};

function cellsOf(
  table: { columns: string[]; cells: Array<Array<string | null>> },
  column: string
): Array<string | null> {
  return table.cells[table.columns.indexOf(column)]!;
}

describe("pack:test samples of inputs that accept a canonical schema", () => {
  it("reads a bank statement through its recognized format and adds the canonical columns", async () => {
    const mt940 = readFileSync("tests/fixtures/adapters/mt940.sta");
    const table = await readAcceptedSample(
      files({ "samples/bank.sta": mt940 }),
      "samples/bank.sta",
      bankInput,
      {}
    );

    expect(cellsOf(table, "$amount").slice(0, 2)).toEqual([
      "1140.71",
      "-250.00",
    ]);
    expect(cellsOf(table, "$booking_date").slice(0, 2)).toEqual([
      "2026-03-05",
      "2026-03-05",
    ]);
    expect(cellsOf(table, "$currency")[0]).toBe("EUR");
  });

  it("refuses a sample whose recognized format delivers another schema, naming the file and the input", async () => {
    const payouts = readFileSync("tests/fixtures/adapters/stripe_payouts.csv");
    const reading = readAcceptedSample(
      files({ "samples/bank.csv": payouts }),
      "samples/bank.csv",
      bankInput,
      {}
    );

    await expect(reading).rejects.toThrow(SampleSchemaError);
    await expect(reading).rejects.toMatchObject({
      file: "samples/bank.csv",
      pointer: "/inputs/bank/accepts",
      message:
        "samples/bank.csv: recognized as Stripe payouts export (stripe_payouts), which delivers payout; input 'bank' accepts bank_statement_line",
    });
  });

  it("reads a plain table through the pack's mapping whose signature its header has", async () => {
    const csv =
      'Journal,Posting Date,Amount (EUR),Text\nJE-1,05.01.2026,"12500.00",Receipt\nJE-2,06.01.2026,-3200.00,Rent\n';
    const table = await readAcceptedSample(
      files({ "samples/gl.csv": csv }),
      "samples/gl.csv",
      { key: "gl", accepts: "ledger_entry" },
      { gl: ledgerMapping }
    );

    expect(cellsOf(table, "$amount")).toEqual(["12500.00", "-3200.00"]);
    expect(cellsOf(table, "$posting_date")).toEqual([
      "2026-01-05",
      "2026-01-06",
    ]);
    expect(cellsOf(table, "$currency")).toEqual(["EUR", "EUR"]);
  });

  it("refuses a plain table no mapping of the pack fits", async () => {
    const csv = "Invoice,Amount\nINV-1,10.00\n";
    const reading = readAcceptedSample(
      files({ "samples/other.csv": csv }),
      "samples/other.csv",
      { key: "gl", accepts: "ledger_entry" },
      { gl: ledgerMapping }
    );

    await expect(reading).rejects.toMatchObject({
      pointer: "/inputs/gl/accepts",
      message:
        "samples/other.csv: no format recognized and no column mapping of the pack fits its header (Invoice, Amount); input 'gl' accepts ledger_entry",
    });
  });

  it("refuses a plain table whose fitting mapping delivers another schema", async () => {
    const csv = "Journal,Posting Date,Amount (EUR)\nJE-1,05.01.2026,10.00\n";
    const reading = readAcceptedSample(
      files({ "samples/gl.csv": csv }),
      "samples/gl.csv",
      bankInput,
      { gl: ledgerMapping }
    );

    await expect(reading).rejects.toMatchObject({
      message:
        "samples/gl.csv: its header fits the pack's column mapping 'gl', which delivers ledger_entry; input 'bank' accepts bank_statement_line",
    });
  });

  it("reports a pack mapping that cannot be applied at its pointer in the manifest", async () => {
    const broken = {
      ...ledgerMapping,
      fields: { ...ledgerMapping.fields, posted: { column: "Posting Date" } },
    };
    const csv = "Journal,Posting Date,Amount (EUR)\nJE-1,05.01.2026,10.00\n";
    const reading = readAcceptedSample(
      files({ "samples/gl.csv": csv }),
      "samples/gl.csv",
      { key: "gl", accepts: "ledger_entry" },
      { gl: broken }
    );

    await expect(reading).rejects.toMatchObject({
      file: "samples/gl.csv",
      pointer: "/mappings/gl/fields/posted",
    });
  });
});
