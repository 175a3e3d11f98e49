import { describe, expect, it } from "vitest";
import { compileExpression } from "~/core/engine/expression";
import { compileError, evaluate } from "./helpers";

describe("expression literals", () => {
  it("reads a double-quoted string", () => {
    expect(evaluate(`"it's"`)).toBe("it's");
  });

  it("reads a single-quoted string", () => {
    expect(evaluate(`'say "hi"'`)).toBe('say "hi"');
  });

  it("decodes backslash escapes in strings", () => {
    expect(evaluate(String.raw`"a\"b\\c\n\t\u00e9\'"`)).toBe("a\"b\\c\n\té'");
  });

  it("keeps other backslash sequences as written, so regex patterns need no doubling", () => {
    expect(evaluate(String.raw`"\d+\.\d{2}"`)).toBe(String.raw`\d+\.\d{2}`);
  });

  it("reads whole numbers, decimals and exponents", () => {
    expect([evaluate("12"), evaluate("0.25"), evaluate("1e3"), evaluate("2.5E-1")]).toEqual([12, 0.25, 1000, 0.25]);
  });

  it("reads negative numbers", () => {
    expect([evaluate("-12.5"), evaluate("- 3"), evaluate("-0")]).toEqual([-12.5, -3, 0]);
  });

  it("reads true, false and null in any case", () => {
    expect([evaluate("true"), evaluate("FALSE"), evaluate("Null")]).toEqual([true, false, null]);
  });
});

describe("expression names", () => {
  it("reads a bare identifier through the scope", () => {
    expect(evaluate("type", { type: "charge" })).toBe("charge");
  });

  it("reads a backtick-quoted column name with spaces", () => {
    expect(evaluate("`Paid at`", { "Paid at": "2024-03-01" })).toBe("2024-03-01");
  });

  it("reads a doubled backtick inside a quoted name as one backtick", () => {
    expect(evaluate("`odd``name`", { "odd`name": "yes" })).toBe("yes");
  });

  it("reads a column by quoted name with col()", () => {
    expect(evaluate(`col("Order ID")`, { "Order ID": "A-17" })).toBe("A-17");
  });

  it("reads an unknown column as null", () => {
    expect(evaluate("missing", { other: "x" })).toBe(null);
  });

  it("treats column names as case-sensitive", () => {
    expect([evaluate("Type", { type: "charge" }), evaluate("type", { type: "charge" })]).toEqual([null, "charge"]);
  });

  it("reads a column named like a keyword when it is quoted", () => {
    expect(evaluate("`null` || `and`", { null: "n", and: "a" })).toBe("na");
  });

  it("lists each identifier, quoted name and col() name once, in order of first appearance", () => {
    const compiled = compileExpression("a = 1 and `Paid at` is null or col(\"Order ID\") = a || value");
    expect(compiled.identifiers).toEqual(["a", "Paid at", "Order ID", "value"]);
  });

  it("lists no identifiers for an expression of literals", () => {
    expect(compileExpression(`upper("x") || 1`).identifiers).toEqual([]);
  });

  it("keeps the source as given", () => {
    expect(compileExpression(" upper(x) ").source).toBe(" upper(x) ");
  });

  it("accepts keywords in any case", () => {
    expect(evaluate("x NOT IN (1) AnD y IS NOT NULL Or FALSE", { x: 2, y: "set" })).toBe(true);
  });

  it("accepts function names in any case", () => {
    expect(evaluate(`UPPER("a") || Lower("B")`)).toBe("Ab");
  });

  it("ignores spaces, tabs and line breaks between tokens", () => {
    expect(evaluate("1\n+\t2\r\n*  3")).toBe(7);
  });
});

