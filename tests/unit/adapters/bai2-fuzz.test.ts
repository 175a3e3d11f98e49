import { describe, expect, it } from "vitest";
import { AdapterError, getAdapter } from "~/core/adapters";
import { randomFile, randomLayout, seededRandom, writeBai2, type Random } from "../../support/bank-statements/bai2";

/**
 * 10,000 mutated BAI2 files (byte flips, truncations, duplicated and deleted
 * lines, inserted delimiters): the reader either reads them or throws an
 * AdapterError whose every error is located; nothing else is thrown and no
 * file hangs the reader. The 2 s budget per file is a hang guard, not a
 * performance assertion.
 */

const FILES = 10_000;
const HANG_GUARD_MS = 2_000;

function mutate(text: string, random: Random): string {
  const lines = text.split("\n");
  switch (random.int(0, 6)) {
    case 0: {
      const bytes = Buffer.from(text, "latin1");
      for (let flips = random.int(1, 4); flips > 0; flips--) bytes[random.int(0, Math.max(0, bytes.length - 1))] = random.int(0, 255);
      return bytes.toString("latin1");
    }
    case 1:
      return text.slice(0, random.int(0, text.length));
    case 2: {
      const at = random.int(0, lines.length - 1);
      lines.splice(at, 0, lines[at]!);
      return lines.join("\n");
    }
    case 3:
      lines.splice(random.int(0, lines.length - 1), 1);
      return lines.join("\n");
    case 4: {
      const at = random.int(0, text.length);
      return text.slice(0, at) + random.pick([",", "/", ",,", "/88,", "\n", "\n88,", ",D,9999999", ",S", ",V,"]) + text.slice(at);
    }
    case 5: {
      const at = random.int(0, text.length);
      return text.slice(0, at) + text.slice(at + random.int(1, 20));
    }
    default:
      return text.replace(/\//g, () => (random.chance(0.3) ? "" : "/"));
  }
}

describe("bai2 fuzz", () => {
  it(`never crashes or hangs on ${FILES} mutated files, and every error it reports is located`, () => {
    const random = seededRandom(17);
    const adapter = getAdapter("bai2")!;
    let read = 0;
    let refused = 0;
    let slowest = 0;
    for (let index = 0; index < FILES; index++) {
      const original = writeBai2(randomFile(random), randomLayout(random)).text;
      const mutated = mutate(original, random);
      const policy = random.chance(0.5) ? "strict" : "lenient";
      const started = performance.now();
      try {
        const table = adapter.read(Buffer.from(mutated, "latin1"), { sourceId: "file_fuzz", fileName: "fuzz.bai", policy });
        read++;
        for (const warning of table.warnings ?? []) expect({ index, located: warning.file === "fuzz.bai" && warning.line >= 1 }).toEqual({ index, located: true });
      } catch (error) {
        if (!(error instanceof AdapterError)) throw new Error(`case ${index}: ${String(error)}\n${mutated}`);
        refused++;
        expect(error.errors.length).toBeGreaterThan(0);
        for (const located of error.errors) expect({ index, located: located.file === "fuzz.bai" && located.line >= 1 }).toEqual({ index, located: true });
      }
      slowest = Math.max(slowest, performance.now() - started);
    }
    expect(slowest).toBeLessThan(HANG_GUARD_MS);
    // Both outcomes happen: the mutations are neither all harmless nor all fatal.
    expect([read > 0, refused > 0]).toEqual([true, true]);
  }, 120_000);
});
