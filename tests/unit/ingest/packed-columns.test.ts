import { describe, expect, it } from "vitest";
import { packTextColumn, transferablesOf, unpackTextColumn } from "~/core/ingest/delimited/packed-columns";

describe("packed text columns", () => {
  it("round-trips few-valued columns as a dictionary, nulls kept", () => {
    const cells = ["paid", null, "refunded", "paid", "Zoë", null];
    const packed = packTextColumn(cells);
    expect(packed.kind).toBe("dictionary");
    const unpacked = unpackTextColumn(structuredClone(packed));
    expect(unpacked).toEqual(cells);
    // Equal cells share one value, as the reader's pools made them.
    expect(unpacked[0]).toBe(unpacked[3]);
  });

  it("round-trips many-valued columns joined, with nulls, non-ASCII and long values", () => {
    const cells = Array.from({ length: 2000 }, (_, i) => (i % 7 === 0 ? null : i % 5 === 0 ? `zoë.müller${i}@example.com, "quoted"` : `#${i}`));
    const packed = packTextColumn(cells);
    expect(packed.kind).toBe("joined");
    expect(unpackTextColumn(structuredClone(packed))).toEqual(cells);
  });

  it("survives a transfer: the typed arrays move, the values arrive intact", () => {
    const cells = Array.from({ length: 1000 }, (_, i) => (i === 3 ? null : `txn_${i}`));
    const packed = [packTextColumn(cells), packTextColumn(["usd", null])];
    const received = structuredClone(packed, { transfer: transferablesOf(packed) });
    expect(received.map(unpackTextColumn)).toEqual([cells, ["usd", null]]);
  });

  it("sends a column too long to join as its cells", () => {
    const cells = Array.from({ length: 600 }, (_, i) => (i === 9 ? null : `customer${i}@example.com`));
    const packed = packTextColumn(cells, 1000);
    expect(packed.kind).toBe("cells");
    expect(transferablesOf([packed])).toEqual([]);
    expect(unpackTextColumn(structuredClone(packed))).toEqual(cells);
  });

  it("packs an empty column", () => {
    expect(unpackTextColumn(packTextColumn([]))).toEqual([]);
  });
});

describe("packed dictionary columns in runs", () => {
  it("gives each run of one value that value's id, however the runs alternate", () => {
    const cells = ["usd", "usd", "usd", null, "eur", "eur", "usd", null, null, "eur"];
    const packed = packTextColumn(cells);
    expect(packed.kind).toBe("dictionary");
    if (packed.kind !== "dictionary") return;
    expect(packed.values).toEqual(["usd", "eur"]);
    expect(Array.from(packed.ids)).toEqual([0, 0, 0, -1, 1, 1, 0, -1, -1, 1]);
    expect(unpackTextColumn(structuredClone(packed))).toEqual(cells);
  });
});
