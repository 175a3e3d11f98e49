import { ExpressionError } from "./errors";
import type { CallNode, LiteralNode, Node } from "./parser";
import { compilePattern, replaceAll, type CompiledPattern } from "./regex";
import type { ExpressionScope, Value } from "./types";
import {
  checkTextLength,
  codePointLength,
  describeValue,
  finite,
  MAX_TEXT_LENGTH,
  parseDecimal,
  sliceCodePoints,
  toCondition,
  toNumber,
  toText,
  tooLong,
} from "./values";

/**
 * The whitelist: the only functions an expression can call. All are pure and
 * deterministic (no clock, no randomness, no locale), so a rule set gives the
 * same result wherever and whenever it runs.
 *
 * Null handling: a null argument gives a null result, except where a function
 * exists to deal with nulls (coalesce, concat, if, min, max).
 */

export type Evaluator = (scope: ExpressionScope) => Value;

export interface Argument {
  readonly node: Node;
  readonly run: Evaluator;
}

export interface BuildContext {
  /** Reads a column or mapped field and records its name in the expression's identifiers. */
  readColumn(name: string): Evaluator;
}

export interface FunctionSpec {
  /** Canonical spelling, for messages; calls match it case-insensitively. */
  readonly name: string;
  /** Parameter list shown when a call has the wrong number of arguments. */
  readonly params: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Turns the compiled arguments into one closure; runs once per compile, not per row. */
  readonly build: (args: readonly Argument[], call: CallNode, context: BuildContext) => Evaluator;
}

function literalOf(arg: Argument | undefined): LiteralNode | undefined {
  return arg?.node.kind === "literal" ? arg.node : undefined;
}

function argumentError(arg: Argument, message: string): ExpressionError {
  return new ExpressionError(message, arg.node.offset, arg.node.length);
}

function textToText(name: string, transform: (text: string) => string): FunctionSpec {
  return {
    name,
    params: "text",
    minArgs: 1,
    maxArgs: 1,
    build: ([text], call) => {
      const run = text!.run;
      const what = `${name}()`;
      return (scope) => {
        const value = toText(run(scope));
        return value === null ? null : checkTextLength(transform(value), call, what);
      };
    },
  };
}

function numberToNumber(name: string, transform: (value: number) => number): FunctionSpec {
  return {
    name,
    params: "number",
    minArgs: 1,
    maxArgs: 1,
    build: ([value]) => {
      const run = value!.run;
      return (scope) => {
        const number = toNumber(run(scope));
        return number === null ? null : finite(transform(number));
      };
    },
  };
}

function textPredicate(name: string, params: string, test: (text: string, other: string) => boolean): FunctionSpec {
  return {
    name,
    params,
    minArgs: 2,
    maxArgs: 2,
    build: ([text, other]) => {
      const runText = text!.run;
      const runOther = other!.run;
      return (scope) => {
        const a = toText(runText(scope));
        if (a === null) return null;
        const b = toText(runOther(scope));
        return b === null ? null : test(a, b);
      };
    },
  };
}

/** A literal pattern is validated and compiled now, so a bad one fails at compile time; others are compiled (and cached) per distinct value. */
function patternArgument(arg: Argument): (scope: ExpressionScope) => CompiledPattern | null {
  const literal = literalOf(arg);
  if (literal && typeof literal.value === "string") {
    const compiled = compilePattern(literal.value, literal);
    return () => compiled;
  }
  const run = arg.run;
  return (scope) => {
    const pattern = toText(run(scope));
    return pattern === null ? null : compilePattern(pattern, arg.node);
  };
}

type Group = number | string;

function checkGroup(group: Group, pattern: CompiledPattern, arg: Argument): Group {
  if (typeof group === "string") {
    if (!pattern.groupNames.has(group)) throw argumentError(arg, `regexExtract() group '${group}' is not a named group of the pattern`);
    return group;
  }
  if (!Number.isInteger(group) || group < 0 || group > pattern.groupCount) {
    const has = pattern.groupCount === 0 ? "no capturing groups" : pattern.groupCount === 1 ? "1 capturing group" : `${pattern.groupCount} capturing groups`;
    throw argumentError(arg, `regexExtract() group ${group} does not exist: the pattern has ${has} (use 0 for the whole match)`);
  }
  return group;
}

