import { describe, expect, it } from "vitest";
import { GroupByCellError } from "~/core/engine/group-rows";
import { NormalizeDefinitionError, validateSideAgainstColumns } from "~/core/engine/normalize";
import { prepareSide } from "~/core/engine/prepare-side";
import { reconcile } from "~/core/engine/reconcile";
import { ruleSetDefinitionSchema, sideSchema, type SideDefinition } from "~/core/engine/rule-set";
import type { RawTable } from "~/core/engine/types";

/** A raw table from CSV-like rows; line n+2 for row n (line 1 is the header). */
function raw(columns: string[], rows: Array<Array<string | null>>, sourceId = "file_orders"): RawTable {
  return {
    columns,
    cells: columns.map((_, index) => rows.map((row) => row[index] ?? null)),
    rowCount: rows.length,
    provenance: { sourceIds: [sourceId], sourceIndex: new Uint32Array(rows.length), line: Uint32Array.from(rows.map((_, index) => index + 2)) },
  };
}

const context = { lookups: {}, sideName: "source" as const };

// A Shopify line-item export read as a plain table: the order's totals on its first row only.
const ORDERS = raw(
  ["Name", "Financial Status", "Total", "Lineitem price", "Lineitem name"],
  [
    ["#1001", "paid", "30.10", "10.05", "Mug"],
    ["#1002", "paid", "5.00", "5.00", "Pen"],
    ["#1001", null, null, "20.05", "Plate"],
    ["#1003", "refunded", "7.00", "7.00", "Cup"],
    ["#1001", null, null, "0.00", "Gift wrap"],
  ],
);

function side(extra: Partial<SideDefinition>): SideDefinition {
  return sideSchema.parse({
    mappings: [
      { field: "id", column: "Name" },
      { field: "amount", column: "Lineitem price", transforms: [{ op: "parseAmount" }] },
      { field: "status", column: "Financial Status" },
      { field: "items", column: "Lineitem name" },
    ],
    ...extra,
  });
}

