/**
 * A small, safe expression language for rule sets: scope filters such as
 * `type in ("charge", "payment")` and mapping transforms such as
 * `upper(trim(value)) || "-" || col("Order ID")`.
 *
 * Safety model. Source text is tokenized, parsed into an AST and compiled
 * into closures; it is never turned into JavaScript. There is no member
 * access (`a.b`, `a[b]` are syntax errors), names resolve only through the
 * caller's ExpressionScope, and calls go only to the whitelist in
 * functions.ts (a Map, so `constructor`, `__proto__` or `toString` are simply
 * unknown). Size, nesting, produced text and regular expressions are bounded.
 *
 * Grammar, loosest binding first (keywords are case-insensitive, function
 * names too; column names are case-sensitive):
 *
 *   expr       := or
 *   or         := and ("or" and)*
 *   and        := not (("and" | "&&") not)*
 *   not        := ("not" | "!") not | comparison
 *   comparison := concat [ ("=" | "==" | "!=" | "<>" | "<" | "<=" | ">" | ">=") concat
 *                        | ["not"] "in" "(" literal ("," literal)* ")"
 *                        | "is" ["not"] "null" ]            -- never chained: a = b = c is an error
 *   concat     := additive ("||" additive)*                  -- SQL string concatenation
 *   additive   := multiplicative (("+" | "-") multiplicative)*
 *   multiplicative := unary (("*" | "/" | "%") unary)*
 *   unary      := "-" unary | ("not" | "!") unary | primary
 *   primary    := number | string | "true" | "false" | "null"
 *               | name | `quoted column name` | function "(" [expr ("," expr)*] ")" | "(" expr ")"
 *
 * Strings use double or single quotes with \\ \" \' \n \r \t \uXXXX escapes;
 * any other backslash is kept as written, so "\d+" is the regex \d+.
 * A backtick name doubles a backtick inside it (`a``b`). col("Name") reads a
 * column by quoted name as well. A column whose name is a keyword (or a
 * JavaScript word such as `this`) must be quoted.
 *
 * Semantics (SQL-like):
 * - null propagates through arithmetic, comparisons, ||, unary minus and most
 *   functions; and/or/not are three-valued (null and false = false,
 *   null or true = true). Use `is null`, coalesce() or if() to handle nulls.
 * - `=` compares text exactly and numbers numerically; text against a number
 *   reads the text as a decimal number if all of it is one ("12.50" = 12.5),
 *   else the comparison is false. `!=` is its negation. Text orders by code
 *   unit, never by locale. `+ - * / %` are numeric only (use || to join text),
 *   read fully numeric text as numbers and anything else as null. Division
 *   and remainder by zero, and overflow, give null.
 * - `in` follows `=`; a miss against a list holding null is null, as in SQL.
 * - and, or, not and if() need true, false or null; any other value is an
 *   ExpressionError at run time, located at the operand.
 * - Numbers are JavaScript doubles. Money must not be computed here: amounts
 *   are parsed into integer minor units by the `parseAmount` transform. round()
 *   is for display-like values (half away from zero on the decimal spelling).
 * - Any text produced longer than 10,000 characters is an ExpressionError
 *   located at the call or operator that produced it.
 *
 * Functions: lower upper trim ltrim rtrim length substr replace regexMatch
 * regexExtract regexReplace startsWith endsWith contains concat coalesce if
 * abs round floor ceil min max number string digits padLeft padRight col.
 * Regular expressions: see regex.ts (RE2 semantics, linear time; at most 500
 * characters; backreferences and lookaround rejected).
 */
import { ExpressionError } from "./errors";
import { compileTree } from "./evaluate";
import { parse } from "./parser";
import type { ExpressionScope, Value } from "./types";

export { ExpressionError } from "./errors";
export type { ExpressionScope, Value } from "./types";

export interface CompiledExpression {
  readonly source: string;
  /** Columns and fields the expression reads (bare names, `quoted` names and col() names), in order of first appearance. */
  readonly identifiers: readonly string[];
  run(scope: ExpressionScope): Value;
}

export const DEFAULT_MAX_LENGTH = 2000;
export const DEFAULT_MAX_DEPTH = 64;
export const MAX_NODES = 256;

export function compileExpression(source: string, options: { maxLength?: number; maxDepth?: number } = {}): CompiledExpression {
  const maxLength = positiveInteger(options.maxLength ?? DEFAULT_MAX_LENGTH, "maxLength");
  const maxDepth = positiveInteger(options.maxDepth ?? DEFAULT_MAX_DEPTH, "maxDepth");
  if (source.length > maxLength) {
    throw new ExpressionError(
      `the expression is too long: ${source.length} characters, the limit is ${maxLength}`,
      maxLength,
      source.length - maxLength,
    );
  }
  const tree = parse(source, { maxDepth, maxNodes: MAX_NODES });
  const { run, identifiers } = compileTree(tree);
  return Object.freeze({
    source,
    identifiers: Object.freeze(identifiers),
    run: (scope: ExpressionScope) => run(scope),
  });
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
