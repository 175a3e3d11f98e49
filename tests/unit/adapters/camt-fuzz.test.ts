import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { AdapterError, getAdapter } from "~/core/adapters";
import { randomMessage, writeMessage } from "../../support/bank-statements/camt";
import { Random } from "../../support/bank-statements/random";
import { fixtureText } from "./support";

const FILES = 10_000;
/** A hang guard, not a performance assertion: no single small file may take anywhere near this. */
const HANG_BUDGET_MS = 2_000;
const DELIMITERS = ["<", ">", "</Ntry>", "<Ntry>", "&", '"', "<![CDATA[", "]]>", "<!--", "-->", "<TxDtls>", "</Stmt>", " Ccy=\"XXX\"", "-", ".", "\u0000", "\uFEFF"];

function mutate(text: string, random: Random): string {
  let result = text;
  for (let round = random.int(1, 4); round > 0; round--) {
    const at = random.int(0, Math.max(0, result.length - 1));
    const lines = result.split("\n");
    const line = random.int(0, lines.length - 1);
    switch (random.int(0, 6)) {
      case 0: // flip a character
        result = result.slice(0, at) + String.fromCharCode(random.int(0, 255)) + result.slice(at + 1);
        break;
      case 1: // truncate
        result = result.slice(0, at);
        break;
      case 2: // duplicate a line
        lines.splice(line, 0, lines[line]!);
        result = lines.join("\n");
        break;
      case 3: // delete a line
        lines.splice(line, 1);
        result = lines.join("\n");
        break;
      case 4: // insert a delimiter
        result = result.slice(0, at) + random.pick(DELIMITERS) + result.slice(at);
        break;
      case 5: // change a digit (amounts, counts, dates)
        result = result.replace(/\d/g, (digit, offset: number) => (offset >= at && offset < at + 40 && random.chance(0.5) ? String(random.int(0, 9)) : digit));
        break;
      default: // swap two lines
        if (lines.length > 2) {
          const other = random.int(0, lines.length - 1);
          [lines[line], lines[other]] = [lines[other]!, lines[line]!];
          result = lines.join("\n");
        }
    }
  }
  return result;
}

describe("camt fuzz: mutated files are read or refused with located errors, never a crash or a hang", () => {
  it(`holds for ${FILES} mutated files`, () => {
    const seed = Number(process.env.CAMT_FUZZ_SEED ?? 7122026);
    const random = new Random(seed);
    const corpus: Array<{ adapter: string; text: string }> = [
      { adapter: "camt053", text: fixtureText("camt053.xml") },
      { adapter: "camt053", text: fixtureText("camt/camt053-envelope.v04.xml") },
      { adapter: "camt052", text: fixtureText("camt/camt052-intraday.v13.xml") },
      { adapter: "camt054", text: fixtureText("camt/camt054-batch.v08.xml") },
    ];
    for (let i = 0; i < 12; i++) {
      const message = randomMessage(random);
      corpus.push({ adapter: `camt${message.number}`, text: writeMessage(message) });
    }
    let refused = 0;
    for (let file = 0; file < FILES; file++) {
      const base = random.pick(corpus);
      const bytes = Buffer.from(mutate(base.text, random), "utf8");
      // Byte-level flips too: they break the UTF-8, so the Windows-1252 reading is fuzzed as well.
      if (random.chance(0.2)) for (let flips = random.int(1, 3); flips > 0; flips--) bytes[random.int(0, Math.max(0, bytes.length - 1))] = random.int(0, 255);
      const started = performance.now();
      try {
        const table = getAdapter(base.adapter)!.read(bytes, { sourceId: "file_fuzz", fileName: "fuzz.xml", policy: random.chance(0.5) ? "strict" : "lenient" });
        expect(table.cells.every((cells) => cells.length === table.rowCount)).toBe(true);
      } catch (error) {
        if (!(error instanceof AdapterError)) throw new Error(`seed ${seed}, file ${file}: ${String(error)}\n${bytes.toString("utf8")}`);
        refused++;
        expect(error.errors.length).toBeGreaterThan(0);
        for (const located of error.errors) expect({ seed, file, file_: located.file, line: located.line >= 1 }).toEqual({ seed, file, file_: "fuzz.xml", line: true });
      }
      const elapsed = performance.now() - started;
      if (elapsed > HANG_BUDGET_MS) throw new Error(`seed ${seed}, file ${file} took ${Math.round(elapsed)} ms`);
    }
    // Most mutations break the XML or the arithmetic; a fuzzer that never reaches a refusal tests nothing.
    expect(refused).toBeGreaterThan(FILES / 2);
  }, 120_000);
});
