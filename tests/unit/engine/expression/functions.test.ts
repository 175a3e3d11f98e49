import { describe, expect, it } from "vitest";
import { compileError, evaluate, runError } from "./helpers";

describe("text functions", () => {
  it("lower() lower-cases text", () => {
    expect(evaluate(`lower("ÀBC Def")`)).toBe("àbc def");
  });

  it("upper() upper-cases text without regard to locale", () => {
    expect(evaluate(`upper("straße i")`)).toBe("STRASSE I");
  });

  it("trim() removes surrounding whitespace", () => {
    expect(evaluate(`trim("  a b \t\n")`)).toBe("a b");
  });

  it("ltrim() and rtrim() remove whitespace on one side", () => {
    expect([evaluate(`ltrim("  a  ")`), evaluate(`rtrim("  a  ")`)]).toEqual(["a  ", "  a"]);
  });

  it("length() counts characters, an emoji as one", () => {
    expect([evaluate(`length("héllo")`), evaluate(`length("a😀b")`), evaluate(`length("")`)]).toEqual([5, 3, 0]);
  });

  it("text functions read numbers and booleans as text", () => {
    expect([evaluate("upper(true)"), evaluate("length(12345)"), evaluate("lower(1.5)")]).toEqual(["TRUE", 5, "1.5"]);
  });

  it("substr() takes the rest of the text from a 1-based start", () => {
    expect(evaluate(`substr("invoice", 3)`)).toBe("voice");
  });

  it("substr() takes a given number of characters", () => {
    expect(evaluate(`substr("invoice", 1, 3)`)).toBe("inv");
  });

  it("substr() clips the window to the text as SQL does", () => {
    expect([evaluate(`substr("hello", 0, 3)`), evaluate(`substr("hello", -5, 3)`), evaluate(`substr("hello", 4, 100)`), evaluate(`substr("hello", 9)`)]).toEqual([
      "he",
      "",
      "lo",
      "",
    ]);
  });

  it("substr() counts characters, never splitting an emoji", () => {
    expect(evaluate(`substr("a😀b", 2, 1)`)).toBe("😀");
  });

  it("substr() rejects a negative length, located at the argument", () => {
    expect(runError(`substr("abc", 1, n)`, { n: -2 })).toEqual({ message: "substr() length must not be negative, got -2", offset: 17, length: 1 });
  });

  it("replace() replaces every occurrence of plain text", () => {
    expect(evaluate(`replace("a-b-c", "-", "/")`)).toBe("a/b/c");
  });

  it("replace() treats $ in the replacement as plain text", () => {
    expect(evaluate(`replace("a-b", "-", "$&$1")`)).toBe("a$&$1b");
  });

  it("replace() with nothing to find returns the text unchanged", () => {
    expect(evaluate(`replace("abc", "", "x")`)).toBe("abc");
  });

  it("startsWith(), endsWith() and contains() test for parts of text", () => {
    expect([
      evaluate(`startsWith("INV-1", "INV")`),
      evaluate(`startsWith("INV-1", "inv")`),
      evaluate(`endsWith("file.csv", ".csv")`),
      evaluate(`contains("ACME Ltd", "ME L")`),
      evaluate(`contains("ACME Ltd", "xyz")`),
    ]).toEqual([true, false, true, true, false]);
  });

  it("concat() joins its arguments and skips nulls", () => {
    expect(evaluate(`concat(first, " ", middle, " ", last, 7)`, { first: "Ada", last: "Lovelace" })).toBe("Ada  Lovelace7");
  });

  it("concat() of only nulls is empty text", () => {
    expect(evaluate("concat(x, y)")).toBe("");
  });

  it("digits() keeps only the digits 0-9", () => {
    expect(evaluate(`digits("(555) 123-4567 ext. ٣")`)).toBe("5551234567");
  });

  it("padLeft() pads on the left to a width", () => {
    expect(evaluate(`padLeft(id, 6, "0")`, { id: "42" })).toBe("000042");
  });

  it("padRight() pads on the right to a width", () => {
    expect(evaluate(`padRight("ab", 4, ".")`)).toBe("ab..");
  });

  it("pads with spaces by default and leaves longer text unchanged", () => {
    expect([evaluate(`padLeft("ab", 4)`), evaluate(`padLeft("abcdef", 4, "0")`)]).toEqual(["  ab", "abcdef"]);
  });

  it("rejects a padding fill that is not one character", () => {
    expect(compileError(`padLeft(x, 4, "00")`)).toEqual({ message: 'padLeft() fill must be exactly one character, got the text "00"', offset: 14, length: 4 });
  });

  it("rejects a padding width over the text limit at compile time", () => {
    expect(compileError(`padRight(x, 20000, "0")`)).toEqual({
      message: "padRight() width 20000 is over the 10000-character limit for text",
      offset: 12,
      length: 5,
    });
  });

  it("rejects a padding width over the text limit at run time", () => {
    expect(runError(`padLeft("a", n, "0")`, { n: 10001 })).toEqual({
      message: "padLeft() width 10001 is over the 10000-character limit for text",
      offset: 13,
      length: 1,
    });
  });
});

