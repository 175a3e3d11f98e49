import { describe, expect, it } from "vitest";
import { evaluate, runError } from "./helpers";

describe("arithmetic operators", () => {
  it("adds", () => {
    expect(evaluate("a + 2", { a: 3 })).toBe(5);
  });

  it("subtracts", () => {
    expect(evaluate("a - 5", { a: 3 })).toBe(-2);
  });

  it("multiplies", () => {
    expect(evaluate("a * 4", { a: 2.5 })).toBe(10);
  });

  it("divides", () => {
    expect(evaluate("a / 4", { a: 10 })).toBe(2.5);
  });

  it("takes the remainder with the sign of the dividend", () => {
    expect([evaluate("7 % 3"), evaluate("-7 % 3")]).toEqual([1, -1]);
  });

  it("reads fully numeric text as a number", () => {
    expect(evaluate("amount * 2 + bonus", { amount: "12.50", bonus: " 1 " })).toBe(26);
  });

  it("gives null for text that is not entirely a number", () => {
    expect([evaluate(`"12abc" + 1`), evaluate(`"" + 1`), evaluate(`"1,000" + 1`), evaluate(`"0x10" + 1`)]).toEqual([null, null, null, null]);
  });

  it("gives null for booleans in arithmetic", () => {
    expect(evaluate("true + 1")).toBe(null);
  });

  it("gives null for division by zero", () => {
    expect([evaluate("1 / 0"), evaluate("0 / 0"), evaluate("a / b", { a: 5, b: "0" })]).toEqual([null, null, null]);
  });

  it("gives null for a remainder by zero", () => {
    expect(evaluate("5 % 0")).toBe(null);
  });

  it("gives null when a result overflows", () => {
    expect(evaluate("1e308 * 10")).toBe(null);
  });

  it("propagates null through every arithmetic operator", () => {
    const results = ["+", "-", "*", "/", "%"].flatMap((op) => [evaluate(`x ${op} 1`), evaluate(`1 ${op} x`)]);
    expect(results).toEqual([null, null, null, null, null, null, null, null, null, null]);
  });

  it("negates a column and leaves null as null", () => {
    expect([evaluate("-a", { a: "4.5" }), evaluate("-a")]).toEqual([-4.5, null]);
  });

  it("computes with doubles, which is why amounts go through parseAmount instead", () => {
    expect(evaluate("0.1 + 0.2")).toBe(0.30000000000000004);
  });
});

describe("the || concatenation operator", () => {
  it("joins text", () => {
    expect(evaluate(`first || " " || last`, { first: "Ada", last: "Lovelace" })).toBe("Ada Lovelace");
  });

  it("writes numbers and booleans as text", () => {
    expect(evaluate(`"a" || 1.5 || true || -2`)).toBe("a1.5true-2");
  });

  it("gives null when either side is null, as in SQL", () => {
    expect([evaluate(`"a" || x`), evaluate(`x || "a"`)]).toEqual([null, null]);
  });

  it("refuses to produce text longer than 10,000 characters, located at the operator's expression", () => {
    expect(runError("a || b", { a: "x".repeat(6000), b: "y".repeat(4001) })).toEqual({
      message: "'||' would produce text longer than 10000 characters",
      offset: 0,
      length: 6,
    });
  });

  it("allows text of exactly 10,000 characters", () => {
    expect(evaluate("a || b", { a: "x".repeat(6000), b: "y".repeat(4000) })).toBe("x".repeat(6000) + "y".repeat(4000));
  });
});

describe("comparison operators", () => {
  it("compares text exactly with = and ==", () => {
    expect([evaluate(`"abc" = "abc"`), evaluate(`"abc" == "ABC"`), evaluate(`"abc" = "abc "`)]).toEqual([true, false, false]);
  });

  it("compares numbers numerically", () => {
    expect([evaluate("1 = 1.0"), evaluate("0.5 = 1 / 2"), evaluate("2 == 3")]).toEqual([true, true, false]);
  });

  it("reads text as a number when compared with a number and all of it is numeric", () => {
    expect([evaluate("amount = 12.5", { amount: "12.50" }), evaluate(`" 7 " = 7`), evaluate(`7 = "7e0"`)]).toEqual([true, true, true]);
  });

  it("treats text that is not a number as unequal to any number", () => {
    expect([evaluate(`"abc" = 0`), evaluate(`"" = 0`), evaluate(`"12 apples" = 12`)]).toEqual([false, false, false]);
  });

  it("does not read numeric-looking text as a number when both sides are text", () => {
    expect(evaluate(`"1.0" = "1"`)).toBe(false);
  });

  it("negates equality with != and <>", () => {
    expect([evaluate(`"a" != "b"`), evaluate("1 <> 1"), evaluate(`"abc" != 0`)]).toEqual([true, false, true]);
  });

  it("orders numbers", () => {
    expect([evaluate("1 < 2"), evaluate("2 <= 2"), evaluate("3 > 2"), evaluate("2 >= 3")]).toEqual([true, true, true, false]);
  });

  it("orders text by code unit, not by locale", () => {
    expect([evaluate(`"B" < "a"`), evaluate(`"2024-01-31" < "2024-02-01"`), evaluate(`"é" > "z"`)]).toEqual([true, true, true]);
  });

  it("orders numeric text against a number as numbers", () => {
    expect([evaluate(`"10" > 9`), evaluate(`"10" > "9"`)]).toEqual([true, false]);
  });

  it("never orders non-numeric text against a number", () => {
    expect([evaluate(`"abc" < 1`), evaluate(`"abc" > 1`), evaluate(`"abc" >= 1`)]).toEqual([false, false, false]);
  });

  it("compares booleans with each other only", () => {
    expect([evaluate("true = true"), evaluate("false < true"), evaluate("true = 1"), evaluate(`true = "true"`)]).toEqual([true, true, false, false]);
  });

  it("gives null when either side is null", () => {
    const results = ["=", "!=", "<", "<=", ">", ">="].map((op) => evaluate(`x ${op} 1`));
    expect([...results, evaluate("null = null")]).toEqual([null, null, null, null, null, null, null]);
  });
});

