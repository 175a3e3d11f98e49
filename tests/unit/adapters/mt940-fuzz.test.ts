import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { AdapterError, getAdapter } from "~/core/adapters";
import { randomFile, writeMt940 } from "../../support/bank-statements/mt940";
import { mutateBytes } from "../../support/bank-statements/mutate-bytes";
import { Random } from "../../support/bank-statements/random";
import { fixtureBytes } from "./support";

const FILES = 10_000;
/** A hang guard, not a performance assertion: a healthy parse of these small files takes well under a millisecond. */
const HANG_BUDGET_MS = 2_000;
const FIXTURES = ["mt940.sta", "mt940/envelope.sta", "mt940/german.sta", "mt940/ing.sta", "mt940/rabobank.sta", "mt940/abnamro.sta", "mt940/at-separators.sta", "mt942/interim.sta"];
const INSERTS = [":61:", ":62F:", ":60M:", ":20:", ":86:", "{4:", "-}", "{5:", "{1:", "}", "{", "@@", "\r", "\n", "\r\n", ":", "?", "?20", "/", "//", "/REMI/", ",", "-", "\u0001", "\u0003", "\u0000", "\u00ff", "DEM", "300230"];

function mutate(base: Uint8Array, random: Random): Buffer {
  return mutateBytes(base, random, INSERTS, "latin1");
}

describe("mt940/mt942 fuzz", () => {
  it(`reads or refuses with located errors ${FILES} mutated files, none hanging`, () => {
    const random = new Random(20261207);
    const bases = [...FIXTURES.map((file) => fixtureBytes(file)), ...Array.from({ length: 40 }, (_, seed) => Buffer.from(writeMt940(randomFile(new Random(seed + 1000))).text, "latin1"))];
    const adapters = [getAdapter("mt940")!, getAdapter("mt942")!];
    let refused = 0;
    let slowest = 0;
    for (let index = 0; index < FILES; index++) {
      const bytes = mutate(random.pick(bases), random);
      const adapter = random.pick(adapters);
      const policy = random.chance(0.5) ? "strict" : "lenient";
      const started = performance.now();
      try {
        const table = adapter.read(bytes, { sourceId: "file_test", fileName: `fuzz-${index}.sta`, policy });
        expect({ index, consistent: table.cells.every((cells) => cells.length === table.rowCount) }).toEqual({ index, consistent: true });
        for (const warning of table.warnings ?? []) expect({ index, file: warning.file, located: warning.line >= 1 }).toEqual({ index, file: `fuzz-${index}.sta`, located: true });
      } catch (error) {
        if (!(error instanceof AdapterError)) throw new Error(`fuzz case ${index} (${adapter.name}) crashed: ${String(error)}\n${bytes.toString("latin1")}`);
        refused++;
        expect({ index, any: error.errors.length > 0 }).toEqual({ index, any: true });
        for (const located of error.errors) expect({ index, file: located.file, located: located.line >= 1 }).toEqual({ index, file: `fuzz-${index}.sta`, located: true });
      }
      const elapsed = performance.now() - started;
      slowest = Math.max(slowest, elapsed);
      expect({ index, hung: elapsed > HANG_BUDGET_MS }).toEqual({ index, hung: false });
    }
    // The mutations must reach both outcomes, or the fuzzing tests nothing.
    expect(refused).toBeGreaterThan(FILES / 10);
    expect(refused).toBeLessThan(FILES);
    expect(slowest).toBeLessThan(HANG_BUDGET_MS);
  }, 120_000);
});