describe("operator precedence", () => {
  it("multiplies before adding", () => {
    expect(evaluate("1 + 2 * 3")).toBe(7);
  });

  it("lets parentheses override precedence", () => {
    expect(evaluate("(1 + 2) * 3")).toBe(9);
  });

  it("groups subtraction and division from the left", () => {
    expect([evaluate("10 - 4 - 3"), evaluate("24 / 4 / 2")]).toEqual([3, 3]);
  });

  it("applies unary minus before multiplication", () => {
    expect([evaluate("-2 * 3"), evaluate("-(2 + 3)"), evaluate("- -4")]).toEqual([-6, -5, 4]);
  });

  it("adds before concatenating with ||", () => {
    expect(evaluate(`"n=" || 1 + 2`)).toBe("n=3");
  });

  it("concatenates before comparing", () => {
    expect(evaluate(`"a" || "b" = "ab"`)).toBe(true);
  });

  it("binds and tighter than or", () => {
    expect([evaluate("true or false and false"), evaluate("(true or false) and false")]).toEqual([true, false]);
  });

  it("applies not to a whole comparison", () => {
    expect(evaluate("not 1 = 2")).toBe(true);
  });

  it("binds not tighter than and", () => {
    expect(evaluate("not false and false")).toBe(false);
  });

  it("treats ! as not", () => {
    expect([evaluate("!(1 = 2)"), evaluate("! true")]).toEqual([true, false]);
  });

  it("applies not to the next operand inside a comparison", () => {
    expect(evaluate("true = not false")).toBe(true);
  });
});

