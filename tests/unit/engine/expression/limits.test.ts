import { describe, expect, it } from "vitest";
import { compileExpression } from "~/core/engine/expression";
import { compileError, evaluate } from "./helpers";

const TOO_DEEP = "the expression is nested too deeply: more than 64 levels";

describe("source length", () => {
  it("rejects source over 2000 characters, located at the excess", () => {
    expect(compileError("x".repeat(2001))).toEqual({ message: "the expression is too long: 2001 characters, the limit is 2000", offset: 2000, length: 1 });
  });

  it("accepts source of exactly 2000 characters", () => {
    expect(evaluate(`1${" ".repeat(1999)}`)).toBe(1);
  });

  it("takes a custom maximum length", () => {
    expect(compileError("1 + 1", { maxLength: 3 })).toEqual({ message: "the expression is too long: 5 characters, the limit is 3", offset: 3, length: 2 });
  });

  it("refuses a maximum that is not a positive integer", () => {
    expect(() => compileExpression("1", { maxLength: 0 })).toThrow(new RangeError("maxLength must be a positive integer, got 0"));
  });
});

describe("nesting depth", () => {
  it("rejects more than 64 nested parentheses at the first one too many", () => {
    expect(compileError(`${"(".repeat(65)}1${")".repeat(65)}`)).toEqual({ message: TOO_DEEP, offset: 64, length: 1 });
  });

  it("accepts 64 nested parentheses", () => {
    expect(evaluate(`${"(".repeat(64)}1${")".repeat(64)}`)).toBe(1);
  });

  it("rejects more than 64 nested calls", () => {
    expect(compileError(`${"upper(".repeat(65)}x${")".repeat(65)}`)).toEqual({ message: TOO_DEEP, offset: 64 * 6 + 5, length: 1 });
  });

  it("rejects a chain of operators whose tree is more than 64 levels deep", () => {
    const source = `1${" + 1".repeat(64)}`;
    expect(compileError(source)).toEqual({ message: TOO_DEEP, offset: 0, length: source.length });
  });

  it("accepts a chain of operators 64 levels deep", () => {
    expect(evaluate(`1${" + 1".repeat(63)}`)).toBe(64);
  });

  it("rejects a long run of prefix operators", () => {
    expect(compileError(`${"not ".repeat(70)}true`)).toEqual({ message: TOO_DEEP, offset: 64 * 4, length: 3 });
  });

  it("takes a custom maximum depth", () => {
    expect(compileError("((1))", { maxDepth: 1 })).toEqual({ message: "the expression is nested too deeply: more than 1 levels", offset: 1, length: 1 });
  });
});

describe("expression size", () => {
  const concatOf = (count: number) => `concat(${Array.from({ length: count }, () => '"a"').join(",")})`;

  it("rejects more than 256 nodes", () => {
    const source = concatOf(256);
    expect(compileError(source)).toEqual({ message: "the expression is too large: more than 256 parts", offset: 0, length: source.length });
  });

  it("accepts 256 nodes", () => {
    expect(evaluate(concatOf(255))).toBe("a".repeat(255));
  });

  it("counts the values of an in list", () => {
    const source = `x in (${Array.from({ length: 256 }, (_, i) => i).join(", ")})`;
    expect(compileError(source).message).toBe("the expression is too large: more than 256 parts");
  });
});

describe("regular expression safety", () => {
  const regexError = (pattern: string) => compileError(`regexMatch(x, ${JSON.stringify(pattern)})`);

  it("runs the classic catastrophic patterns in linear time, with the same answers as JavaScript", () => {
    // Each of these takes exponential time in a backtracking engine on this input; RE2 reads it once.
    const hostile = `${"a".repeat(50_000)}!`;
    const patterns = ["(a|a)+$", "(a+)+$", String.raw`^(\w+\s?)*$`, "(a*)*b", "(.*a){3}$"];
    expect(patterns.map((pattern) => evaluate(`regexMatch(x, ${JSON.stringify(pattern)})`, { x: hostile }))).toEqual([false, false, false, false, false]);
    expect(patterns.map((pattern) => evaluate(`regexMatch(x, ${JSON.stringify(pattern)})`, { x: "aaa" }))).toEqual([true, true, true, false, true]);
  });

  it("accepts repeated groups the old syntactic guard had to refuse", () => {
    const patterns = [String.raw`^\d{1,3}(,\d{3})*$`, "(ab)+", "(a+)?", "[(a+)]+", String.raw`\(a+\)+`, String.raw`^\d+(,\d+)*$`];
    expect(patterns.map((pattern) => evaluate(`regexMatch("1,234", ${JSON.stringify(pattern)})`))).toEqual([true, false, true, false, false, true]);
  });

  it("rejects a pattern longer than 500 characters", () => {
    expect(regexError("a".repeat(501))).toEqual({ message: "the regular expression is too long: 501 characters, the limit is 500", offset: 14, length: 503 });
  });
});
