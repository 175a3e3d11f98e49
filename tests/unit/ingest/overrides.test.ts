import { describe, expect, it } from "vitest";
import { normalizeCell, profileFile, readFile, type DateProfile } from "~/core/ingest";
import { bytes, bytesSource, typeOf, utf8 } from "./support";

describe("overrides", () => {
  it("re-profiles with the header row, delimiter, column type and date order a user set", async () => {
    const open = bytesSource(utf8("Exported by: Bank|2026\nref|booked|amount\n00123|01/04/2026|5\n00456|02/04/2026|7\n"));
    const detected = await profileFile(open, "export.txt");
    expect(detected.columns[1]!.ambiguous).toBe(true);

    const corrected = await profileFile(open, "export.txt", {
      delimiter: "|",
      headerRow: 2,
      locale: "en-GB",
      columns: { booked: { date: { pattern: "dd/MM/yyyy", order: "DMY" } }, amount: { type: "amount" } },
    });
    expect([corrected.delimiter, corrected.delimiterEvidence, corrected.headerRow, corrected.headerEvidence]).toEqual([
      "|",
      "set by override",
      2,
      "line 2: set by override",
    ]);
    expect(corrected.columns.map(typeOf)).toEqual([
      { name: "ref", type: "string", fit: 2, total: 2, nullCount: 0, misfits: [] },
      { name: "booked", type: "date", fit: 2, total: 2, nullCount: 0, misfits: [], date: { pattern: "dd/MM/yyyy", order: "DMY" } },
      { name: "amount", type: "amount", fit: 2, total: 2, nullCount: 0, misfits: [], amount: { decimalSeparator: ".", thousandsSeparator: "", negative: "minus" } },
    ]);
    expect(normalizeCell("02/04/2026", corrected.columns[1]!).value).toBe("2026-04-02");
    expect(normalizeCell("7", corrected.columns[2]!, "USD").value).toBe(700);

    const result = await readFile(open, "export.txt", corrected, { sourceId: "file-1", policy: "strict" });
    expect(result.table.cells[0]).toEqual(["00123", "00456"]);
    expect([...result.table.provenance.line]).toEqual([3, 4]);
  });

  it("swaps day and month when an override only gives the order", async () => {
    const open = bytesSource(utf8("booked\n01/04/2026\n02/04/2026\n"));
    const profile = await profileFile(open, "dates.csv", { columns: { booked: { date: { order: "DMY" } as DateProfile } } });
    expect([profile.columns[0]!.date, profile.columns[0]!.ambiguous]).toEqual([{ pattern: "dd/MM/yyyy", order: "DMY" }, undefined]);
  });

  it("reads the file in the encoding an override names", async () => {
    // Valid as UTF-8 by accident ("Ã©" is é's UTF-8 bytes), but the user knows the file is Windows-1252.
    const open = bytesSource(bytes("name\nJos\xc3\xa9\n"));
    expect((await profileFile(open, "names.csv")).encoding).toBe("utf-8");
    const profile = await profileFile(open, "names.csv", { encoding: "cp1252" });
    expect([profile.encoding, profile.encodingEvidence]).toEqual(["windows-1252", "windows-1252: set by override"]);
    const result = await readFile(open, "names.csv", profile, { sourceId: "file-1", policy: "strict" });
    expect(result.table.cells).toEqual([["JosÃ©"]]);
  });

  it("warns about an override for a column the file does not have", async () => {
    const profile = await profileFile(bytesSource(utf8("a,b\n1,2\n")), "ab.csv", { columns: { c: { type: "integer" } } });
    expect(profile.warnings).toEqual(['the override for column "c" matches no column']);
  });
});
