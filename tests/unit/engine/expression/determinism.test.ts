import { describe, expect, it } from "vitest";
import { compileExpression, type ExpressionScope, type Value } from "~/core/engine/expression";
import { scopeOf } from "./helpers";

const EXPRESSIONS = [
  `type in ("charge", "payment") and amount > 0`,
  `upper(trim(value)) || "-" || col("Order ID")`,
  String.raw`regexReplace(description, "(\d+)", "<$1>")`,
  String.raw`regexExtract(description, "#(\d+)")`,
  "round(amount * 1.2, 2)",
  `padLeft(digits(description), 12, "0")`,
  `if(amount is null, "none", string(amount / 3))`,
];

const ROW = { type: "charge", amount: "12.345", value: "  abc ", "Order ID": "O-1", description: "Invoice #123 for 45 units" };

describe("determinism", () => {
  it("gives the same value for the same expression over the same scope", () => {
    const once = EXPRESSIONS.map((source) => compileExpression(source).run(scopeOf(ROW)));
    const again = EXPRESSIONS.map((source) => {
      const compiled = compileExpression(source);
      return [compiled.run(scopeOf(ROW)), compiled.run(scopeOf(ROW))];
    });
    expect(once).toEqual([true, "ABC-O-1", "Invoice #<123> for <45> units", "123", 14.81, "000000012345", "4.115"]);
    expect(again).toEqual(once.map((value) => [value, value]));
  });

  it("keeps no state between runs over different scopes", () => {
    const compiled = compileExpression(String.raw`regexReplace(x, "\d", "#") || "/" || regexExtract(x, "(\d)")`);
    const results = ["a1", "b22", "a1"].map((x) => compiled.run(scopeOf({ x })));
    expect(results).toEqual(["a#/1", "b##/2", "a#/1"]);
  });

  it("returns a frozen compiled expression", () => {
    const compiled = compileExpression("a || b");
    expect([Object.isFrozen(compiled), Object.isFrozen(compiled.identifiers)]).toEqual([true, true]);
  });
});

describe("throughput sanity", () => {
  it("runs one compiled filter a million times", () => {
    const compiled = compileExpression(`type in ("charge", "payment") and amount > 0`);
    let row: Record<string, Value> = {};
    const scope: ExpressionScope = { get: (name) => (name === "type" ? (row.type ?? null) : name === "amount" ? (row.amount ?? null) : null) };
    const rows = [
      { type: "charge", amount: 10 },
      { type: "refund", amount: 10 },
      { type: "payment", amount: "2.50" },
      { type: "payment", amount: -1 },
    ];
    let runs = 0;
    let kept = 0;
    for (let i = 0; i < 1_000_000; i++) {
      row = rows[i % 4]!;
      if (compiled.run(scope) === true) kept++;
      runs++;
    }
    expect({ runs, kept }).toEqual({ runs: 1_000_000, kept: 500_000 });
  });
});
