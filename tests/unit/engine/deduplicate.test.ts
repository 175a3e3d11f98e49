import { describe, expect, it } from "vitest";
import { findDuplicates } from "~/core/engine/deduplicate";
import { fnv1a } from "~/core/engine/match/keys";
import { NULL_DATE, type CanonicalTable } from "~/core/engine/types";

function table(rows: Array<{ email: string | null; amount: number | null; date: number | null; line: number }>): CanonicalTable {
  return {
    rowCount: rows.length,
    raw: {
      columns: [],
      cells: [],
      rowCount: rows.length,
      provenance: { sourceIds: ["f"], sourceIndex: new Uint32Array(rows.length), line: Uint32Array.from(rows.map((row) => row.line)) },
    },
    amountMinor: Float64Array.from(rows.map((row) => row.amount ?? Number.NaN)),
    currency: rows.map(() => "USD"),
    date: Int32Array.from(rows.map((row) => row.date ?? NULL_DATE)),
    text: { email: rows.map((row) => row.email) },
    numbers: {},
  };
}

describe("findDuplicates", () => {
  it("keeps the earliest row of a group and flags the others as its duplicates", () => {
    const rows = table([
      { email: "a@x", amount: 100, date: 20, line: 2 },
      { email: "a@x", amount: 100, date: 19, line: 3 },
      { email: "a@x", amount: 100, date: 19, line: 4 },
      { email: "b@x", amount: 100, date: 19, line: 5 },
    ]);
    expect(findDuplicates(rows, ["email", "amount"], new Set())).toEqual([
      { row: 0, keptRow: 1 },
      { row: 2, keptRow: 1 },
    ]);
  });

  it("never treats rows missing a field as duplicates, and ignores skipped rows", () => {
    const rows = table([
      { email: null, amount: 100, date: 1, line: 2 },
      { email: null, amount: 100, date: 1, line: 3 },
      { email: "c@x", amount: 5, date: 1, line: 4 },
      { email: "c@x", amount: 5, date: 2, line: 5 },
    ]);
    expect(findDuplicates(rows, ["email", "amount"], new Set([2]))).toEqual([]);
  });

  it("groups only rows equal on every field, however the rows interleave", () => {
    const rows = table([
      { email: "a@x", amount: 100, date: 5, line: 2 },
      { email: "b@x", amount: 100, date: 5, line: 3 },
      { email: "a@x", amount: 200, date: 5, line: 4 },
      { email: "b@x", amount: 100, date: 4, line: 5 },
      { email: "a@x", amount: 100, date: 6, line: 6 },
      { email: "a@x", amount: 100, date: 5, line: 7 },
      { email: "b@x", amount: 100, date: 5, line: 8 },
    ]);
    expect(findDuplicates(rows, ["email", "amount"], new Set())).toEqual([
      { row: 1, keptRow: 3 },
      { row: 4, keptRow: 0 },
      { row: 5, keptRow: 0 },
      { row: 6, keptRow: 3 },
    ]);
    expect(findDuplicates(rows, ["email", "amount", "date"], new Set([0]))).toEqual([
      { row: 6, keptRow: 1 },
    ]);
  });

  it("refuses a field the side does not map", () => {
    expect(() => findDuplicates(table([]), ["reference"], new Set())).toThrow("deduplicate: field 'reference' is not mapped");
  });
});

describe("findDuplicates on dates and negative amounts", () => {
  it("groups by date and by negative amounts, including the day before the epoch", () => {
    const rows = table([
      { email: "a@x", amount: -5, date: -1, line: 2 },
      { email: "a@x", amount: -5, date: -1, line: 3 },
      { email: "a@x", amount: -5, date: 0, line: 4 },
      { email: "a@x", amount: 5, date: -1, line: 5 },
    ]);
    expect(findDuplicates(rows, ["amount", "date"], new Set())).toEqual([{ row: 1, keptRow: 0 }]);
  });
});

describe("findDuplicates and hash collisions", () => {
  /** Two different strings with the same 32-bit FNV-1a hash, found by a birthday search (deterministic). */
  function collidingPair(): [string, string] {
    const seen = new Map<number, string>();
    for (let i = 0; ; i++) {
      const value = `c${i}@x`;
      const hash = fnv1a(value);
      const earlier = seen.get(hash);
      if (earlier !== undefined) return [earlier, value];
      seen.set(hash, value);
    }
  }

  it("never groups two different values that share a hash", () => {
    const [a, b] = collidingPair();
    expect(a).not.toBe(b);
    expect(fnv1a(a)).toBe(fnv1a(b));
    const rows = table([
      { email: a, amount: 100, date: 1, line: 2 },
      { email: b, amount: 100, date: 1, line: 3 },
      { email: a, amount: 100, date: 2, line: 4 },
      { email: b, amount: 200, date: 1, line: 5 },
    ]);
    // Rows 0, 1 and 2 share the tuple hash; only 0 and 2 are the same record.
    expect(findDuplicates(rows, ["email", "amount"], new Set())).toEqual([{ row: 2, keptRow: 0 }]);
    expect(findDuplicates(rows, ["email"], new Set())).toEqual([
      { row: 2, keptRow: 0 },
      { row: 3, keptRow: 1 },
    ]);
  });

  it("agrees with a pairwise comparison on many rows", () => {
    const emails = ["a@x", "b@x", "c@x", null];
    const rows = table(
      Array.from({ length: 3000 }, (_, i) => ({ email: emails[(i * 7) % 4]!, amount: (i * 13) % 5 === 0 ? null : ((i * 31) % 6) - 3, date: (i * 17) % 4, line: i + 2 })),
    );
    const expected: Array<{ row: number; keptRow: number }> = [];
    for (let row = 0; row < rows.rowCount; row++) {
      if (rows.text.email![row] === null || Number.isNaN(rows.amountMinor[row])) continue;
      let kept = -1;
      for (let other = 0; other < rows.rowCount; other++) {
        if (rows.text.email![other] !== rows.text.email![row] || rows.amountMinor[other] !== rows.amountMinor[row]) continue;
        const earlier = rows.date[other]! < rows.date[kept]! || (rows.date[other] === rows.date[kept] && other < kept);
        if (kept < 0 || earlier) kept = other;
      }
      if (kept !== row) expected.push({ row, keptRow: kept });
    }
    expect(expected.length).toBeGreaterThan(1000);
    expect(findDuplicates(rows, ["email", "amount"], new Set())).toEqual(expected);
  });
});
