import { ExpressionError } from "./errors";
import type { CallNode, LiteralNode, Node } from "./parser";
import { compilePattern, type CompiledPattern } from "./regex";
import type { ExpressionScope, Value } from "./types";
import { checkTextLength, codePointLength, describeValue, finite, MAX_TEXT_LENGTH, parseDecimal, toNumber, toText } from "./values";

/** What a whitelisted function is (FunctionSpec), and the builders and argument checks the function lists share. */

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

export function literalOf(arg: Argument | undefined): LiteralNode | undefined {
  return arg?.node.kind === "literal" ? arg.node : undefined;
}

export function argumentError(arg: Argument, message: string): ExpressionError {
  return new ExpressionError(message, arg.node.offset, arg.node.length);
}

export function textToText(name: string, transform: (text: string) => string): FunctionSpec {
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

export function numberToNumber(name: string, transform: (value: number) => number): FunctionSpec {
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

export function textPredicate(name: string, params: string, test: (text: string, other: string) => boolean): FunctionSpec {
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
export function patternArgument(arg: Argument): (scope: ExpressionScope) => CompiledPattern | null {
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

export type Group = number | string;

export function checkGroup(group: Group, pattern: CompiledPattern, arg: Argument): Group {
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

export function groupValue(value: Value, arg: Argument): Group | null {
  if (value === null) return null;
  if (typeof value === "number") return value;
  if (typeof value === "string") return parseDecimal(value) ?? value;
  throw argumentError(arg, `regexExtract() group must be a number or a group name, got ${describeValue(value)}`);
}

export function countOccurrences(text: string, find: string): number {
  let count = 0;
  for (let at = text.indexOf(find); at !== -1; at = text.indexOf(find, at + find.length)) count++;
  return count;
}

/**
 * Half away from zero, on the number's shortest decimal spelling: round(1.005, 2)
 * is 1.01 although the double nearest 1.005 is slightly below it. Shifting the
 * exponent in the spelling avoids the multiplication that would expose that.
 */
export function roundHalfAwayFromZero(value: number, digits: number): number {
  const magnitude = Math.abs(value);
  const shifted = Math.round(Number(shiftDecimal(magnitude, digits)));
  const rounded = Number(shiftDecimal(shifted, -digits));
  return value < 0 ? -rounded : rounded;
}

export function shiftDecimal(value: number, places: number): string {
  const [mantissa, exponent = "0"] = String(value).split("e");
  return `${mantissa}e${Number(exponent) + places}`;
}

export const MAX_ROUND_DIGITS = 15;

export function checkDigits(value: number, arg: Argument): number {
  if (!Number.isInteger(value) || Math.abs(value) > MAX_ROUND_DIGITS) {
    throw argumentError(arg, `round() digits must be a whole number from -${MAX_ROUND_DIGITS} to ${MAX_ROUND_DIGITS}, got ${value}`);
  }
  return value;
}

export function pad(name: "padLeft" | "padRight"): FunctionSpec {
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

export function extreme(name: "min" | "max", pick: (a: number, b: number) => number): FunctionSpec {
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
