import { isUtf8 } from "node:buffer";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteDictionary, fnv1aBytes } from "~/core/engine/match/byte-dictionary";
import { fnv1a, NO_KEY, StringDictionary } from "~/core/engine/match/keys";
import { isByteTextChain, transformByteColumn, type ByteTextOp } from "~/core/engine/normalize/byte-transforms";
import { ByteTextColumn, ByteTextWriter } from "~/core/values/text-column";

/**
 * Properties of the byte text paths of issue #21 against the string
 * semantics they replace: transforms against the string chain of
 * transforms.ts, ByteDictionary against StringDictionary, and
 * ByteTextColumn/ByteTextWriter against plain strings and
 * Buffer#toString("utf8").
 */

// ---- Arbitraries -----------------------------------------------------------

/** Any ASCII character, weighted towards what trim and case care about (incl. U+001C–U+001F, which trim keeps). */
const asciiChar = fc.oneof(
  fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code)),
  fc.constantFrom(" ", "\t", "\n", "\v", "\f", "\r", "\x1c", "\x1f", "\0"),
  fc.constantFrom("a", "z", "A", "Z", "m", "M", "0", "9", "5", "@", "[", "`", "{", "-"),
);

/** Characters where the Unicode rules differ from the ASCII ones: Unicode whitespace, odd case mappings, astral letters. */
const trickyChar = fc.constantFrom(
  "\u00a0", "\ufeff", "\u2000", "\u2005", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\u1680",
  "\u180e", "\u0085", "\u200b", // not trimmed by String.prototype.trim
  "İ", "ı", "ß", "ẞ", "Σ", "σ", "ς", "ŉ", "ǅ", "ﬃ", "ΐ", "é", "É", "\u0301", "Ⓐ", "ⓐ", "µ", "ÿ", "K", "Å",
  "𝐀", "𐐀", "𐐨", "😀", "٣", "１", // astral letters with case (Deseret), non-ASCII digits
);

const asciiText = fc.string({ unit: asciiChar, maxLength: 12 });
const mixedText = fc.string({ unit: fc.oneof({ arbitrary: asciiChar, weight: 2 }, { arbitrary: trickyChar, weight: 1 }), maxLength: 10 });
const unicodeText = fc.oneof(fc.string({ unit: "binary", maxLength: 8 }), fc.string({ unit: "grapheme", maxLength: 5 }));
const anyText = fc.oneof(asciiText, mixedText, unicodeText);

function cellsOf(text: fc.Arbitrary<string>): fc.Arbitrary<Array<string | null>> {
  return fc.array(fc.oneof({ arbitrary: text, weight: 6 }, { arbitrary: fc.constant(null), weight: 1 }, { arbitrary: fc.constant(""), weight: 1 }), {
    maxLength: 30,
  });
}

const opChain = fc.array(fc.constantFrom<ByteTextOp>("trim", "upper", "lower", "digitsOnly"), { maxLength: 4 });

// ---- Reference semantics -----------------------------------------------------

/** transforms.ts's steps on a cell as column.get gives it, then asStoredText's "" → null. */
function stringChain(cell: string | null, ops: readonly ByteTextOp[]): string | null {
  if (cell === null || cell === "") return null;
  let value = cell;
  for (const op of ops) {
    if (op === "trim") value = value.trim();
    else if (op === "upper") value = value.toUpperCase();
    else if (op === "lower") value = value.toLowerCase();
    else value = value.replace(/[^0-9]+/g, "");
  }
  return value === "" ? null : value;
}

function hasOnlyAsciiBytes(column: ByteTextColumn): boolean {
  return column.bytes.every((byte) => byte <= 0x7f);
}

function cellBytes(column: ByteTextColumn, row: number): number[] {
  return Array.from(column.bytes.subarray(column.startOf(row), column.ends[row]));
}

const RUNS = { numRuns: 400 };

// ---- Transforms ----------------------------------------------------------------

