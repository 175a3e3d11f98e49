import { describe, expect, it } from "vitest";
import { representativeSample } from "~/core/engine/preview-sample";
import { reconcile } from "~/core/engine/reconcile";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import type { RawTable } from "~/core/engine/types";

function table(sourceId: string, columns: string[], rows: string[][]): RawTable {
  return {
    columns,
    cells: columns.map((_, column) => rows.map((row) => row[column] ?? null)),
    rowCount: rows.length,
    provenance: { sourceIds: [sourceId], sourceIndex: new Uint32Array(rows.length), line: Uint32Array.from(rows, (_, at) => at + 2) },
  };
}

// 1,000 payouts of three transactions each; the payouts file is sorted the other way round, so its first rows share nothing with the source's.
const transactions = table(
  "transactions",
  ["payout", "net"],
  Array.from({ length: 3000 }, (_, at) => [`po_${String(Math.floor(at / 3)).padStart(4, "0")}`, "1.00"]),
);
const payouts = table(
  "payouts",
  ["id", "amount"],
  Array.from({ length: 1000 }, (_, at) => [`po_${String(999 - at).padStart(4, "0")}`, "3.00"]),
);
const definition = ruleSetDefinitionSchema.parse({
  source: { mappings: [{ field: "id", column: "payout", transforms: [{ op: "trim" }] }, { field: "amount", column: "net", transforms: [{ op: "parseAmount" }] }] },
  target: { mappings: [{ field: "id", column: "id" }, { field: "amount", column: "amount", transforms: [{ op: "parseAmount" }] }] },
  passes: [{ name: "payout", cardinality: "N:1", keys: ["id"], amount: { aggregate: "sum", toleranceMinor: 0 } }],
});

const column = (raw: RawTable, name: string) => raw.cells[raw.columns.indexOf(name)]!;

describe("the representative preview sample", () => {
  it("takes whole source keys at random and the target rows that share them, then a random slice of the rest", () => {
    const sample = representativeSample(definition, transactions, payouts, 300);
    expect(sample.description.kind).toBe("representative");
    expect(sample.description.source).toEqual({ rows: 300, of: 3000 });
    const sampledKeys = new Set(column(sample.source, "payout"));
    expect(sampledKeys.size).toBe(100);
    // Every sampled key comes with all three of its rows.
    for (const key of sampledKeys) expect(column(sample.source, "payout").filter((value) => value === key)).toHaveLength(3);
    const targetKeys = column(sample.target, "id");
    expect(targetKeys.filter((key) => sampledKeys.has(key))).toHaveLength(100);
    expect(sample.description.target).toEqual({ rows: 300, of: 1000, sharingKeys: 100, random: 200 });
    expect(sample.description.text).toBe(
      "300 of 3,000 source rows (every row of id values drawn at random); the 100 target rows that share their id, and 200 other target rows at random (300 of 1,000).",
    );
  });

  it("matches on the sample what the whole files match for those keys, where the first rows would match nothing", () => {
    const sample = representativeSample(definition, transactions, payouts, 300);
    expect(reconcile({ source: sample.source, target: sample.target, definition }).result.matches).toHaveLength(100);
    const firstRows = (raw: RawTable, rows: number) => ({ ...raw, cells: raw.cells.map((cells) => cells.slice(0, rows)), rowCount: rows, provenance: { ...raw.provenance, sourceIndex: raw.provenance.sourceIndex.slice(0, rows), line: raw.provenance.line.slice(0, rows) } });
    expect(reconcile({ source: firstRows(transactions, 300), target: firstRows(payouts, 300), definition }).result.matches).toHaveLength(0);
  });

  it("is the same sample every time, and all rows when both files fit", () => {
    expect(representativeSample(definition, transactions, payouts, 300).description).toEqual(representativeSample(definition, transactions, payouts, 300).description);
    expect(column(representativeSample(definition, transactions, payouts, 300).source, "payout")).toEqual(column(representativeSample(definition, transactions, payouts, 300).source, "payout"));
    const all = representativeSample(definition, transactions, payouts, 5000);
    expect(all.description.kind).toBe("all");
    expect(all.source).toBe(transactions);
  });
});
