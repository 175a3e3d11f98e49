/** The parser's fixed vocabulary and the small span and wording helpers it builds nodes and errors with. */
import type { ComparisonOp } from "./ast";
import type { Token } from "./lexer";
import type { Span } from "./types";

export const KEYWORDS: ReadonlySet<string> = new Set(["and", "or", "not", "in", "is", "null", "true", "false"]);

/**
 * Bare names that only make sense to someone expecting JavaScript. Rejecting
 * them says "this is not JavaScript" at the exact spot instead of silently
 * reading a column that doesn't exist; a real column with such a name is still
 * reachable as `this` or col("this").
 */
export const RESERVED: ReadonlySet<string> = new Set([
  "this", "globalThis", "window", "global", "self", "new", "function", "return", "var", "let", "const",
  "typeof", "instanceof", "void", "delete", "class", "import", "export", "await", "yield", "throw",
  "eval", "arguments", "constructor", "prototype", "__proto__", "require", "module",
  // Node's own escape hatches: read as a column they would be harmless, but a rule naming them is an attempt we reject at save.
  "process", "exports", "Function", "Buffer",
]);

export const COMPARISONS: ReadonlyMap<string, ComparisonOp> = new Map<string, ComparisonOp>([
  ["=", "="], ["==", "="], ["!=", "!="], ["<>", "!="], ["<", "<"], ["<=", "<="], [">", ">"], [">=", ">="],
]);

export function tooDeep(maxDepth: number): string {
  return `the expression is nested too deeply: more than ${maxDepth} levels`;
}

export function negate(value: number): number {
  // -0 would print as "0" but compare differently under Object.is; keep zero unsigned.
  return value === 0 ? 0 : -value;
}

export function end(span: Span): number {
  return span.offset + span.length;
}

export function spanOf(left: Span, right: Span): Span {
  return { offset: left.offset, length: end(right) - left.offset };
}

export function describe(token: Token): string {
  switch (token.kind) {
    case "end":
      return "the end of the expression";
    case "string":
      return `the text ${JSON.stringify(token.value)}`;
    case "number":
      return `the number ${token.value}`;
    case "quoted":
      return `the column \`${token.value}\``;
    case "identifier":
      return KEYWORDS.has(token.value.toLowerCase()) ? `the keyword '${token.value}'` : `the name '${token.value}'`;
    case "symbol":
      return `'${token.value}'`;
  }
}