describe("transformByteColumn gives the string chain's results", () => {
  function checkChain(cells: Array<string | null>, ops: ByteTextOp[]): void {
    const column = ByteTextColumn.fromStrings(cells);
    const result = transformByteColumn(column, ops);
    const expected = cells.map((cell) => stringChain(cell, ops));
    expect(result.toArray()).toEqual(expected);
    // Byte for byte the canonical encoding, and `ascii` exactly right.
    const canonical = ByteTextColumn.fromStrings(expected);
    expect(Array.from(result.ends)).toEqual(Array.from(canonical.ends));
    expect(Array.from(result.bytes)).toEqual(Array.from(canonical.bytes));
    expect(result.ascii).toBe(hasOnlyAsciiBytes(result));
  }

  it("on ASCII columns", () => {
    fc.assert(fc.property(cellsOf(asciiText), opChain, checkChain), RUNS);
  });

  it("on columns mixing ASCII with Unicode whitespace, ß, İ, ı, Σ and astral letters", () => {
    fc.assert(fc.property(cellsOf(mixedText), opChain, checkChain), RUNS);
  });

  it("on any Unicode text", () => {
    fc.assert(fc.property(cellsOf(anyText), opChain, checkChain), RUNS);
  });

  it("keeps the source column as it was", () => {
    fc.assert(
      fc.property(cellsOf(anyText), opChain, (cells, ops) => {
        const column = ByteTextColumn.fromStrings(cells);
        const before = Array.from(column.bytes);
        transformByteColumn(column, ops);
        expect(Array.from(column.bytes)).toEqual(before);
      }),
      { numRuns: 100 },
    );
  });

  it("isByteTextChain accepts exactly chains of trim, upper, lower and digitsOnly", () => {
    expect(isByteTextChain([])).toBe(true);
    expect(isByteTextChain(["trim", "upper", "lower", "digitsOnly"])).toBe(true);
    expect(isByteTextChain(["trim", "pad"])).toBe(false);
    expect(isByteTextChain(["regexReplace"])).toBe(false);
  });
});

// ---- ByteDictionary ------------------------------------------------------------

// size "max": fast-check's default size keeps arrays near ten items, too few distinct values to make the tables grow.
const picks = fc.array(fc.nat({ max: 1000 }), { maxLength: 120, size: "max" });

/** Columns drawn from a small pool of values (null and "" among them), so values repeat a lot, and rows listed in any order. */
const dictionaryCase = fc
  .tuple(fc.array(anyText, { minLength: 1, maxLength: 40, size: "max" }), picks, picks, picks)
  .map(([pool, sourcePicks, targetPicks, rowPicks]) => {
    const pick = (n: number): string | null => (n % (pool.length + 1) === pool.length ? null : pool[n % (pool.length + 1)]!);
    const source = sourcePicks.map(pick);
    const target = targetPicks.map(pick);
    // Some rows picked at random (repeats allowed), then every row from the last to the first.
    const targetRows = target.length === 0 ? [] : [...rowPicks.map((n) => n % target.length), ...Array.from(target.keys()).reverse()];
    return { source, target, targetRows: Int32Array.from(targetRows) };
  });

describe("ByteDictionary matches StringDictionary", () => {
  it("intern the source with idsOf, look the target up with idsOf: the same ids row by row", () => {
    fc.assert(
      fc.property(dictionaryCase, ({ source, target, targetRows }) => {
        const sourceColumn = ByteTextColumn.fromStrings(source);
        const targetColumn = ByteTextColumn.fromStrings(target);
        // Tiny expected sizes, so both tables grow while interning.
        const bytes = new ByteDictionary(1);
        const strings = new StringDictionary(1);
        const sourceRows = Int32Array.from(source.keys());

        const byteSourceIds = new Int32Array(source.length).fill(-7);
        const stringSourceIds = new Int32Array(source.length).fill(-7);
        bytes.idsOf(sourceColumn, sourceRows, byteSourceIds, true);
        strings.idsOf(source, sourceRows, stringSourceIds, true);
        expect(Array.from(byteSourceIds)).toEqual(Array.from(stringSourceIds));
        expect(bytes.size).toBe(strings.size);

        const byteTargetIds = new Int32Array(target.length).fill(-7);
        const stringTargetIds = new Int32Array(target.length).fill(-7);
        bytes.idsOf(targetColumn, targetRows, byteTargetIds, false);
        strings.idsOf(target, targetRows, stringTargetIds, false);
        expect(Array.from(byteTargetIds)).toEqual(Array.from(stringTargetIds));
        expect(bytes.size).toBe(strings.size);
      }),
      RUNS,
    );
  });

  it("intern and lookup one row at a time, keys coming from both columns", () => {
    fc.assert(
      fc.property(dictionaryCase, ({ source, target }) => {
        const sourceColumn = ByteTextColumn.fromStrings(source);
        const targetColumn = ByteTextColumn.fromStrings(target);
        const bytes = new ByteDictionary(2);
        const strings = new StringDictionary(2);
        for (let row = 0; row < target.length; row++) expect(bytes.lookup(targetColumn, row)).toBe(strings.lookup(target[row]!));
        for (let row = 0; row < source.length; row++) expect(bytes.intern(sourceColumn, row)).toBe(strings.intern(source[row]!));
        for (let row = 0; row < target.length; row++) expect(bytes.intern(targetColumn, row)).toBe(strings.intern(target[row]!));
        for (let row = 0; row < source.length; row++) expect(bytes.lookup(sourceColumn, row)).toBe(strings.lookup(source[row]!));
        expect(bytes.size).toBe(strings.size);
      }),
      RUNS,
    );
  });

  it("tells apart values whose FNV-1a hashes collide", () => {
    // Known 32-bit FNV-1a collisions: equal hashes, different bytes.
    const pairs = [
      ["costarring", "liquid"],
      ["declinate", "macallums"],
      ["altarage", "zinke"],
    ] as const;
    const cells = pairs.flat();
    const column = ByteTextColumn.fromStrings(cells);
    for (let row = 0; row < cells.length; row += 2) expect(fnv1aBytes(column.bytes, column.startOf(row), column.ends[row]!)).toBe(fnv1aBytes(column.bytes, column.startOf(row + 1), column.ends[row + 1]!));
    const dictionary = new ByteDictionary();
    const ids = cells.map((_, row) => dictionary.intern(column, row));
    expect(ids).toEqual([0, 1, 2, 3, 4, 5]);
    const other = ByteTextColumn.fromStrings(["liquid", "costarring", "zinke", "altarage!"]);
    expect([0, 1, 2, 3].map((row) => dictionary.lookup(other, row))).toEqual([1, 0, 5, NO_KEY]);
  });

  it("fnv1aBytes equals fnv1a on ASCII text", () => {
    fc.assert(
      fc.property(asciiText, (text) => {
        const bytes = Buffer.from(text, "latin1");
        expect(fnv1aBytes(bytes, 0, bytes.length)).toBe(fnv1a(text));
      }),
      { numRuns: 200 },
    );
  });
});

