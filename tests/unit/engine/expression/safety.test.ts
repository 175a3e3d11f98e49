import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileExpression, type ExpressionScope, type Value } from "~/core/engine/expression";
import { compileError, evaluate } from "./helpers";

const MEMBER_ACCESS = 'member access is not allowed: expressions read columns by name, like `Order ID` or col("Order ID")';
const notAvailable = (name: string) =>
  `'${name}' is not available: expressions are not JavaScript and only read columns; a column named ${name} is written \`${name}\``;

describe("expressions cannot reach the host", () => {
  it("rejects constructor.constructor(…)() at the first '.'", () => {
    expect(compileError(`constructor.constructor("return process")()`)).toEqual({ message: MEMBER_ACCESS, offset: 11, length: 1 });
  });

  it("rejects this", () => {
    expect(compileError("this")).toEqual({ message: notAvailable("this"), offset: 0, length: 4 });
  });

  it("rejects globalThis", () => {
    expect(compileError("globalThis = 1")).toEqual({ message: notAvailable("globalThis"), offset: 0, length: 10 });
  });

  it("rejects process.exit()", () => {
    expect(compileError("process.exit()")).toEqual({ message: MEMBER_ACCESS, offset: 7, length: 1 });
  });

  it("rejects Node's own names when unquoted, and reads a quoted one as a column", () => {
    expect([compileError("process = 1"), compileError(`Function is null`), compileError("upper(Buffer)")]).toEqual([
      { message: notAvailable("process"), offset: 0, length: 7 },
      { message: notAvailable("Function"), offset: 0, length: 8 },
      { message: notAvailable("Buffer"), offset: 6, length: 6 },
    ]);
    expect(compileExpression("`process` = 1").identifiers).toEqual(["process"]);
  });

  it("rejects a bare __proto__", () => {
    expect(compileError("__proto__ is null")).toEqual({ message: notAvailable("__proto__"), offset: 0, length: 9 });
  });

  it("rejects toString() as an unknown function", () => {
    expect(compileError("toString()")).toEqual({ message: "unknown function 'toString'; did you mean string()?", offset: 0, length: 8 });
  });

  it("rejects Object.prototype members called as functions", () => {
    const messages = ["constructor(1)", "hasOwnProperty(\"a\")", "valueOf()", "__proto__()", "__defineGetter__(\"a\", 1)", "isPrototypeOf(1)"].map(
      (source) => compileError(source).message,
    );
    expect(messages).toEqual([
      "unknown function 'constructor'",
      "unknown function 'hasOwnProperty'",
      "unknown function 'valueOf'",
      "unknown function '__proto__'",
      "unknown function '__defineGetter__'",
      "unknown function 'isPrototypeOf'",
    ]);
  });

  it("rejects eval, require and import as unknown functions", () => {
    expect([compileError(`eval("1")`), compileError(`require("fs")`), compileError(`import("fs")`)]).toEqual([
      { message: "unknown function 'eval'", offset: 0, length: 4 },
      { message: "unknown function 'require'", offset: 0, length: 7 },
      { message: "unknown function 'import'", offset: 0, length: 6 },
    ]);
  });

  it("rejects new Function(…) at 'new'", () => {
    expect(compileError(`new Function("return 1")`)).toEqual({ message: notAvailable("new"), offset: 0, length: 3 });
  });

  it("rejects calling the result of a call", () => {
    expect(compileError(`Function("return 1")()`)).toEqual({ message: "only functions can be called, by their name, like upper(x)", offset: 20, length: 1 });
  });

  it("rejects bracket access on a name", () => {
    expect(compileError(`a["constructor"]`)).toEqual({ message: MEMBER_ACCESS, offset: 1, length: 1 });
  });

  it("rejects bracket access on a parenthesized literal", () => {
    expect(compileError(`(1)["constructor"]`)).toEqual({ message: MEMBER_ACCESS, offset: 3, length: 1 });
  });

  it("rejects dot access on a quoted name and on a call", () => {
    expect([compileError("`Order ID`.length"), compileError(`upper(x).constructor`)]).toEqual([
      { message: MEMBER_ACCESS, offset: 10, length: 1 },
      { message: MEMBER_ACCESS, offset: 8, length: 1 },
    ]);
  });

  it("rejects template literals", () => {
    expect(compileError("`${process.exit()}`")).toEqual({
      message: "template literals are not supported: backticks quote a column name; use '||' or concat() to build text",
      offset: 1,
      length: 2,
    });
  });

  it("rejects arrow functions", () => {
    expect(compileError("(x) => x")).toEqual({ message: "arrow functions ('=>') are not supported", offset: 4, length: 2 });
  });

  it("rejects ; between statements", () => {
    expect(compileError("1; 2")).toEqual({ message: "';' is not allowed: an expression is a single formula, not a list of statements", offset: 1, length: 1 });
  });

  it("rejects an assignment followed by another statement", () => {
    expect(compileError("a = 1; b")).toEqual({ message: "';' is not allowed: an expression is a single formula, not a list of statements", offset: 5, length: 1 });
  });

  it("rejects compound assignment and increments", () => {
    expect([compileError("a += 1"), compileError("a++")]).toEqual([
      { message: "assignment ('+=') is not supported: an expression only computes a value", offset: 2, length: 2 },
      { message: "'++' is not supported: an expression only computes a value", offset: 1, length: 2 },
    ]);
  });

  it("rejects JavaScript's strict equality", () => {
    expect(compileError("a === 1")).toEqual({ message: "'===' is not an operator: use '=' (or '==') to compare", offset: 2, length: 3 });
  });

  it("rejects a backslash outside a string", () => {
    expect(compileError(String.raw`\u0063onstructor`)).toEqual({ message: "unexpected character '\\'", offset: 0, length: 1 });
  });

  it("treats a plain single = as a comparison, never an assignment", () => {
    const row = { a: 2 };
    expect([evaluate("a = 1", row), row.a]).toEqual([false, 2]);
  });
});

