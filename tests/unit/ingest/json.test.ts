import { describe, expect, it } from "vitest";
import { profileFile, readFile } from "~/core/ingest";
import { bytesSource, utf8 } from "./support";

async function read(text: string, fileName: string) {
  const open = bytesSource(utf8(text), 5);
  const profile = await profileFile(open, fileName);
  return { profile, result: await readFile(open, fileName, profile, { sourceId: "file-1", policy: "lenient" }) };
}

describe("JSON and NDJSON", () => {
  it("reads a JSON array with the union of keys as columns and element positions as lines", async () => {
    const text = '[\n  {"id": 1, "amount": 12.10, "meta": {"tags": ["a", "b"]}},\n  {"id": 12345678901234567890, "name": "Zoë", "amount": null}\n]\n';
    const { profile, result } = await read(text, "payouts.json");
    expect([profile.format, profile.headerRow]).toEqual(["json", 0]);
    expect(result.table.columns).toEqual(["id", "amount", "meta", "name"]);
    // Numbers keep their written digits: 12.10 stays "12.10", a 20-digit id is not rounded.
    expect(result.table.cells).toEqual([
      ["1", "12345678901234567890"],
      ["12.10", null],
      ['{"tags":["a","b"]}', null],
      [null, "Zoë"],
    ]);
    expect([...result.table.provenance.line]).toEqual([1, 2]);
  });

  it("stops NDJSON and JSON arrays after maxRows records", async () => {
    const ndjson = Array.from({ length: 50 }, (_, i) => `{"id": ${i}}`).join("\n") + "\n";
    const array = `[${Array.from({ length: 50 }, (_, i) => `{"id": ${i}}`).join(",\n")}]`;
    for (const [text, fileName] of [
      [ndjson, "events.ndjson"],
      [array, "events.json"],
    ] as const) {
      const open = bytesSource(utf8(text), 5);
      const profile = await profileFile(open, fileName);
      const result = await readFile(open, fileName, profile, { sourceId: "file-1", policy: "strict", maxRows: 2 });
      expect(result.table.cells).toEqual([["0", "1"]]);
      expect(result.truncated).toBe(true);
    }
  });

  it("reads NDJSON by physical line and rejects a line that is not an object", async () => {
    const text = '{"id": "a", "paid": true}\n\n{"id": "b", "paid": false}\n[1, 2]\n{"id": "c"}\n';
    const { profile, result } = await read(text, "events.ndjson");
    expect(profile.format).toBe("ndjson");
    expect(profile.columns.map((c) => [c.name, c.type])).toEqual([
      ["id", "string"],
      ["paid", "boolean"],
    ]);
    expect(result.table.cells).toEqual([
      ["a", "b", "c"],
      ["true", "false", null],
    ]);
    expect([...result.table.provenance.line]).toEqual([1, 3, 5]);
    expect(result.errors).toEqual([{ file: "events.ndjson", line: 4, message: "the line is not a JSON object" }]);
  });
});
