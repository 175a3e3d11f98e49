import { describe, expect, it } from "vitest";
import { compileAmountParser, compileDayParser, daysFromCivil, DEFAULT_AMOUNT_FORMAT } from "~/core/engine/normalize";
import { compileNumberColumns } from "~/core/ingest/delimited/number-columns";
import { DelimitedParseError, DelimitedReader, readDelimited, type DelimitedReadOptions } from "~/core/ingest/delimited/read-delimited";

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

  it("reads a value repeated on later rows as the same text, blanks and other values between, and never takes other bytes for it", async () => {
    // "é" as UTF-8 (c3 a9), then a lone e9 byte (invalid UTF-8, decoded as U+FFFD) whose latin1 view is also "é".
    const utf8 = new TextEncoder();
    const bytes = new Uint8Array([
      ...utf8.encode("order,email,who\n#1001,ann.lee@example.com,"),
      0xc3, 0xa9,
      ...utf8.encode("\n#1001,ann.lee@example.com,\n#1001,ann.lee@example.com,"),
      0xe9,
      ...utf8.encode('\n#1002,"ann.lee@example.com",x\n#1002,ann.lee@example.co,x\n#10021,bob@example.com,x\n'),
    ]);
    const table = await readAllWays(bytes, { delimiter: "," });
    expect(table.cells).toEqual([
      ["#1001", "#1001", "#1001", "#1002", "#1002", "#10021"],
      ["ann.lee@example.com", "ann.lee@example.com", "ann.lee@example.com", "ann.lee@example.com", "ann.lee@example.co", "bob@example.com"],
      ["é", null, "\ufffd", "x", "x", "x"],
    ]);
  });
});