describe("regular expression functions", () => {
  it("regexMatch() tests text against a pattern", () => {
    expect([evaluate(String.raw`regexMatch("INV-0042", "^INV-\d{4}$")`), evaluate(String.raw`regexMatch("INV-42", "^INV-\d{4}$")`)]).toEqual([
      true,
      false,
    ]);
  });

  it("regexMatch() matches by code point", () => {
    expect(evaluate(`regexMatch("😀", "^.$")`)).toBe(true);
  });

  it("regexExtract() returns the first group by default", () => {
    expect(evaluate(String.raw`regexExtract("Order #A-991 paid", "#([A-Z]-\d+)")`)).toBe("A-991");
  });

  it("regexExtract() returns the whole match for group 0 and a named group by name", () => {
    expect([
      evaluate(String.raw`regexExtract("ref 2024-03", "\d{4}-\d{2}", 0)`),
      evaluate(String.raw`regexExtract("ref 2024-03", "(?<year>\d{4})-(?<month>\d{2})", "month")`),
    ]).toEqual(["2024-03", "03"]);
  });

  it("regexExtract() gives null when nothing matches or the group did not take part", () => {
    expect([evaluate(String.raw`regexExtract("abc", "(\d)")`), evaluate(`regexExtract("b", "(a)?b")`)]).toEqual([null, null]);
  });

  it("regexExtract() rejects a group the pattern does not have", () => {
    expect(compileError(`regexExtract(x, "abc")`)).toEqual({
      message: "regexExtract() group 1 does not exist: the pattern has no capturing groups (use 0 for the whole match)",
      offset: 16,
      length: 5,
    });
    expect(compileError(`regexExtract(x, "(a)(b)", 3)`)).toEqual({
      message: "regexExtract() group 3 does not exist: the pattern has 2 capturing groups (use 0 for the whole match)",
      offset: 26,
      length: 1,
    });
    expect(compileError(`regexExtract(x, "(?<a>x)", "b")`).message).toBe("regexExtract() group 'b' is not a named group of the pattern");
  });

  it("regexReplace() replaces every match and expands $1, $& and $<name>", () => {
    expect([
      evaluate(String.raw`regexReplace("a1b22", "\d+", "#")`),
      evaluate(String.raw`regexReplace("2024-03-01", "(\d+)-(\d+)-(\d+)", "$3/$2/$1")`),
      evaluate(String.raw`regexReplace("ab", "(?<x>a)", "[$<x>$&]")`),
      evaluate(`regexReplace("ab", "a", "$$")`),
    ]).toEqual(["a#b#", "01/03/2024", "[aa]b", "$b"]);
  });

  it("regexReplace() refuses to grow text past 10,000 characters", () => {
    expect(runError(`regexReplace(x, ".", "$&$&$&")`, { x: "a".repeat(4000) })).toEqual({
      message: "regexReplace() would produce text longer than 10000 characters",
      offset: 0,
      length: 30,
    });
  });

  it("accepts a pattern from a column and validates it when it runs", () => {
    expect(evaluate("regexMatch(code, pattern)", { code: "AB12", pattern: "^[A-Z]+\\d+$" })).toBe(true);
    expect(runError("regexMatch(code, pattern)", { code: "aaaa", pattern: "(a)\\1" })).toEqual({
      message: "backreferences such as \\1 are not supported: they cannot be matched in linear time (at character 4 of the pattern)",
      offset: 17,
      length: 7,
    });
  });

  it("rejects an invalid pattern at compile time, located at the pattern", () => {
    expect(compileError(`regexMatch(x, "(ab")`)).toEqual({ message: "invalid regular expression: missing closing ) ('(ab') (at character 1 of the pattern)", offset: 14, length: 5 });
  });

  it("rejects lookaround, which RE2 cannot match in linear time, naming its position", () => {
    expect(compileError(String.raw`regexMatch(x, "INV(?=\d)")`)).toEqual({
      message: "lookaround ('(?=') is not supported: it cannot be matched in linear time; capture the part you need with a group instead (at character 4 of the pattern)",
      offset: 14,
      length: 11,
    });
  });

  it("reads JavaScript's \\u escapes as the same characters", () => {
    expect([evaluate(String.raw`regexMatch("A€", "^\u0041\u{20AC}$")`), evaluate(String.raw`regexMatch("B", "^\u0041$")`)]).toEqual([true, false]);
  });
});

