import { describe, expect, it } from "vitest";
import { CellColumn } from "~/core/ingest/delimited/cell-column";

describe("CellColumn", () => {
  it("gives back every cell pushed, in order, across many chunks, and starts empty after each take", () => {
    const column = new CellColumn();
    const expected: Array<string | null> = [];
    for (let i = 0; i < 50_000; i++) {
      const value = i % 7 === 0 ? null : `v${i}`;
      column.push(value);
      expected.push(value);
    }
    const first = column.take();
    expect(first).toEqual(expected);
    expect(first).toHaveLength(50_000);

    column.push("after");
    expect(column.take()).toEqual(["after"]);
    expect(column.take()).toEqual([]);
  });

  it("takes exactly a chunk's worth and one more", () => {
    for (const count of [8191, 8192, 8193, 16_384]) {
      const column = new CellColumn();
      for (let i = 0; i < count; i++) column.push(String(i));
      const cells = column.take();
      expect(cells).toHaveLength(count);
      expect(cells[count - 1]).toBe(String(count - 1));
      expect(cells.includes(undefined as unknown as string)).toBe(false);
    }
  });
});