describe("DelimitedReader batches", () => {
  it("hands over rows in batches that add up to the whole file", async () => {
    const { DelimitedReader } = await import("~/core/ingest/delimited/read-delimited");
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

describe("readDelimited large chunks", () => {
  it("reads a chunk far larger than its parse window as it reads small chunks: long and multi-line quoted records, non-ASCII, maxRows", async () => {
    const lines = ["id,note,amount"];
    for (let i = 0; i < 6000; i++) {
      if (i % 997 === 0) lines.push(`${i},"spans\nlines, with ""quotes""",${i}.50`);
      else if (i === 2500) lines.push(`${i},"${"x".repeat(200_000)}\n${"y".repeat(10)}",1`);
      else lines.push(`${i},Zoë ${"n".repeat(i % 40)},${i}.00`);
    }
    const text = lines.join("\n") + "\n";
    expect(text.length).toBeGreaterThan(4 * 65536);
    for (const options of [{ delimiter: "," }, { delimiter: ",", maxRows: 4321 }]) {
      const whole = await readDelimited(chunked(text, 1 << 22), options);
      expect(whole).toEqual(await readDelimited(chunked(text, 4093), options));
      expect(whole.rowCount).toBe(options.maxRows ?? 6000);
    }
  });
});

describe("readDelimitedFileInThread", () => {
  it("gives the same table as reading on this thread, and passes located errors back", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const { readDelimitedFileInThread } = await import("~/platform/threads/read-delimited-in-thread.server");
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

describe("readDelimited number columns", () => {
  const numberColumns = () =>
    compileNumberColumns({
      amount: { kind: "amount", format: DEFAULT_AMOUNT_FORMAT },
      paid: { kind: "day", format: "yyyy-MM-dd HH:mm:ss xx", timeZone: "UTC" },
    });

  it("parses amounts and dates in place, exactly as the engine's parsers do, and keeps the text of cells that fail", async () => {
    const text =
      "id,amount,paid\n" +
      "a,12.34,2026-01-15 22:30:00 -0500\n" + // 03:30 UTC the next day
      'b,"-0.29",2026-02-28 00:00:00 +0100\n' + // quoted: the careful path
      "c,,\n" + // blank: NaN, not a failure
      "d,1.234,2026-02-30 10:00:00 +0000\n" + // three decimals; a day that does not exist
      "é,  7 ,2026-03-01 00:00:00 Z\n" + // a non-ASCII row: decoded, then parsed
      "e,5\n"; // short row: padded with NaN
    const table = await readAllWays(text, { delimiter: ",", columns: ["id"], numberColumns: numberColumns() });
    const parseAmount = compileAmountParser(DEFAULT_AMOUNT_FORMAT);
    const parseDay = compileDayParser("yyyy-MM-dd HH:mm:ss xx", "UTC") as (text: string) => unknown;
    expect(table.columns).toEqual(["id"]);
    expect(table.cells).toEqual([["a", "b", "c", "d", "é", "e"]]);
    expect(table.numberColumns).toEqual(["amount", "paid"]);
    expect([...table.numbers[0]!]).toEqual([parseAmount("12.34"), parseAmount("-0.29"), Number.NaN, Number.NaN, parseAmount("  7 "), 500]);
    expect([...table.numbers[0]!].slice(0, 2)).toEqual([1234, -29]);
    expect([...table.numbers[1]!]).toEqual([
      parseDay("2026-01-15 22:30:00 -0500"),
      parseDay("2026-02-28 00:00:00 +0100"),
      Number.NaN,
      Number.NaN,
      parseDay("2026-03-01 00:00:00 Z"),
      Number.NaN,
    ]);
    expect(table.numbers[1]![0]).toBe(daysFromCivil(2026, 1, 16));
    expect([...table.numberFailures[0]!]).toEqual([[3, "1.234"]]);
    expect([...table.numberFailures[1]!]).toEqual([[3, "2026-02-30 10:00:00 +0000"]]);
  });

  it("hands number columns over batch by batch, with failures numbered within their batch", async () => {
    const reader = new DelimitedReader({ delimiter: ",", columns: [], numberColumns: numberColumns() });
    reader.push(new TextEncoder().encode("amount,paid\n1.00,x\n2.00,2026-01-01 00:00:00 +0000\n"));
    const first = reader.takeBatch();
    reader.push(new TextEncoder().encode("oops,2026-01-02 00:00:00 +0000\n"));
    const rest = reader.finish();
    expect([...first.numbers[0]!]).toEqual([100, 200]);
    expect([...first.numberFailures[1]!]).toEqual([[0, "x"]]);
    expect([...rest.numbers[0]!]).toEqual([Number.NaN]);
    expect([...rest.numbers[1]!]).toEqual([daysFromCivil(2026, 1, 2)]);
    expect([...rest.numberFailures[0]!]).toEqual([[0, "oops"]]);
  });

  it("refuses a column asked for both as text and as a number", async () => {
    await expect(readDelimited(chunked("amount,paid\n1,2\n", 64), { delimiter: ",", columns: ["amount"], numberColumns: numberColumns() })).rejects.toThrow(
      "column 'amount' is asked for both as text and as a number",
    );
  });
});

describe("readDelimited maxRows", () => {
  it("stops after maxRows rows, says the read was truncated, and stops pulling chunks", async () => {
    let pulled = 0;
    async function* counted() {
      for await (const chunk of chunked("n\n" + Array.from({ length: 1000 }, (_, i) => `${i}\n`).join(""), 16)) {
        pulled++;
        yield chunk;
      }
    }
    const table = await readDelimited(counted(), { delimiter: ",", maxRows: 3 });
    expect(table.cells).toEqual([["0", "1", "2"]]);
    expect([...table.lines]).toEqual([2, 3, 4]);
    expect(table.truncated).toBe(true);
    expect(pulled).toBeLessThan(5);
  });

  it("is not truncated when the file has no more rows than the limit", async () => {
    const table = await readAllWays('n\n"1"\n2\n', { delimiter: ",", maxRows: 2 });
    expect(table.cells).toEqual([["1", "2"]]);
    expect(table.truncated).toBe(false);
  });
});

describe("text columns read as bytes (textAsBytes)", () => {
  /** Reads with textAsBytes, then unpacks the columns as the receiving thread does. */
  async function readAsBytes(text: string, options: DelimitedReadOptions, size: number) {
    const { unpackTextColumn } = await import("~/core/ingest/delimited/packed-columns");
    const reader = new DelimitedReader({ ...options, textAsBytes: true });
    for await (const chunk of chunked(text, size)) reader.push(chunk);
    const table = reader.finish();
    return { ...table, cells: reader.takeByteColumns().map((column) => unpackTextColumn(structuredClone(column))) };
  }

  it("gives the same table as strings would: quotes, line breaks in quotes, non-ASCII, blanks, short rows, repeats, whatever the chunking", async () => {
    const lines = ["id,name,currency,note,amount"];
    const currencies = ["usd", "eur", "usd", "usd", "gbp"];
    for (let i = 0; i < 3000; i++) {
      const name = i % 11 === 0 ? "" : i % 13 === 0 ? `"Zoë ""Z"", Müller"` : i % 17 === 0 ? "€uro Café" : `customer${i % 50}@example.com`;
      const note = i % 7 === 0 ? `"two\nlines"` : i % 5 === 0 ? "" : "same note for many rows";
      if (i % 97 === 0) lines.push(`${i},${name}`); // a short (ragged) row
      else lines.push(`${i},${name},${currencies[i % 5]},${note},${i}.25`);
    }
    const text = lines.join("\n") + "\n";
    const options = { delimiter: ",", columns: ["name", "currency", "note", "id"], numberColumns: compileNumberColumns({ amount: { kind: "amount", format: DEFAULT_AMOUNT_FORMAT } }) };
    const expected = await readDelimited(chunked(text, 1 << 20), options);
    for (const size of [1 << 20, 4093, 7]) expect(await readAsBytes(text, options, size)).toEqual(expected);
  });

  it("shares one string per repeated short value, as the string reader's pools do", async () => {
    const text = "currency\n" + Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? "eur" : "usd")).join("\n") + "\n";
    const table = await readAsBytes(text, { delimiter: "," }, 1 << 20);
    const cells = table.cells[0]!;
    expect(cells[1]).toBe("usd");
    expect(new Set(cells).size).toBe(2);
  });

  it("refuses batches, and column bytes without textAsBytes", () => {
    const reader = new DelimitedReader({ delimiter: ",", textAsBytes: true });
    reader.push(new TextEncoder().encode("a\n1\n"));
    expect(() => reader.takeBatch()).toThrow("batches are not taken from a reader with textAsBytes");
    expect(() => new DelimitedReader({ delimiter: "," }).takeByteColumns()).toThrow("was not created with textAsBytes");
  });
});