describe("null-handling and conditional functions", () => {
  it("coalesce() returns the first non-null argument", () => {
    expect(evaluate(`coalesce(a, b, "default")`, { b: "" })).toBe("");
  });

  it("coalesce() of only nulls is null", () => {
    expect(evaluate("coalesce(a, b)")).toBe(null);
  });

  it("coalesce() stops at the first non-null argument", () => {
    // The second argument would throw (not of text) if it ran.
    expect(evaluate(`coalesce("x", not "y")`)).toBe("x");
  });

  it("if() returns the then branch for true and the else branch otherwise", () => {
    expect([evaluate(`if(n > 2, "big", "small")`, { n: 3 }), evaluate(`if(n > 2, "big", "small")`, { n: 1 }), evaluate(`if(n > 2, "big", "small")`)]).toEqual([
      "big",
      "small",
      "small",
    ]);
  });

  it("if() evaluates only the branch it returns", () => {
    expect([evaluate(`if(true, "ok", not "boom")`), evaluate(`if(false, not "boom", "ok")`)]).toEqual(["ok", "ok"]);
  });

  it("if() rejects a condition that is not true, false or null", () => {
    expect(runError(`if(x, 1, 2)`, { x: "yes" })).toEqual({ message: `if() condition needs true, false or null but got the text "yes"`, offset: 3, length: 1 });
  });
});

