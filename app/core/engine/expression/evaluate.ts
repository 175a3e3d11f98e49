import { ExpressionError } from "./errors";
import { FUNCTION_NAMES, findWhitelisted, type Argument, type BuildContext, type Evaluator, type FunctionSpec } from "./functions";
import type { BinaryNode, CallNode, InNode, Node } from "./parser";
import type { Value } from "./types";
import { equals, finite, MAX_TEXT_LENGTH, order, parseDecimal, readValue, toCondition, toNumber, toText, tooLong } from "./values";

/**
 * Compiles an AST once into a tree of closures: each node becomes a function
 * of the scope, built by ordinary code. Running an expression is then plain
 * function calls, with no per-row dispatch on node kinds and no source text
 * ever turned into code.
 */
export interface Compiled {
  readonly run: Evaluator;
  /** Columns and fields read, in order of first appearance. */
  readonly identifiers: readonly string[];
}

export function compileTree(root: Node): Compiled {
  const identifiers = new Set<string>();
  const context: BuildContext = {
    readColumn(name: string): Evaluator {
      identifiers.add(name);
      return (scope) => readValue(scope.get(name));
    },
  };
  const compile = (node: Node): Evaluator => {
    switch (node.kind) {
      case "literal": {
        const value = node.value;
        return () => value;
      }
      case "identifier":
        return context.readColumn(node.name);
      case "unary": {
        const operand = compile(node.operand);
        if (node.op === "negate") {
          return (scope) => {
            const value = toNumber(operand(scope));
            return value === null ? null : finite(-value);
          };
        }
        const at = node.operand;
        return (scope) => {
          const value = toCondition(operand(scope), at, "'not'");
          return value === null ? null : !value;
        };
      }
      case "binary":
        return compileBinary(node, compile(node.left), compile(node.right));
      case "logical": {
        const left = compile(node.left);
        const right = compile(node.right);
        const leftAt = node.left;
        const rightAt = node.right;
        const what = `'${node.op}'`;
        // Three-valued, with short-circuit: false and x = false, true or x = true, whatever x is.
        if (node.op === "and") {
          return (scope) => {
            const a = toCondition(left(scope), leftAt, what);
            if (a === false) return false;
            const b = toCondition(right(scope), rightAt, what);
            if (b === false) return false;
            return a === null || b === null ? null : true;
          };
        }
        return (scope) => {
          const a = toCondition(left(scope), leftAt, what);
          if (a === true) return true;
          const b = toCondition(right(scope), rightAt, what);
          if (b === true) return true;
          return a === null || b === null ? null : false;
        };
      }
      case "in":
        return compileIn(node, compile(node.operand));
      case "isNull": {
        const operand = compile(node.operand);
        return node.negated ? (scope) => operand(scope) !== null : (scope) => operand(scope) === null;
      }
      case "call":
        return compileCall(node, node.args.map((arg) => ({ node: arg, run: compile(arg) })), context);
    }
  };
  const run = compile(root);
  return { run, identifiers: [...identifiers] };
}

function compileBinary(node: BinaryNode, left: Evaluator, right: Evaluator): Evaluator {
  switch (node.op) {
    case "+":
      return arithmetic(left, right, (a, b) => a + b);
    case "-":
      return arithmetic(left, right, (a, b) => a - b);
    case "*":
      return arithmetic(left, right, (a, b) => a * b);
    // Division and remainder by zero are null, as an unknown, rather than Infinity or an error that stops a whole run.
    case "/":
      return arithmetic(left, right, (a, b) => (b === 0 ? NaN : a / b));
    case "%":
      return arithmetic(left, right, (a, b) => (b === 0 ? NaN : a % b));
    case "||":
      return (scope) => {
        const a = toText(left(scope));
        if (a === null) return null;
        const b = toText(right(scope));
        if (b === null) return null;
        if (a.length + b.length > MAX_TEXT_LENGTH) throw tooLong(node, "'||'");
        return a + b;
      };
    case "=":
      return (scope) => equals(left(scope), right(scope));
    case "!=":
      return (scope) => {
        const same = equals(left(scope), right(scope));
        return same === null ? null : !same;
      };
    case "<":
      return comparison(left, right, (c) => c < 0);
    case "<=":
      return comparison(left, right, (c) => c <= 0);
    case ">":
      return comparison(left, right, (c) => c > 0);
    case ">=":
      return comparison(left, right, (c) => c >= 0);
  }
}