describe("syntax errors", () => {
  it("reports an empty expression", () => {
    expect(compileError("   ")).toEqual({ message: "the expression is empty", offset: 0, length: 3 });
  });

  it("reports an unterminated string at its opening quote", () => {
    expect(compileError(`upper("abc`)).toEqual({ message: 'unterminated string: missing closing "', offset: 6, length: 4 });
  });

  it("reports an unterminated quoted column name", () => {
    expect(compileError("`Paid at = 1")).toEqual({ message: "unterminated column name: missing closing `", offset: 0, length: 12 });
  });

  it("reports an empty quoted column name", () => {
    expect(compileError("`` = 1")).toEqual({ message: "empty column name ``", offset: 0, length: 2 });
  });

  it("reports an unknown character", () => {
    expect(compileError("a @ b")).toEqual({ message: "unexpected character '@'", offset: 2, length: 1 });
  });

  it("reports a control character by its code point", () => {
    expect(compileError("a \u0007 b")).toEqual({ message: "unexpected character U+0007", offset: 2, length: 1 });
  });

  it("suggests backticks for a name with non-ASCII letters", () => {
    expect(compileError("montant€ = 1").message).toBe("unexpected character '€'");
    expect(compileError("été = 1")).toEqual({
      message: "unexpected character 'é'; quote a column name with other characters in backticks, like `Montant €`",
      offset: 0,
      length: 1,
    });
  });

  it("suggests 'and' for a single &", () => {
    expect(compileError("a & b")).toEqual({ message: "unexpected '&': use 'and' (or '&&')", offset: 2, length: 1 });
  });

  it("suggests || or 'or' for a single |", () => {
    expect(compileError("a | b")).toEqual({ message: "unexpected '|': use '||' to join text, or 'or' to combine conditions", offset: 2, length: 1 });
  });

  it("suggests if() for the ? : conditional", () => {
    expect(compileError("a ? 1 : 2")).toEqual({ message: "the '? :' conditional is not supported: use if(condition, then, else)", offset: 2, length: 1 });
  });

  it("reports a hexadecimal or underscored number as invalid", () => {
    expect(compileError("0x10")).toEqual({ message: "invalid number '0x10': numbers are written in decimal, like 12 or 0.5", offset: 0, length: 4 });
    expect(compileError("1_000").message).toBe("invalid number '1_000': numbers are written in decimal, like 12 or 0.5");
  });

  it("reports a number without a leading digit", () => {
    expect(compileError("x * .5")).toEqual({ message: "a number must start with a digit: write 0.5, not .5", offset: 4, length: 1 });
  });

  it("reports a number too large for a double", () => {
    expect(compileError("1e999")).toEqual({ message: "number '1e999' is too large", offset: 0, length: 5 });
  });

  it("reports two values with no operator between them", () => {
    expect(compileError("a b")).toEqual({ message: "found the name 'b' where an operator or the end of the expression was expected", offset: 2, length: 1 });
  });

  it("reports an expression that ends after an operator", () => {
    expect(compileError("1 +")).toEqual({ message: "the expression ends too early: expected a value", offset: 3, length: 0 });
  });

  it("reports a keyword where a value belongs", () => {
    expect(compileError("1 + and")).toEqual({ message: "expected a value but found the keyword 'and'", offset: 4, length: 3 });
  });

  it("reports a missing closing parenthesis", () => {
    expect(compileError("(a + 1")).toEqual({ message: "expected ')' to close the '(' at offset 0 but found the end of the expression", offset: 6, length: 0 });
  });

  it("reports an unmatched closing parenthesis", () => {
    expect(compileError("a + 1)")).toEqual({ message: "unmatched ')'", offset: 5, length: 1 });
  });

  it("reports a missing comma between arguments", () => {
    expect(compileError(`concat(a b)`)).toEqual({ message: "expected ',' or ')' in the call to concat() but found the name 'b'", offset: 9, length: 1 });
  });

  it("rejects chained comparisons", () => {
    expect(compileError("a = b = c")).toEqual({ message: "comparisons cannot be chained: add parentheses, or combine them with 'and'", offset: 6, length: 1 });
  });

  it("rejects a non-literal value in an in list", () => {
    expect(compileError("a in (b)")).toEqual({
      message: "'in' lists may only hold literal values (text, numbers, true, false or null) but found the name 'b'",
      offset: 6,
      length: 1,
    });
  });

  it("rejects an empty in list", () => {
    expect(compileError("a not in ()")).toEqual({ message: "the list after 'not in' needs at least one value", offset: 10, length: 1 });
  });

  it("rejects in without a parenthesized list", () => {
    expect(compileError(`a in "x"`)).toEqual({ message: `expected '(' after 'in' but found the text "x"`, offset: 5, length: 3 });
  });

  it("rejects is followed by anything but null or not null", () => {
    expect(compileError("a is 1")).toEqual({ message: "expected 'null' after 'is' but found the number 1", offset: 5, length: 1 });
  });

  it("rejects not after a value unless in follows", () => {
    expect(compileError("a not b")).toEqual({ message: "expected 'in' after 'not' but found the name 'b'", offset: 6, length: 1 });
  });

  it("rejects calling anything but a function name", () => {
    expect(compileError("(upper)(x)")).toEqual({ message: "only functions can be called, by their name, like upper(x)", offset: 7, length: 1 });
  });

  it("reports an unknown function at its name", () => {
    expect(compileError("1 + nope(x)")).toEqual({ message: "unknown function 'nope'", offset: 4, length: 4 });
  });

  it("suggests the closest function for a misspelled name", () => {
    expect(compileError("uper(x)")).toEqual({ message: "unknown function 'uper'; did you mean upper()?", offset: 0, length: 4 });
  });

  it("reports a wrong argument count with the function's parameters", () => {
    expect(compileError(`substr("a")`)).toEqual({
      message: "substr() takes 2 to 3 arguments but got 1: substr(text, start (1-based), length?)",
      offset: 0,
      length: 11,
    });
    expect(compileError(`if(a, b)`).message).toBe("if() takes 3 arguments but got 2: if(condition, then, else)");
    expect(compileError(`upper()`).message).toBe("upper() takes 1 argument but got 0: upper(text)");
    expect(compileError(`coalesce()`).message).toBe("coalesce() takes at least 1 argument but got 0: coalesce(value, …)");
  });
});