describe("names resolve only through the scope", () => {
  it("reads col(\"__proto__\") as null when the scope has no such column", () => {
    expect(evaluate(`col("__proto__")`, { amount: "1" })).toBe(null);
  });

  it("reads a column literally named __proto__ when the scope has one", () => {
    const scope: ExpressionScope = { get: (name) => (name === "__proto__" ? "real column" : null) };
    expect([compileExpression("`__proto__`").run(scope), compileExpression(`col("__proto__")`).run(scope)]).toEqual(["real column", "real column"]);
  });

  it("reads host objects leaked by a careless object-backed scope as null", () => {
    const row: Record<string, unknown> = { amount: "1" };
    const careless: ExpressionScope = { get: (name) => row[name] as Value };
    const read = (source: string) => compileExpression(source).run(careless);
    expect([read(`col("__proto__")`), read(`col("constructor")`), read(`col("toString")`), read("`hasOwnProperty`"), read("amount")]).toEqual([
      null,
      null,
      null,
      null,
      "1",
    ]);
  });

  it("reads undefined, NaN and Infinity from a scope as null", () => {
    const values = new Map<string, unknown>([["u", undefined], ["nan", NaN], ["inf", Infinity]]);
    const scope: ExpressionScope = { get: (name) => values.get(name) as Value };
    expect(["u is null", "nan is null", "inf is null"].map((source) => compileExpression(source).run(scope))).toEqual([true, true, true]);
  });

  it("asks the scope only for the names listed in identifiers", () => {
    const asked: string[] = [];
    const scope: ExpressionScope = {
      get: (name) => {
        asked.push(name);
        return "1";
      },
    };
    const compiled = compileExpression("a = 1 and (`b c` || col(\"d\")) = \"11\" and upper(a) is not null");
    compiled.run(scope);
    expect({ asked: [...new Set(asked)], identifiers: compiled.identifiers }).toEqual({ asked: ["a", "b c", "d"], identifiers: ["a", "b c", "d"] });
  });
});

describe("the expression module's source", () => {
  const directory = fileURLToPath(new URL("../../../../app/core/engine/expression/", import.meta.url));
  const files = readdirSync(directory).filter((name) => name.endsWith(".ts"));

  it("holds the modules this suite covers", () => {
    expect(files.sort()).toEqual(["ast.ts", "errors.ts", "evaluate.ts", "function-builders.ts", "functions.ts", "index.ts", "lexer.ts", "parser.ts", "regex.ts", "syntax.ts", "text-functions.ts", "types.ts", "values.ts"]);
  });

  it("never evaluates strings as code", () => {
    const offending = files.flatMap((name) => {
      const text = readFileSync(path.join(directory, name), "utf8");
      return ["eval(", "new Function", "Function("].filter((needle) => text.includes(needle)).map((needle) => `${name}: ${needle}`);
    });
    expect(offending).toEqual([]);
  });
});