describe("numeric functions", () => {
  it("abs() drops the sign", () => {
    expect([evaluate("abs(-3.5)"), evaluate(`abs("4")`)]).toEqual([3.5, 4]);
  });

  it("floor() and ceil() round down and up", () => {
    expect([evaluate("floor(2.7)"), evaluate("floor(-2.2)"), evaluate("ceil(2.2)"), evaluate("ceil(-0.5)")]).toEqual([2, -3, 3, 0]);
  });

  it("round() rounds half away from zero to whole numbers by default", () => {
    expect([evaluate("round(2.5)"), evaluate("round(-2.5)"), evaluate("round(2.4)")]).toEqual([3, -3, 2]);
  });

  it("round() rounds to decimal places on the number as written", () => {
    expect([evaluate("round(1.005, 2)"), evaluate("round(-1.005, 2)"), evaluate("round(2.345, 1)"), evaluate("round(0.1 + 0.2, 10)")]).toEqual([
      1.01,
      -1.01,
      2.3,
      0.3,
    ]);
  });

  it("round() with negative digits rounds to tens, hundreds and more", () => {
    expect(evaluate("round(1250, -2)")).toBe(1300);
  });

  it("round() rejects digits outside -15 to 15", () => {
    expect(compileError("round(x, 16)")).toEqual({ message: "round() digits must be a whole number from -15 to 15, got 16", offset: 9, length: 2 });
  });

  it("min() and max() pick the smallest and largest number, skipping nulls", () => {
    expect([evaluate(`min(3, "1.5", x, 2)`), evaluate(`max(3, "1.5", x, 2)`), evaluate("min(x, y)")]).toEqual([1.5, 3, null]);
  });

  it("number() reads fully numeric text and gives null otherwise", () => {
    expect([evaluate(`number(" 12.5 ")`), evaluate(`number("-1e2")`), evaluate(`number("12a")`), evaluate(`number("")`), evaluate("number(true)")]).toEqual([
      12.5,
      -100,
      null,
      null,
      null,
    ]);
  });

  it("string() writes numbers and booleans as text", () => {
    expect([evaluate("string(12.50)"), evaluate("string(false)"), evaluate("string(x)")]).toEqual(["12.5", "false", null]);
  });
});

describe("col()", () => {
  it("reads a column whose name is not a valid identifier", () => {
    expect(evaluate(`col("Order ID") || col('Paid at')`, { "Order ID": "A1", "Paid at": "/2024" })).toBe("A1/2024");
  });

  it("requires the column name as literal text", () => {
    expect(compileError("col(name)")).toEqual({ message: 'col() takes the column name as quoted text, like col("Order ID")', offset: 4, length: 4 });
  });
});

describe("null propagation through functions", () => {
  it("gives null from every strict function when its main argument is null", () => {
    const calls = [
      "lower(x)",
      "upper(x)",
      "trim(x)",
      "ltrim(x)",
      "rtrim(x)",
      "length(x)",
      "substr(x, 1)",
      "replace(x, \"a\", \"b\")",
      "regexMatch(x, \"a\")",
      "regexExtract(x, \"(a)\")",
      "regexReplace(x, \"a\", \"b\")",
      "startsWith(x, \"a\")",
      "endsWith(x, \"a\")",
      "contains(x, \"a\")",
      "abs(x)",
      "round(x, 2)",
      "floor(x)",
      "ceil(x)",
      "number(x)",
      "string(x)",
      "digits(x)",
      "padLeft(x, 3, \"0\")",
      "padRight(x, 3, \"0\")",
    ];
    expect(Object.fromEntries(calls.map((call) => [call, evaluate(call)]))).toEqual(Object.fromEntries(calls.map((call) => [call, null])));
  });

  it("gives null when a secondary argument is null", () => {
    expect([evaluate(`substr("abc", x)`), evaluate(`contains("abc", x)`), evaluate(`padLeft("a", x)`), evaluate(`round(1.5, x)`)]).toEqual([null, null, null, null]);
  });
});

describe("the text size limit", () => {
  it("stops a function from producing more than 10,000 characters, located at the call", () => {
    expect(runError(`"(" || replace(x, "a", "aaa") || ")"`, { x: "a".repeat(4000) })).toEqual({
      message: "replace() would produce text longer than 10000 characters",
      offset: 7,
      length: 22,
    });
  });

  it("applies to text passed through a function even when it does not grow", () => {
    expect(runError("trim(x)", { x: "a".repeat(10_001) })).toEqual({ message: "trim() would produce text longer than 10000 characters", offset: 0, length: 7 });
  });

  it("does not apply to a long column read as it is", () => {
    expect(evaluate("x", { x: "a".repeat(20_000) })).toBe("a".repeat(20_000));
  });
});