describe("logical operators", () => {
  const truthTable = (op: string) =>
    ["true", "false", "null"].flatMap((a) => ["true", "false", "null"].map((b) => `${a} ${op} ${b} -> ${String(evaluate(`${a} ${op} ${b}`))}`));

  it("combines with three-valued and", () => {
    expect(truthTable("and")).toEqual([
      "true and true -> true",
      "true and false -> false",
      "true and null -> null",
      "false and true -> false",
      "false and false -> false",
      "false and null -> false",
      "null and true -> null",
      "null and false -> false",
      "null and null -> null",
    ]);
  });

  it("combines with three-valued or", () => {
    expect(truthTable("or")).toEqual([
      "true or true -> true",
      "true or false -> true",
      "true or null -> true",
      "false or true -> true",
      "false or false -> false",
      "false or null -> null",
      "null or true -> true",
      "null or false -> null",
      "null or null -> null",
    ]);
  });

  it("treats && as and", () => {
    expect([evaluate("true && false"), evaluate("true && true")]).toEqual([false, true]);
  });

  it("negates with not and leaves null as null", () => {
    expect([evaluate("not true"), evaluate("not false"), evaluate("not null")]).toEqual([false, true, null]);
  });

  it("does not evaluate the right side once the left side decides", () => {
    // upper(x) is text, which and/or reject; reaching it would throw.
    expect([evaluate("false and upper(x)", { x: "a" }), evaluate("true or upper(x)", { x: "a" })]).toEqual([false, true]);
  });

  it("rejects a non-boolean operand at run time, located at the operand", () => {
    expect(runError("x = 1 and flag", { x: 1, flag: "yes" })).toEqual({
      message: `'and' needs true, false or null but got the text "yes"`,
      offset: 10,
      length: 4,
    });
  });

  it("rejects a number as an operand of or", () => {
    expect(runError("false or 1")).toEqual({ message: "'or' needs true, false or null but got the number 1", offset: 9, length: 1 });
  });

  it("rejects text as the operand of not", () => {
    expect(runError(`not "yes"`)).toEqual({ message: `'not' needs true, false or null but got the text "yes"`, offset: 4, length: 5 });
  });
});

describe("in and not in", () => {
  it("is true when the value equals one in the list", () => {
    expect(evaluate(`type in ("charge", "payment")`, { type: "payment" })).toBe(true);
  });

  it("is false when the value equals none in the list", () => {
    expect(evaluate(`type in ("charge", "payment")`, { type: "refund" })).toBe(false);
  });

  it("inverts membership with not in", () => {
    expect([evaluate(`type not in ("charge")`, { type: "refund" }), evaluate(`type not in ("charge")`, { type: "charge" })]).toEqual([true, false]);
  });

  it("matches text exactly and case-sensitively", () => {
    expect(evaluate(`type in ("charge")`, { type: "Charge" })).toBe(false);
  });

  it("follows = for text against numbers", () => {
    expect([
      evaluate("amount in (12.5, 13)", { amount: "12.50" }),
      evaluate(`n in ("1", "2")`, { n: 2 }),
      evaluate(`"abc" in (0)`),
      evaluate(`"1.0" in ("1")`),
    ]).toEqual([true, true, false, false]);
  });

  it("accepts negative numbers and booleans in the list", () => {
    expect([evaluate("-1 in (-1, 2)"), evaluate("flag in (true)", { flag: true }), evaluate("flag in (true)", { flag: false })]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it("gives null for a null value", () => {
    expect([evaluate(`x in ("a")`), evaluate(`x not in ("a")`)]).toEqual([null, null]);
  });

  it("gives null for a miss against a list holding null, as in SQL", () => {
    expect([evaluate("2 in (1, null)"), evaluate("1 in (1, null)"), evaluate("2 not in (1, null)"), evaluate("1 not in (1, null)")]).toEqual([
      null,
      true,
      null,
      false,
    ]);
  });
});

describe("is null and is not null", () => {
  it("is true for a missing column and false for a present one", () => {
    expect([evaluate("x is null"), evaluate("x is null", { x: "" })]).toEqual([true, false]);
  });

  it("inverts with is not null", () => {
    expect([evaluate("x is not null"), evaluate("x is not null", { x: 0 })]).toEqual([false, true]);
  });

  it("never gives null itself", () => {
    expect([evaluate("null is null"), evaluate("(1 / 0) is null"), evaluate("(x = 1) is not null")]).toEqual([true, true, false]);
  });
});