function groupValue(value: Value, arg: Argument): Group | null {
  if (value === null) return null;
  if (typeof value === "number") return value;
  if (typeof value === "string") return parseDecimal(value) ?? value;
  throw argumentError(arg, `regexExtract() group must be a number or a group name, got ${describeValue(value)}`);
}

function countOccurrences(text: string, find: string): number {
  let count = 0;
  for (let at = text.indexOf(find); at !== -1; at = text.indexOf(find, at + find.length)) count++;
  return count;
}

/**
 * Half away from zero, on the number's shortest decimal spelling: round(1.005, 2)
 * is 1.01 although the double nearest 1.005 is slightly below it. Shifting the
 * exponent in the spelling avoids the multiplication that would expose that.
 */
function roundHalfAwayFromZero(value: number, digits: number): number {
  const magnitude = Math.abs(value);
  const shifted = Math.round(Number(shiftDecimal(magnitude, digits)));
  const rounded = Number(shiftDecimal(shifted, -digits));
  return value < 0 ? -rounded : rounded;
}

function shiftDecimal(value: number, places: number): string {
  const [mantissa, exponent = "0"] = String(value).split("e");
  return `${mantissa}e${Number(exponent) + places}`;
}

const MAX_ROUND_DIGITS = 15;

function checkDigits(value: number, arg: Argument): number {
  if (!Number.isInteger(value) || Math.abs(value) > MAX_ROUND_DIGITS) {
    throw argumentError(arg, `round() digits must be a whole number from -${MAX_ROUND_DIGITS} to ${MAX_ROUND_DIGITS}, got ${value}`);
  }
  return value;
}

function pad(name: "padLeft" | "padRight"): FunctionSpec {
  const what = `${name}()`;
  const checkFill = (fill: string, arg: Argument): string => {
    if (codePointLength(fill) !== 1) throw argumentError(arg, `${what} fill must be exactly one character, got ${describeValue(fill)}`);
    return fill;
  };
  const checkWidth = (width: number, arg: Argument): number => {
    if (width > MAX_TEXT_LENGTH) throw argumentError(arg, `${what} width ${width} is over the ${MAX_TEXT_LENGTH}-character limit for text`);
    return Math.trunc(width);
  };
  return {
    name,
    params: "text, width, fill = ' '",
    minArgs: 2,
    maxArgs: 3,
    build: ([text, width, fill], call) => {
      const literalWidth = literalOf(width);
      if (typeof literalWidth?.value === "number") checkWidth(literalWidth.value, width!);
      const literalFill = literalOf(fill);
      if (typeof literalFill?.value === "string") checkFill(literalFill.value, fill!);
      const runText = text!.run;
      const runWidth = width!.run;
      const runFill = fill?.run;
      return (scope) => {
        const value = toText(runText(scope));
        if (value === null) return null;
        const rawWidth = toNumber(runWidth(scope));
        if (rawWidth === null) return null;
        const target = checkWidth(rawWidth, width!);
        let filler = " ";
        if (runFill) {
          const rawFill = toText(runFill(scope));
          if (rawFill === null) return null;
          filler = checkFill(rawFill, fill!);
        }
        const missing = target - codePointLength(value);
        if (missing <= 0) return checkTextLength(value, call, what);
        const padding = filler.repeat(missing);
        return checkTextLength(name === "padLeft" ? padding + value : value + padding, call, what);
      };
    },
  };
}

function extreme(name: "min" | "max", pick: (a: number, b: number) => number): FunctionSpec {
  return {
    name,
    params: "number, …",
    minArgs: 1,
    maxArgs: Infinity,
    build: (args) => {
      const runs = args.map((arg) => arg.run);
      return (scope) => {
        let result: number | null = null;
        for (const run of runs) {
          const value = toNumber(run(scope));
          if (value !== null) result = result === null ? value : pick(result, value);
        }
        return result;
      };
    },
  };
}

