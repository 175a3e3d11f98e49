import { describe, expect, it } from "vitest";
import { IngestFileError, normalizeCell, profileFile, readFile } from "~/core/ingest";
import { bytesSource, column, typeOf, utf8 } from "./support";

async function profile(text: string) {
  return profileFile(bytesSource(utf8(text)), "amounts.csv");
}

const dotDecimal = column({ type: "amount", amount: { decimalSeparator: ".", thousandsSeparator: ",", negative: "minus" } });

describe("amount columns", () => {
  it("detects negatives in parentheses and with a trailing minus", async () => {
    const detected = await profile('parens,trailing\n"(1,234.56)","1,234.56-"\n12.00,3.00\n');
    expect(detected.columns.map((c) => c.amount)).toEqual([
      { decimalSeparator: ".", thousandsSeparator: ",", negative: "parentheses" },
      { decimalSeparator: ".", thousandsSeparator: ",", negative: "trailingMinus" },
    ]);
    expect(normalizeCell("(1,234.56)", detected.columns[0]!)).toEqual({ raw: "(1,234.56)", value: -123456 });
    expect(normalizeCell("1,234.56-", detected.columns[1]!)).toEqual({ raw: "1,234.56-", value: -123456 });
  });

  it("reads a CR suffix as a credit and DR as a debit", async () => {
    const detected = await profile('Date,Amount\n2026-04-01,12.00 CR\n2026-04-02,5.50DR\n2026-04-03,"1,000.00 CR"\n');
    const amount = detected.columns[1]!;
    expect(amount.amount).toEqual({ decimalSeparator: ".", thousandsSeparator: ",", negative: "crdr" });
    expect(["12.00 CR", "5.50DR", "1,000.00 CR"].map((raw) => normalizeCell(raw, amount).value)).toEqual([1200, -550, 100000]);
  });

  it("scales to the currency's ISO 4217 exponent: JPY has none, KWD three", () => {
    expect(normalizeCell("1,234", dotDecimal, "JPY")).toEqual({ raw: "1,234", value: 1234 });
    expect(normalizeCell("1,234.000", dotDecimal, "KWD")).toEqual({ raw: "1,234.000", value: 1234000 });
    expect(normalizeCell("12.5", dotDecimal, "KWD")).toEqual({ raw: "12.5", value: 12500 });
    expect(normalizeCell("0.29", dotDecimal, "EUR")).toEqual({ raw: "0.29", value: 29 });
  });

  it("refuses to round a value with more decimals than its currency has", () => {
    expect(normalizeCell("1,234.5", dotDecimal, "JPY")).toEqual({ raw: "1,234.5", value: null, error: "has more than 0 decimal places (JPY has 0)" });
  });

  it("takes the exponent from an ISO code or symbol written with the value", () => {
    const written = column({ type: "amount", amount: { decimalSeparator: ".", thousandsSeparator: ",", negative: "minus" } });
    expect(["EUR 12.00", "12.345 KWD", "¥1,500", "-$5"].map((raw) => normalizeCell(raw, written).value)).toEqual([1200, 12345, 1500, -500]);
  });

  it("detects the currency symbol written with the amounts", async () => {
    const detected = await profile("Betrag\n12,50 €\n1.000,00 €\n-3,10 €\n");
    expect(detected.columns[0]!.amount).toEqual({ decimalSeparator: ",", thousandsSeparator: ".", negative: "minus", currencySymbol: "€" });
  });

  it("counts the null tokens as nulls, not misfits", async () => {
    const detected = await profile("id,amount\n1,N/A\n2,NULL\n3,-\n4,n/a\n5,null\n6,\n7,12.50\n8,3.00\n");
    expect(typeOf(detected.columns[1]!)).toEqual({
      name: "amount",
      type: "amount",
      fit: 2,
      total: 8,
      nullCount: 6,
      misfits: [],
      amount: { decimalSeparator: ".", thousandsSeparator: "", negative: "minus" },
    });
    expect(normalizeCell("N/A", detected.columns[1]!)).toEqual({ raw: "N/A", value: null });
  });

  it("keeps identifiers with leading zeros as strings", async () => {
    const detected = await profile("account,count\n00123,1\n00456,2\n10789,3\n");
    expect(detected.columns.map((c) => c.type)).toEqual(["string", "integer"]);
    expect(detected.columns[0]!.evidence).toBe(
      "string: 2 values have leading zeros (e.g. 00123): identifiers, kept as text; 0 null; sample: the whole file, up to 10,000 rows",
    );
  });

  it("types a column of ISO 4217 codes as currency", async () => {
    const detected = await profile("amount,currency\n1.00,EUR\n2.00,JPY\n3.00,KWD\n");
    expect(typeOf(detected.columns[1]!)).toEqual({ name: "currency", type: "currency", fit: 3, total: 3, nullCount: 0, misfits: [] });
  });

  it("demotes an inferred amount column with one value that is not an amount, and a confirmed amount type fails the strict read", async () => {
    const rows = Array.from({ length: 12 }, (_, i) => `${i + 1},${i + 1}.00`).join("\n");
    const open = bytesSource(utf8(`id,amount\n${rows}\n13,twelve\n`));
    const detected = await profileFile(open, "amounts.csv");
    expect([detected.columns[1]!.type, detected.columns[1]!.evidence]).toEqual([
      "string",
      "string: demoted: 1 of 13 values is not an amount, e.g. line 14 'twelve'; 0 null; sample: the whole file, up to 10,000 rows",
    ]);
    const inferred = await readFile(open, "amounts.csv", detected, { sourceId: "file-1", policy: "strict" });
    expect([inferred.errorCount, inferred.table.rowCount]).toEqual([0, 13]);

    const confirmed = await profileFile(open, "amounts.csv", { columns: { amount: { type: "amount" } } });
    expect([confirmed.columns[1]!.type, confirmed.columns[1]!.confirmed, confirmed.columns[1]!.fit, confirmed.columns[1]!.misfits]).toEqual(["amount", true, 12, ["twelve"]]);
    const failure = await readFile(open, "amounts.csv", confirmed, { sourceId: "file-1", policy: "strict" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IngestFileError);
    expect((failure as IngestFileError).errors).toEqual([
      { file: "amounts.csv", line: 14, column: 2, field: "amount", value: "twelve", message: 'amount: "twelve" not an amount (expected amount)' },
    ]);
  });
});
