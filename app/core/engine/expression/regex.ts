import { compileLinearRegex, RegexSyntaxError, type LinearRegex } from "../linear-regex";
import { replaceAllMatches } from "../regex-replace";
import { ExpressionError } from "./errors";
import type { Span } from "./types";
import { MAX_TEXT_LENGTH, tooLong } from "./values";

/**
 * Regular expressions for regexMatch, regexExtract and regexReplace.
 *
 * Patterns run on RE2 semantics (app/core/engine/linear-regex.ts): matching time
 * is linear in the input, so `(a|a)+$` or `(\w+\s?)*` on a long cell is as
 * fast as any other pattern. Backreferences and lookaround are rejected at
 * compile time, located at the pattern argument. Compiled patterns are
 * cached per pattern, so a pattern held in a column costs one compilation,
 * and a literal pattern is compiled once per rule, never per row.
 */

export const MAX_PATTERN_LENGTH = 500;
const CACHE_LIMIT = 256;

export interface CompiledPattern {
  readonly regex: LinearRegex;
  readonly groupCount: number;
  readonly groupNames: ReadonlySet<string>;
}

const cache = new Map<string, CompiledPattern>();

/** Validates and compiles a pattern, reporting problems at `at` (the pattern argument's span). */
export function compilePattern(pattern: string, at: Span): CompiledPattern {
  const cached = cache.get(pattern);
  if (cached) return cached;
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new ExpressionError(`the regular expression is too long: ${pattern.length} characters, the limit is ${MAX_PATTERN_LENGTH}`, at.offset, at.length);
  }
  let regex: LinearRegex;
  try {
    regex = compileLinearRegex(pattern, "u");
  } catch (error) {
    if (!(error instanceof RegexSyntaxError)) throw error;
    // The span stays the whole pattern argument; the message says where inside the pattern.
    throw new ExpressionError(`${error.message} (at character ${error.offset + 1} of the pattern)`, at.offset, at.length);
  }
  const compiled: CompiledPattern = { regex, groupCount: regex.groupCount, groupNames: regex.groupNames };
  // Patterns can come from data; evict the oldest rather than grow without bound.
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(pattern, compiled);
  return compiled;
}

/** Every match replaced with JavaScript's $-expansion; output past the text limit fails at `at`. */
export function replaceAll(input: string, pattern: CompiledPattern, template: string, at: Span, what: string): string {
  return replaceAllMatches(input, pattern.regex, template, { maxLength: MAX_TEXT_LENGTH, tooLong: () => tooLong(at, what) });
}
