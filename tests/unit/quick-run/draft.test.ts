import { describe, expect, it } from "vitest";
import {
  basisPointsToPercent,
  movePass,
  newPass,
  percentToBasisPoints,
  setOrigin,
  setTransforms,
  sharedFields,
  stepOfPointer,
  type Draft,
} from "~/components/quick-run/draft";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";

/** The wizard's edits to a draft: each must leave a definition the rule-set schema accepts. */
const columns = [
  { name: "Order", type: "string" },
  { name: "Total", type: "amount" },
  { name: "Paid", type: "date" },
];

function draft(): Draft {
  return {
    source: { mappings: [{ field: "id", column: "Order", transforms: [] }, { field: "amount", column: "Total", transforms: [{ op: "parseAmount", decimalSeparator: ",", minorUnits: 2 }] }] },
    target: { mappings: [{ field: "id", column: "ref", transforms: [{ op: "trim" }] }, { field: "amount", column: "value", transforms: [{ op: "parseAmount" }] }], filter: 'type = "charge"' },
    passes: [{ name: "by id", keys: ["id"], amount: { toleranceMinor: 1 } }],
  };
}

describe("mapping edits", () => {
  it("gives a newly mapped amount or date its parse step", () => {
    const next = setOrigin(setOrigin(draft(), "source", "date", { kind: "column", column: "Paid" }, columns), "source", "amount", { kind: "none" }, columns);
    expect(next.source.mappings).toEqual([
      { field: "id", column: "Order", transforms: [] },
      { field: "date", column: "Paid", transforms: [{ op: "parseDate", format: "iso" }] },
    ]);
    expect(ruleSetDefinitionSchema.safeParse(next).success).toBe(true);
  });

  it("keeps the parse settings when only the column changes", () => {
    const next = setOrigin(draft(), "source", "amount", { kind: "column", column: "Net" }, columns);
    expect(next.source.mappings[1]).toEqual({ field: "amount", column: "Net", transforms: [{ op: "parseAmount", decimalSeparator: ",", minorUnits: 2 }] });
  });

  it("maps a fixed value without a column, and keeps what the wizard has no control for", () => {
    const next = setOrigin(draft(), "target", "currency", { kind: "constant", value: "USD" }, columns);
    expect(next.target).toEqual({ ...draft().target, mappings: [...draft().target.mappings, { field: "currency", transforms: [{ op: "constant", value: "USD" }] }] });
    expect(ruleSetDefinitionSchema.safeParse(next).success).toBe(true);
  });

  it("replaces a mapping's transforms and nothing else", () => {
    const next = setTransforms(draft(), "target", "id", [{ op: "trim" }, { op: "upper" }]);
    expect(next.target.mappings[0]).toEqual({ field: "id", column: "ref", transforms: [{ op: "trim" }, { op: "upper" }] });
    expect({ ...next, target: null }).toEqual({ ...draft(), target: null });
  });
});

describe("pass edits", () => {
  it("offers as keys only the fields both sides map", () => {
    const next = setOrigin(draft(), "source", "date", { kind: "column", column: "Paid" }, columns);
    expect(sharedFields(next)).toEqual(["id", "amount"]);
  });

  it("names a new pass uniquely and keys it on a shared identifier", () => {
    const pass = newPass(draft());
    expect(pass).toEqual({ name: "Pass 2", cardinality: "1:1", keys: ["id"], amount: { toleranceMinor: 0 } });
  });

  it("moves passes within bounds only", () => {
    const two = { ...draft(), passes: [...draft().passes, newPass(draft())] };
    expect(movePass(two, 1, -1).passes.map((pass) => pass.name)).toEqual(["Pass 2", "by id"]);
    expect(movePass(two, 1, 1)).toBe(two);
  });
});

describe("percent tolerances", () => {
  it.each([
    ["", 0],
    ["1", 100],
    ["0.5", 50],
    ["2,25", 225],
    ["100", 10_000],
  ])("reads %j as %d basis points", (text, basisPoints) => {
    expect(percentToBasisPoints(text)).toBe(basisPoints);
  });

  it("refuses text that is not a percent with at most two decimals", () => {
    expect(["abc", "1.234", "-1", "1e2"].map(percentToBasisPoints)).toEqual([null, null, null, null]);
  });

  it("shows basis points as the percent they are", () => {
    expect([0, 50, 100, 225, 10_000].map(basisPointsToPercent)).toEqual(["", "0.5", "1", "2.25", "100"]);
  });
});

describe("where a server problem belongs", () => {
  it("files pointers under the wizard step that edits them", () => {
    expect(["sourceFileId", "definition/source/mappings/1/column", "definition/target", "definition/passes/0/keys", "definition/severity", "name", "step/2"].map(stepOfPointer)).toEqual([0, 1, 1, 2, 2, 3, 2]);
  });
});