// ---- ByteTextColumn and ByteTextWriter ---------------------------------------

describe("ByteTextColumn round trips", () => {
  it("fromStrings(cells).toArray() is the cells, with \"\" as null", () => {
    fc.assert(
      fc.property(cellsOf(anyText), (cells) => {
        const column = ByteTextColumn.fromStrings(cells);
        expect(column.toArray()).toEqual(cells.map((cell) => (cell === "" ? null : cell)));
        expect(cells.map((_, row) => column.get(row))).toEqual(column.toArray());
        expect(column.ascii).toBe(hasOnlyAsciiBytes(column));
      }),
      RUNS,
    );
  });

  it("take(rows) is the picked strings", () => {
    fc.assert(
      fc.property(
        cellsOf(anyText).filter((cells) => cells.length > 0),
        fc.array(fc.nat(), { maxLength: 40 }),
        (cells, picks) => {
          const rows = picks.map((n) => n % cells.length);
          const taken = ByteTextColumn.fromStrings(cells).take(rows);
          expect(taken.toArray()).toEqual(rows.map((row) => (cells[row] === "" ? null : cells[row])));
        },
      ),
      RUNS,
    );
  });

  /** Random byte strings, some with valid UTF-8 inside them, some ASCII only. */
  const rawCell = fc.oneof(
    fc.uint8Array({ maxLength: 12 }),
    fc.uint8Array({ max: 0x7f, maxLength: 8 }),
    fc.tuple(fc.uint8Array({ maxLength: 4 }), unicodeText, fc.uint8Array({ maxLength: 4 })).map(([before, text, after]) => Uint8Array.from([...before, ...Buffer.from(text, "utf8"), ...after])),
    fc.constantFrom(Uint8Array.of(0xc3), Uint8Array.of(0xc3, 0xa9), Uint8Array.of(0xed, 0xa0, 0x80), Uint8Array.of(0xf0, 0x9f, 0x98), Uint8Array.of(0xef, 0xbf, 0xbd)),
  );

  it("appendBytes of any bytes decodes as Buffer#toString(\"utf8\"), and equal bytes are equal strings", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(rawCell, fc.boolean()), { maxLength: 20 }), fc.uint8Array({ maxLength: 3 }), (raw, padding) => {
        // One source buffer with the cells at offsets, as a reader's chunk holds them.
        const source = Uint8Array.from([...padding, ...raw.flatMap(([cell]) => [...cell, 0x2c])]);
        const writer = new ByteTextWriter(2, 4);
        let at = padding.length;
        for (const [cell, claimAscii] of raw) {
          const isAscii = cell.every((byte) => byte <= 0x7f);
          // A caller may under-claim ASCII (false for ASCII bytes), never over-claim it.
          writer.appendBytes(source, at, at + cell.length, isAscii && claimAscii);
          at += cell.length + 1;
        }
        const column = writer.finish();
        const expected = raw.map(([cell]) => (cell.length === 0 ? null : Buffer.from(cell).toString("utf8")));
        expect(column.toArray()).toEqual(expected);
        expect(isUtf8(column.bytes)).toBe(true);
        for (let a = 0; a < raw.length; a++)
          for (let b = 0; b < raw.length; b++) {
            const sameBytes = JSON.stringify(cellBytes(column, a)) === JSON.stringify(cellBytes(column, b));
            expect(sameBytes).toBe(expected[a] === expected[b]);
          }
      }),
      RUNS,
    );
  });
});