const SPECS: readonly FunctionSpec[] = [
  textToText("lower", (text) => text.toLowerCase()),
  textToText("upper", (text) => text.toUpperCase()),
  textToText("trim", (text) => text.trim()),
  textToText("ltrim", (text) => text.trimStart()),
  textToText("rtrim", (text) => text.trimEnd()),
  textToText("digits", (text) => text.replace(/[^0-9]/g, "")),
  {
    name: "length",
    params: "text",
    minArgs: 1,
    maxArgs: 1,
    build: ([text]) => {
      const run = text!.run;
      return (scope) => {
        const value = toText(run(scope));
        return value === null ? null : codePointLength(value);
      };
    },
  },
  {
    name: "substr",
    params: "text, start (1-based), length?",
    minArgs: 2,
    maxArgs: 3,
    build: ([text, start, count], call) => {
      const runText = text!.run;
      const runStart = start!.run;
      const runCount = count?.run;
      return (scope) => {
        const value = toText(runText(scope));
        if (value === null) return null;
        const rawStart = toNumber(runStart(scope));
        if (rawStart === null) return null;
        const first = Math.trunc(rawStart);
        if (!runCount) return checkTextLength(sliceCodePoints(value, Math.max(first, 1) - 1), call, "substr()");
        const rawCount = toNumber(runCount(scope));
        if (rawCount === null) return null;
        const length = Math.trunc(rawCount);
        if (length < 0) throw argumentError(count!, `substr() length must not be negative, got ${length}`);
        // SQL semantics: the window [start, start + length) is clipped to the text, so substr("abc", 0, 2) is "a".
        const from = Math.max(first, 1);
        const to = first + length;
        if (to <= from) return "";
        return checkTextLength(sliceCodePoints(value, from - 1, to - 1), call, "substr()");
      };
    },
  },
  {
    name: "replace",
    params: "text, find, replacement",
    minArgs: 3,
    maxArgs: 3,
    build: ([text, find, replacement], call) => {
      const runText = text!.run;
      const runFind = find!.run;
      const runReplacement = replacement!.run;
      return (scope) => {
        const value = toText(runText(scope));
        const target = toText(runFind(scope));
        const by = toText(runReplacement(scope));
        if (value === null || target === null || by === null) return null;
        if (target === "") return checkTextLength(value, call, "replace()");
        const grown = value.length + countOccurrences(value, target) * (by.length - target.length);
        if (grown > MAX_TEXT_LENGTH) throw tooLong(call, "replace()");
        // split/join, not replaceAll: the replacement is plain text, and "$&" must stay "$&".
        return value.split(target).join(by);
      };
    },
  },
  {
    name: "regexMatch",
    params: "text, pattern",
    minArgs: 2,
    maxArgs: 2,
    build: ([text, pattern]) => {
      const runText = text!.run;
      const patternOf = patternArgument(pattern!);
      return (scope) => {
        const value = toText(runText(scope));
        if (value === null) return null;
        const compiled = patternOf(scope);
        return compiled === null ? null : compiled.regex.test(value);
      };
    },
  },
  {
    name: "regexExtract",
    params: "text, pattern, group = 1",
    minArgs: 2,
    maxArgs: 3,
    build: ([text, pattern, group], call) => {
      const runText = text!.run;
      const patternOf = patternArgument(pattern!);
      const literalPattern = literalOf(pattern);
      const literalGroup = literalOf(group);
      let fixedGroup: Group | null | undefined;
      if (group === undefined) fixedGroup = 1;
      else if (literalGroup) fixedGroup = groupValue(literalGroup.value, group);
      if (fixedGroup != null && literalPattern && typeof literalPattern.value === "string") {
        checkGroup(fixedGroup, compilePattern(literalPattern.value, literalPattern), group ?? pattern!);
      }
      const runGroup = group?.run;
      return (scope) => {
        const value = toText(runText(scope));
        if (value === null) return null;
        const compiled = patternOf(scope);
        if (compiled === null) return null;
        const wanted = fixedGroup !== undefined ? fixedGroup : groupValue(runGroup!(scope), group!);
        if (wanted === null) return null;
        const index = checkGroup(wanted, compiled, group ?? pattern!);
        const match = compiled.regex.exec(value);
        if (!match) return null;
        const found = typeof index === "number" ? match.captures[index] : match.named.get(index);
        return found === undefined ? null : checkTextLength(found, call, "regexExtract()");
      };
    },
  },
  {
    name: "regexReplace",
    params: "text, pattern, replacement",
    minArgs: 3,
    maxArgs: 3,
    build: ([text, pattern, replacement], call) => {
      const runText = text!.run;
      const patternOf = patternArgument(pattern!);
      const runReplacement = replacement!.run;
      return (scope) => {
        const value = toText(runText(scope));
        if (value === null) return null;
        const compiled = patternOf(scope);
        const by = toText(runReplacement(scope));
        if (compiled === null || by === null) return null;
        return replaceAll(value, compiled, by, call, "regexReplace()");
      };
    },
  },
  textPredicate("startsWith", "text, prefix", (text, prefix) => text.startsWith(prefix)),
  textPredicate("endsWith", "text, suffix", (text, suffix) => text.endsWith(suffix)),
  textPredicate("contains", "text, part", (text, part) => text.includes(part)),
  {
    name: "concat",
    params: "value, …",
    minArgs: 1,
    maxArgs: Infinity,
    // Unlike ||, concat skips nulls (as in PostgreSQL): concat(first, " ", middle, " ", last) survives a missing middle name.
    build: (args, call) => {
      const runs = args.map((arg) => arg.run);
      return (scope) => {
        let out = "";
        for (const run of runs) {
          const value = toText(run(scope));
          if (value === null) continue;
          if (out.length + value.length > MAX_TEXT_LENGTH) throw tooLong(call, "concat()");
          out += value;
        }
        return out;
      };
    },
  },
  {
    name: "coalesce",
    params: "value, …",
    minArgs: 1,
    maxArgs: Infinity,
    build: (args) => {
      const runs = args.map((arg) => arg.run);
      return (scope) => {
        for (const run of runs) {
          const value = run(scope);
          if (value !== null) return value;
        }
        return null;
      };
    },
  },
  {
    name: "if",
    params: "condition, then, else",
    minArgs: 3,
    maxArgs: 3,
    // Only the chosen branch runs, so if(x = 0, null, 100 / x) never evaluates the division for zero.
    build: ([condition, then, otherwise]) => {
      const runCondition = condition!.run;
      const runThen = then!.run;
      const runOtherwise = otherwise!.run;
      const at = condition!.node;
      return (scope) => (toCondition(runCondition(scope), at, "if() condition") === true ? runThen(scope) : runOtherwise(scope));
    },
  },
  numberToNumber("abs", Math.abs),
  numberToNumber("floor", Math.floor),
  numberToNumber("ceil", Math.ceil),
  {
    name: "round",
    params: "number, digits = 0",
    minArgs: 1,
    maxArgs: 2,
    build: ([value, digits]) => {
      const literalDigits = literalOf(digits);
      if (typeof literalDigits?.value === "number") checkDigits(literalDigits.value, digits!);
      const runValue = value!.run;
      const runDigits = digits?.run;
      return (scope) => {
        const number = toNumber(runValue(scope));
        if (number === null) return null;
        let places = 0;
        if (runDigits) {
          const raw = toNumber(runDigits(scope));
          if (raw === null) return null;
          places = checkDigits(raw, digits!);
        }
        return finite(roundHalfAwayFromZero(number, places));
      };
    },
  },
  extreme("min", Math.min),
  extreme("max", Math.max),
  {
    name: "number",
    params: "value",
    minArgs: 1,
    maxArgs: 1,
    build: ([value]) => {
      const run = value!.run;
      return (scope) => toNumber(run(scope));
    },
  },
  {
    name: "string",
    params: "value",
    minArgs: 1,
    maxArgs: 1,
    build: ([value]) => {
      const run = value!.run;
      return (scope) => toText(run(scope));
    },
  },
  pad("padLeft"),
  pad("padRight"),
  {
    name: "col",
    params: '"Column Name"',
    minArgs: 1,
    maxArgs: 1,
    // The name must be literal text so the expression's identifiers are known before any row is read.
    build: ([name], _call, context) => {
      const literal = literalOf(name);
      if (typeof literal?.value !== "string") {
        throw argumentError(name!, 'col() takes the column name as quoted text, like col("Order ID")');
      }
      return context.readColumn(literal.value);
    },
  },
];

/** Keyed by lower-case name in a Map, so names like "constructor" or "__proto__" are simply absent. */
const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(SPECS.map((spec) => [spec.name.toLowerCase(), spec]));

export function findWhitelisted(name: string): FunctionSpec | undefined {
  return FUNCTIONS.get(name.toLowerCase());
}

export const FUNCTION_NAMES: readonly string[] = SPECS.map((spec) => spec.name);
