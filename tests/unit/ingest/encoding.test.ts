import { describe, expect, it } from "vitest";
import { IngestFileError, profileFile, readFile } from "~/core/ingest";
import { bytes, bytesSource, utf8 } from "./support";

async function profileAndRead(fileBytes: Uint8Array, fileName: string, policy: "strict" | "lenient" = "strict", overrides = {}) {
  const open = bytesSource(fileBytes);
  const profile = await profileFile(open, fileName, overrides);
  const result = await readFile(open, fileName, profile, { sourceId: "file-1", policy });
  return { profile, result };
}

describe("encodings", () => {
  it("detects Windows-1252 from the euro sign and transcodes umlauts and € to UTF-8", async () => {
    // 0x80 is € only in Windows-1252; 0xFC is ü and 0xF6 is ö in both 1252 and 8859-1.
    const file = bytes("Ort;Betrag\nM\xfcnchen;\x80 12,50\nK\xf6ln;\x80 3,00\n");
    const { profile, result } = await profileAndRead(file, "umsatz.csv");
    expect(profile.encoding).toBe("windows-1252");
    expect(profile.encodingEvidence).toBe(
      'windows-1252: not UTF-8 (byte 0xFC at line 2, column 2 is not valid UTF-8); bytes 0x80–0x9F are Windows-1252 text: 0x80 "€" ×2',
    );
    expect(result.table.cells).toEqual([
      ["München", "Köln"],
      ["€ 12,50", "€ 3,00"],
    ]);
  });

  it("falls back to ISO-8859-1 when no byte in 0x80–0x9F is used", async () => {
    const { profile, result } = await profileAndRead(bytes("name\nJos\xe9\n"), "names.csv");
    expect(profile.encoding).toBe("iso-8859-1");
    expect(profile.encodingEvidence).toBe(
      "iso-8859-1: not UTF-8 (byte 0xE9 at line 2, column 4 is not valid UTF-8); no Windows-1252 characters in 0x80–0x9F",
    );
    expect(result.table.cells).toEqual([["José"]]);
  });

  it("reads a UTF-16LE file with a byte order mark", async () => {
    const file = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("id,name\n1,Zoë\n2,東京\n", "utf16le")]);
    const { profile, result } = await profileAndRead(file, "export.csv");
    expect([profile.encoding, profile.encodingEvidence]).toEqual(["utf-16le", "utf-16le: byte order mark FF FE"]);
    expect(result.table.cells).toEqual([
      ["1", "2"],
      ["Zoë", "東京"],
    ]);
  });

  it("reads a UTF-16BE file with a byte order mark", async () => {
    const file = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from("id,name\n1,Zoë\n", "utf16le").swap16()]);
    const { profile, result } = await profileAndRead(file, "export.csv");
    expect([profile.encoding, profile.encodingEvidence]).toEqual(["utf-16be", "utf-16be: byte order mark FE FF"]);
    expect(result.table.cells).toEqual([["1"], ["Zoë"]]);
  });

  it("detects UTF-16LE without a byte order mark from its NUL bytes", async () => {
    const { profile, result } = await profileAndRead(Buffer.from("id,name\n1,Zoë\n", "utf16le"), "export.csv");
    expect([profile.encoding, profile.encodingEvidence]).toEqual([
      "utf-16le",
      "utf-16le: no BOM; 100% of the first 14 byte pairs end in NUL (ASCII as UTF-16LE)",
    ]);
    expect(result.table.cells).toEqual([["1"], ["Zoë"]]);
  });

  it("locates invalid UTF-8 beyond the sample of a file detected as UTF-8 and fails a strict read", async () => {
    let text = "id,name\n";
    for (let id = 1; text.length <= 1.1 * 1024 * 1024; id++) text += `${id},customer ${id}\n`;
    const badLine = text.split("\n").length;
    // "Grüße" in Windows-1252 bytes, after the 1 MB sample that made the profile say UTF-8.
    const file = Buffer.concat([Buffer.from(text), bytes("999999,Gr\xfc\xdfe\n")]);
    const open = bytesSource(file, 65_536);
    const profile = await profileFile(open, "customers.csv");
    expect(profile.encodingEvidence).toBe("utf-8: the first 1 MB is plain ASCII");
    const failure = await readFile(open, "customers.csv", profile, { sourceId: "file-1", policy: "strict" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IngestFileError);
    expect((failure as IngestFileError).errors).toEqual([
      { file: "customers.csv", line: badLine, column: 10, message: "byte 0xFC is not valid UTF-8 (the file is read as utf-8)" },
    ]);
  });

  it("drops the row holding invalid UTF-8 under the lenient policy when UTF-8 is declared", async () => {
    const file = bytes("id,name\n1,ok\n2,caf\xe9\n3,fine\n");
    const { profile, result } = await profileAndRead(file, "names.csv", "lenient", { encoding: "UTF8" });
    expect(profile.encoding).toBe("utf-8");
    expect(profile.warnings).toEqual(["invalid UTF-8 byte 0xE9 at line 3, column 6: reading will report it"]);
    expect(result.table.cells).toEqual([
      ["1", "3"],
      ["ok", "fine"],
    ]);
    expect(result.rejectedLines).toEqual([3]);
    expect(result.errors).toEqual([{ file: "names.csv", line: 3, column: 6, message: "byte 0xE9 is not valid UTF-8 (the file is read as utf-8)" }]);
  });

  it("strips a UTF-8 byte order mark from the first header name", async () => {
    const { profile, result } = await profileAndRead(utf8("\uFEFFid,name\n1,x\n"), "bom.csv");
    expect([profile.encoding, profile.encodingEvidence]).toEqual(["utf-8", "utf-8: byte order mark EF BB BF"]);
    expect(result.table.columns).toEqual(["id", "name"]);
  });
});