describe("groupBy", () => {
  it("makes one row per key in file order of each group's first row, first values kept", () => {
    const prepared = prepareSide(ORDERS, side({ groupBy: { keys: ["Name"] } }), context);
    expect(prepared.table.rowCount).toBe(3);
    expect(prepared.table.text["id"]).toEqual(["#1001", "#1002", "#1003"]);
    // "first" by default: the first row's value in file order, not a later row's.
    expect(prepared.table.text["items"]).toEqual(["Mug", "Pen", "Cup"]);
    expect(Array.from(prepared.table.amountMinor)).toEqual([1005, 500, 700]);
    expect(prepared.groupedLines).toEqual([[2, 4, 6], [3], [5]]);
  });

  it("sums exactly in minor units and counts rows", () => {
    const prepared = prepareSide(ORDERS, side({ groupBy: { keys: ["Name"], columns: { "Lineitem price": "sum", "Lineitem name": "count" } } }), context);
    // 10.05 + 20.05 + 0.00 is 30.10 exactly (as floats it would be 30.099999999999998).
    expect(Array.from(prepared.table.amountMinor)).toEqual([3010, 500, 700]);
    expect(prepared.table.text["items"]).toEqual(["3", "1", "1"]);
    expect(prepared.table.raw.cells[3]).toEqual(["30.10", "5.00", "7.00"]);
  });

  it("writes a sum back in the column's own amount format, so its parseAmount reads it", () => {
    const table = raw(["ref", "Betrag"], [["A", "1.234,50"], ["A", "(0,50)"], ["B", "2,00"]]);
    const definition = sideSchema.parse({
      mappings: [
        { field: "id", column: "ref" },
        { field: "amount", column: "Betrag", transforms: [{ op: "parseAmount", decimalSeparator: ",", thousandsSeparator: ".", sign: "parentheses" }] },
      ],
      groupBy: { keys: ["ref"], columns: { Betrag: "sum" } },
    });
    const prepared = prepareSide(table, definition, context);
    expect(Array.from(prepared.table.amountMinor)).toEqual([123400, 200]);
    expect(prepared.issues).toEqual([]);
  });

  it("gives a grouped row its first row's provenance", () => {
    const prepared = prepareSide(ORDERS, side({ groupBy: { keys: ["Name"] } }), context);
    expect(Array.from(prepared.table.raw.provenance.line)).toEqual([2, 3, 5]);
    expect(prepared.table.raw.provenance.sourceIds[prepared.table.raw.provenance.sourceIndex[0]!]).toBe("file_orders");
  });

  it("groups only after the filter: excluded rows stay single, in place, and EXCLUDED", () => {
    const table = raw(["Name", "Total"], [["#1", "1.00"], ["#1", "2.00"], ["#2", "4.00"], ["#1", "8.00"]]);
    const definition = sideSchema.parse({
      mappings: [{ field: "id", column: "Name" }, { field: "amount", column: "Total" }],
      filter: "amount < 500",
      groupBy: { keys: ["Name"], columns: { Total: "sum" } },
    });
    const prepared = prepareSide(table, definition, context);
    expect(Array.from(prepared.table.amountMinor)).toEqual([300, 400, 800]);
    expect(prepared.excludedRows).toEqual([2]);
    expect(Array.from(prepared.table.raw.provenance.line)).toEqual([2, 4, 5]);
  });

  it("leaves rows with a blank key single", () => {
    const table = raw(["Name", "Total"], [[null, "1.00"], ["", "2.00"], [null, "3.00"]]);
    const definition = sideSchema.parse({ mappings: [{ field: "amount", column: "Total" }], groupBy: { keys: ["Name"], columns: { Total: "sum" } } });
    expect(Array.from(prepareSide(table, definition, context).table.amountMinor)).toEqual([100, 200, 300]);
  });

  it("stops with every cell a sum cannot read, naming file, line and column", () => {
    const table = raw(["Name", "Total"], [["#1", "1.00"], ["#1", "two"], ["#2", "1.005"]]);
    const definition = sideSchema.parse({ mappings: [{ field: "amount", column: "Total" }], groupBy: { keys: ["Name"], columns: { Total: "sum" } } });
    let error: unknown;
    try {
      prepareSide(table, definition, context);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GroupByCellError);
    expect((error as GroupByCellError).errors).toEqual([
      { pointer: "/source/groupBy/columns/Total", file: "file_orders", line: 3, column: 2, field: "Total", message: expect.stringContaining('"two" cannot be summed') },
      { pointer: "/source/groupBy/columns/Total", file: "file_orders", line: 4, column: 2, field: "Total", message: expect.stringContaining("more than 2 decimal places") },
    ]);
  });

  it("reports unknown columns with JSON pointers before reading a row", () => {
    const definition = side({ groupBy: { keys: ["Name", "Nmae"], columns: { "Totl/x": "sum", Name: "count" } } });
    expect(validateSideAgainstColumns(definition, ORDERS.columns, "/source")).toEqual([
      { pointer: "/source/groupBy/keys/1", message: 'no column "Nmae" in the file to group by' },
      { pointer: "/source/groupBy/columns/Totl~1x", message: 'no column "Totl/x" in the file' },
      { pointer: "/source/groupBy/columns/Name", message: '"Name" is a key: it keeps its value in every group' },
    ]);
    expect(() => prepareSide(ORDERS, definition, context)).toThrow(NormalizeDefinitionError);
  });

  it("rejects an empty key list and an unknown aggregation in the schema", () => {
    expect(sideSchema.safeParse({ mappings: [{ field: "id", column: "a" }], groupBy: { keys: [] } }).success).toBe(false);
    const wrong = sideSchema.safeParse({ mappings: [{ field: "id", column: "a" }], groupBy: { keys: ["a"], columns: { b: "avg" } } });
    expect(wrong.success).toBe(false);
  });

  it("changes nothing when absent", () => {
    const withoutGroup = prepareSide(ORDERS, side({}), context);
    expect(withoutGroup.table.rowCount).toBe(5);
    expect(withoutGroup.groupedLines).toBeUndefined();
    expect("groupedLines" in withoutGroup).toBe(false);
  });

  it("reconciles one grouped order against one payment", () => {
    const definition = ruleSetDefinitionSchema.parse({
      source: { mappings: [{ field: "id", column: "Name" }, { field: "amount", column: "Lineitem price" }], groupBy: { keys: ["Name"], columns: { "Lineitem price": "sum" } } },
      target: { mappings: [{ field: "id", column: "order" }, { field: "amount", column: "gross" }] },
      passes: [{ name: "by order", keys: ["id"], amount: {} }],
    });
    const target = raw(["order", "gross"], [["#1001", "30.10"], ["#1002", "5.00"], ["#1003", "7.00"]], "file_payments");
    const output = reconcile({ source: ORDERS, target, definition });
    expect(output.result.summary.matchesByPass).toEqual({ "by order": 3 });
    expect(output.result.exceptions).toEqual([]);
    expect(output.groupedLines).toEqual({ source: [[2, 4, 6], [3], [5]] });
    // Ungrouped, the output has no trace of the feature: the answer-key tests compare it whole.
    const plain = reconcile({ source: target, target, definition: { ...definition, source: definition.target } });
    expect("groupedLines" in plain).toBe(false);
  });
});
