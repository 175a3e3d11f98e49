import { describe, expect, it } from "vitest";
import { readMt940RecordChunks, readMt940Records } from "~/core/adapters/mt940";
import { randomFile, writeMt940 } from "../../support/bank-statements/mt940";
import { Random } from "../../support/bank-statements/random";

const OPTIONS = { sourceId: "file_test", fileName: "stream.sta" };

/** The text cut into pieces of `size` characters, counting how many the reader has pulled. */
function counted(text: string, size: number): { chunks: Iterable<string>; pulled: () => number; total: number } {
  let pulled = 0;
  function* chunks(): Generator<string> {
    for (let start = 0; start < text.length; start += size) {
      pulled++;
      yield text.slice(start, start + size);
    }
  }
  return {
    chunks: chunks(),
    pulled: () => pulled,
    total: Math.ceil(text.length / size),
  };
}

/** A file of several statements, each with entries, in the given line ends. */
function statementsText(lineEnd: "\n" | "\r\n" | "\r"): string {
  let text = "";
  for (let seed = 1; text.split(/\r\n|\n|\r/).length < 400; seed++) {
    const model = randomFile(new Random(seed));
    model.dialect = {
      envelope: "none",
      header: "none",
      lineEnd,
      trailingBlanks: false,
      atSeparators: false,
    };
    text += writeMt940(model).text;
  }
  return text;
}

describe("mt940 read from text chunks", () => {
  it("yields the first statement's records before the file's last chunk is read", () => {
    const text = statementsText("\n");
    const source = counted(text, 64);
    const { records, errors } = readMt940RecordChunks(source.chunks, OPTIONS);
    const iterator = records[Symbol.iterator]();
    const first = iterator.next();
    expect(first.done).toBe(false);
    // Only the first statement and the next field's chunks were read: the reader holds one statement, not the file.
    expect(source.pulled()).toBeLessThan(source.total / 4);
    while (!iterator.next().done);
    expect(source.pulled()).toBe(source.total);
    expect(errors()).toBe(0);
  });

  it("gives the records of the whole text for any cut, a CRLF split between two chunks included", () => {
    for (const lineEnd of ["\n", "\r\n", "\r"] as const) {
      const text = statementsText(lineEnd);
      const whole = [...readMt940Records(Buffer.from(text, "latin1"), OPTIONS).records];
      for (const size of [1, 2, 3, 7, 64, 4096]) {
        const streamed = readMt940RecordChunks(counted(text, size).chunks, OPTIONS);
        expect([...streamed.records], `${JSON.stringify(lineEnd)} in ${size}-character chunks`).toEqual(whole);
        expect(streamed.errors()).toBe(0);
      }
    }
  });

  it("reports a text without a :20: tag as not an MT940 statement, also when the tag would be cut between chunks", () => {
    const streamed = readMt940RecordChunks(["some text\n", "of no statement\n"], OPTIONS);
    expect([...streamed.records]).toEqual([]);
    expect(streamed.errors()).toBeGreaterThan(0);

    const text = statementsText("\n");
    const cut = text.indexOf(":20:") + 2;
    const split = readMt940RecordChunks([text.slice(0, cut), text.slice(cut)], OPTIONS);
    expect([...split.records].length).toBeGreaterThan(0);
    expect(split.errors()).toBe(0);
  });
});