function arithmetic(left: Evaluator, right: Evaluator, apply: (a: number, b: number) => number): Evaluator {
  return (scope) => {
    const a = toNumber(left(scope));
    if (a === null) return null;
    const b = toNumber(right(scope));
    if (b === null) return null;
    return finite(apply(a, b));
  };
}

/** `test` sees NaN for values that cannot be ordered (text against a non-number), which makes every ordering false. */
function comparison(left: Evaluator, right: Evaluator, test: (order: number) => boolean): Evaluator {
  return (scope) => {
    const c = order(left(scope), right(scope));
    return c === null ? null : test(c);
  };
}

/**
 * Membership is precomputed into sets that follow `=` exactly: text matches
 * text, numbers match numbers and numeric text. As in SQL, a miss against a
 * list holding null is null (unknown), not false.
 */
function compileIn(node: InNode, operand: Evaluator): Evaluator {
  const texts = new Set<string>();
  const numbers = new Set<number>();
  const textsAsNumbers = new Set<number>();
  const booleans = new Set<boolean>();
  let hasNull = false;
  for (const item of node.items) {
    const value = item.value;
    if (value === null) hasNull = true;
    else if (typeof value === "string") {
      texts.add(value);
      const number = parseDecimal(value);
      if (number !== null) textsAsNumbers.add(number);
    } else if (typeof value === "number") numbers.add(value);
    else booleans.add(value);
  }
  const contains = (value: Exclude<Value, null>): boolean => {
    if (typeof value === "string") {
      if (texts.has(value)) return true;
      if (numbers.size === 0) return false;
      const number = parseDecimal(value);
      return number !== null && numbers.has(number);
    }
    if (typeof value === "number") return numbers.has(value) || textsAsNumbers.has(value);
    return booleans.has(value);
  };
  const negated = node.negated;
  return (scope) => {
    const value = operand(scope);
    if (value === null) return null;
    if (contains(value)) return !negated;
    return hasNull ? null : negated;
  };
}

function compileCall(node: CallNode, args: readonly Argument[], context: BuildContext): Evaluator {
  const spec = findWhitelisted(node.name);
  if (!spec) {
    const suggestion = closestName(node.name);
    const hint = suggestion ? `; did you mean ${suggestion}()?` : "";
    throw new ExpressionError(`unknown function '${node.name}'${hint}`, node.offset, node.name.length);
  }
  if (args.length < spec.minArgs || args.length > spec.maxArgs) {
    throw new ExpressionError(
      `${spec.name}() takes ${describeArity(spec)} but got ${args.length}: ${spec.name}(${spec.params})`,
      node.offset,
      node.length,
    );
  }
  return spec.build(args, node, context);
}

function describeArity(spec: FunctionSpec): string {
  const count = (n: number) => `${n} argument${n === 1 ? "" : "s"}`;
  if (spec.maxArgs === Infinity) return `at least ${count(spec.minArgs)}`;
  if (spec.minArgs === spec.maxArgs) return count(spec.minArgs);
  return `${spec.minArgs} to ${count(spec.maxArgs)}`;
}

/** A near miss (one or two edits, ignoring case) is almost always a typo worth naming. */
function closestName(name: string): string | undefined {
  if (name.length < 3) return undefined;
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of FUNCTION_NAMES) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    previous = current;
  }
  return previous[b.length]!;
}
