import { describe, expect, it } from "vitest";
import { DelimitedParseError, readDelimited, type DelimitedReadOptions } from "../../../app/ingest/delimited/read-delimited";

async function* chunked(text: string | Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Every test runs with whole-input, 1-byte and 7-byte chunks: chunk boundaries must never change the result. */
async function readAllWays(text: string | Uint8Array, options: DelimitedReadOptions) {
  const results = [];
  for (const size of [1 << 20, 1, 7]) results.push(await readDelimited(chunked(text, size), options));
  expect(results[1]).toEqual(results[0]);
  expect(results[2]).toEqual(results[0]);
  return results[0]!;
}

describe("readDelimited", () => {
  it("reads a simple comma file with line numbers", async () => {
    const table = await readAllWays("id,amount\na,1.00\nb,2.50\n", { delimiter: "," });
    expect(table.header).toEqual(["id", "amount"]);
    expect(table.cells).toEqual([
      ["a", "b"],
      ["1.00", "2.50"],
    ]);
    expect([...table.lines]).toEqual([2, 3]);
    expect(table.rowCount).toBe(2);
  });

  it("keeps only the projected columns, in the requested order", async () => {
    const table = await readAllWays("a,b,c,d\n1,2,3,4\n5,6,7,8\n", { delimiter: ",", columns: ["d", "b"] });
    expect(table.columns).toEqual(["d", "b"]);
    expect(table.cells).toEqual([
      ["4", "8"],
      ["2", "6"],
    ]);
  });

  it("handles RFC 4180 quoting: delimiters, doubled quotes and line breaks inside quotes", async () => {
    const text = 'name,memo,amount\r\n"Smith, J","said ""hi""\r\nthen left",10\r\nplain,"",20\r\n';
    const table = await readAllWays(text, { delimiter: "," });
    expect(table.cells).toEqual([
      ["Smith, J", "plain"],
      ['said "hi"\r\nthen left', null],
      ["10", "20"],
    ]);
    // The second record starts on physical line 4: the first spans lines 2 and 3.
    expect([...table.lines]).toEqual([2, 4]);
  });

  it("trims CR of CRLF files and accepts a last line without a terminator", async () => {
    const table = await readAllWays("a;b\r\n1;2\r\n3;4", { delimiter: ";" });
    expect(table.cells).toEqual([
      ["1", "3"],
      ["2", "4"],
    ]);
  });

  it("reads classic-Mac files whose lines end in a lone CR", async () => {
    const table = await readAllWays("a|b\r1|2\r3|4\r", { delimiter: "|" });
    expect(table.cells).toEqual([
      ["1", "3"],
      ["2", "4"],
    ]);
    expect([...table.lines]).toEqual([2, 3]);
  });

  it("drops a UTF-8 byte order mark and decodes non-ASCII text split across chunks", async () => {
    const table = await readAllWays("\uFEFFname\tcity\nZoë García\tMünchen\nJosé\t東京\n", { delimiter: "\t" });
    expect(table.header).toEqual(["name", "city"]);
    expect(table.cells).toEqual([
      ["Zoë García", "José"],
      ["München", "東京"],
    ]);
  });

  it("skips preamble records before the header and counts blank lines", async () => {
    const text = "Account statement\nPeriod: March\n\nDate,Amount\n03/04/2026,12.00\n\n05/04/2026,7.00\n";
    const table = await readAllWays(text, { delimiter: ",", skipRecords: 2 });
    expect(table.header).toEqual(["Date", "Amount"]);
    expect(table.cells[0]).toEqual(["03/04/2026", "05/04/2026"]);
    expect([...table.lines]).toEqual([5, 7]);
    expect(table.blankLines).toBe(2);
  });

  it("reports records whose field count differs from the header, and pads short ones", async () => {
    const table = await readAllWays("a,b,c\n1,2,3\nTotal,9\n4,5,6,7\n", { delimiter: "," });
    expect(table.raggedCount).toBe(2);
    expect(table.raggedLines).toEqual([3, 4]);
    expect(table.cells[2]).toEqual(["3", null, "6"]);
  });

  it("names the file, line and column of a quote that is never closed", async () => {
    const error = await readDelimited(chunked('a,b\n1,2\n3,"unfinished\nmore\n', 5), { delimiter: ",", fileName: "bank.csv" }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DelimitedParseError);
    expect(error).toMatchObject({ file: "bank.csv", line: 3, column: 3 });
    expect((error as Error).message).toBe("bank.csv: line 3, column 3: a quoted field is never closed");
  });

  it("names a projected column that is not in the header", async () => {
    await expect(readDelimited(chunked("a,b\n1,2\n", 64), { delimiter: ",", columns: ["c"], fileName: "x.csv" })).rejects.toThrow(
      "x.csv: line 1, column 1: column 'c' is not in the header",
    );
  });

  it("reads quoted headers", async () => {
    const table = await readAllWays('"Order, ID","Total"\n"#1",5\n', { delimiter: "," });
    expect(table.header).toEqual(["Order, ID", "Total"]);
    expect(table.cells).toEqual([["#1"], ["5"]]);
  });

  it("reads many rows with the same result whatever the chunking", async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},"n${i}, x",${(i * 1.5).toFixed(2)},Zoë`);
    const text = "id,name,amount,who\n" + rows.join("\n") + "\n";
    const table = await readAllWays(text, { delimiter: ",", columns: ["amount", "name"] });
    expect(table.rowCount).toBe(5000);
    expect(table.cells[0]![4999]).toBe("7498.50");
    expect(table.cells[1]![123]).toBe("n123, x");
    expect(table.lines[4999]).toBe(5001);
  });
});

describe("DelimitedReader batches", () => {
  it("hands over rows in batches that add up to the whole file", async () => {
    const { DelimitedReader } = await import("../../../app/ingest/delimited/read-delimited");
    const text = "id,v\n" + Array.from({ length: 1000 }, (_, i) => `${i},${i * 2}`).join("\n") + "\n";
    const reader = new DelimitedReader({ delimiter: ",", columns: ["v"] });
    const seen: string[] = [];
    const lines: number[] = [];
    for await (const chunk of chunked(text, 97)) {
      reader.push(chunk);
      const batch = reader.takeBatch();
      seen.push(...(batch.cells[0] as string[]));
      lines.push(...batch.lines);
    }
    const rest = reader.finish();
    seen.push(...(rest.cells[0] as string[]));
    lines.push(...rest.lines);
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => String(i * 2)));
    expect(lines).toEqual(Array.from({ length: 1000 }, (_, i) => i + 2));
  });
});

describe("readDelimitedFileInThread", () => {
  it("gives the same table as reading on this thread, and passes located errors back", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const { readDelimitedFileInThread } = await import("../../../app/ingest/delimited/read-in-thread");
    const dir = mkdtempSync(path.join(tmpdir(), "reader-thread-"));
    const good = path.join(dir, "good.csv");
    writeFileSync(good, 'id,name\n1,"Zoë, A"\n2,B\n');
    const inThread = await readDelimitedFileInThread(good, { delimiter: ",", fileName: "good.csv" });
    expect(inThread).toEqual(await readDelimited(chunked('id,name\n1,"Zoë, A"\n2,B\n', 64), { delimiter: ",", fileName: "good.csv" }));

    const bad = path.join(dir, "bad.csv");
    writeFileSync(bad, 'id,name\n1,"open\n');
    await expect(readDelimitedFileInThread(bad, { delimiter: ",", fileName: "bad.csv" })).rejects.toMatchObject({
      message: "bad.csv: line 2, column 3: a quoted field is never closed",
      line: 2,
      column: 3,
    });
  });
});
