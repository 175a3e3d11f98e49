import { ExpressionError } from "./errors";
import type { Span } from "./types";
import { MAX_TEXT_LENGTH, tooLong } from "./values";

/**
 * Regular expressions for regexMatch, regexExtract and regexReplace.
 *
 * Patterns compile with the `u` flag (strict syntax, code-point semantics) and
 * are cached per pattern, so a pattern held in a column costs one compilation.
 *
 * Backtracking: JavaScript regexes can take exponential time on patterns
 * like (a+)+ or (\w+\s?)*. We reject any repeated group (+, *, {n,} or
 * {n,m} with m > 1) that contains a variable-length repetition (+, *, {n,}
 * or {n,m} with m > n); fixed counts are fine, so ^\d{1,3}(,\d{3})*$ passes.
 * The check is syntactic and simple, so it has limits both ways: it also
 * rejects some safe patterns such as \d+(,\d+)* (rewrite with a character
 * class, [\d,]+, or a fixed count), and it does NOT catch repeated
 * alternations that overlap, like (a|a)+ or (a|ab)*, nor polynomial
 * blow-ups like \d*\d*\d*x. Produced text is capped at 10,000 characters,
 * which keeps those cases slow rather than unbounded in practice, but input
 * columns are not capped: keep patterns simple.
 */

export const MAX_PATTERN_LENGTH = 500;
const CACHE_LIMIT = 256;

export interface CompiledPattern {
  /** Non-global, for test() and exec(): no lastIndex state to leak between calls. */
  readonly once: RegExp;
  /** Global, for replace(), which resets lastIndex itself. */
  readonly all: RegExp;
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
  let once: RegExp;
  try {
    once = new RegExp(pattern, "u");
  } catch (error) {
    const detail = error instanceof Error ? (error.message.split(": ").pop() ?? error.message) : String(error);
    throw new ExpressionError(`invalid regular expression: ${detail}`, at.offset, at.length);
  }
  const nested = findNestedQuantifier(pattern);
  if (nested !== null) {
    throw new ExpressionError(
      `the regular expression repeats a group that already contains a repetition ('${nested}'), which can take exponential time; rewrite it without nested quantifiers`,
      at.offset,
      at.length,
    );
  }
  // An empty alternative always matches, so this exec reveals the group count and names without parsing the pattern.
  const probe = new RegExp(`${pattern}|`, "u").exec("")!;
  const compiled: CompiledPattern = {
    once,
    all: new RegExp(pattern, "gu"),
    groupCount: probe.length - 1,
    groupNames: new Set(probe.groups ? Object.keys(probe.groups) : []),
  };
  // Patterns can come from data; evict the oldest rather than grow without bound.
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(pattern, compiled);
  return compiled;
}

/** Named groups of a match as a Map, so a group name is never used as a property key. */
export function namedGroups(groups: Record<string, string | undefined> | undefined): ReadonlyMap<string, string | undefined> {
  return new Map(groups ? Object.entries(groups) : []);
}

interface Quantifier {
  /** Can match its atom more than once. */
  readonly repeats: boolean;
  /** Can match its atom a varying number of times (so the same text splits several ways). */
  readonly variable: boolean;
  readonly end: number;
}

/** Returns the offending "(…)+" text, or null. */
export function findNestedQuantifier(pattern: string): string | null {
  // One entry per open group: whether it contains a repetition; the first entry is the whole pattern.
  const containsRepetition: boolean[] = [false];
  const groupStarts: number[] = [0];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "\\") {
      i = skipEscape(pattern, i);
      continue;
    }
    if (c === "[") {
      i = skipClass(pattern, i);
      continue;
    }
    if (c === "(") {
      containsRepetition.push(false);
      groupStarts.push(i);
      i = skipGroupPrefix(pattern, i + 1);
      continue;
    }
    if (c === ")") {
      const inner = containsRepetition.length > 1 ? containsRepetition.pop()! : false;
      const start = groupStarts.length > 1 ? groupStarts.pop()! : 0;
      const quantifier = readQuantifier(pattern, i + 1);
      if (quantifier?.repeats && inner) return pattern.slice(start, quantifier.end);
      if (inner || (quantifier?.repeats && quantifier.variable)) containsRepetition[containsRepetition.length - 1] = true;
      i = quantifier ? quantifier.end : i + 1;
      continue;
    }
    const quantifier = readQuantifier(pattern, i);
    if (quantifier) {
      if (quantifier.repeats && quantifier.variable) containsRepetition[containsRepetition.length - 1] = true;
      i = quantifier.end;
      continue;
    }
    i++;
  }
  return null;
}

function readQuantifier(pattern: string, i: number): Quantifier | null {
  const c = pattern[i];
  let quantifier: Quantifier | null = null;
  if (c === "*" || c === "+") quantifier = { repeats: true, variable: true, end: i + 1 };
  else if (c === "?") quantifier = { repeats: false, variable: true, end: i + 1 };
  else if (c === "{") {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i, i + 24));
    if (!match) return null;
    const low = Number(match[1]);
    const high = match[2] === undefined ? low : match[3] === "" ? Infinity : Number(match[3]);
    quantifier = { repeats: high > 1, variable: high !== low, end: i + match[0].length };
  }
  // A trailing ? makes the quantifier lazy; it is part of the quantifier, not another one.
  if (quantifier && pattern[quantifier.end] === "?") return { ...quantifier, end: quantifier.end + 1 };
  return quantifier;
}

function skipEscape(pattern: string, i: number): number {
  const kind = pattern[i + 1];
  // \p{…}, \P{…}, \u{…} and \k<…> carry braces or brackets that must not read as quantifiers.
  if ((kind === "p" || kind === "P" || kind === "u") && pattern[i + 2] === "{") {
    const close = pattern.indexOf("}", i + 3);
    return close === -1 ? pattern.length : close + 1;
  }
  if (kind === "k" && pattern[i + 2] === "<") {
    const close = pattern.indexOf(">", i + 3);
    return close === -1 ? pattern.length : close + 1;
  }
  return i + 2;
}

function skipClass(pattern: string, i: number): number {
  let j = i + 1;
  while (j < pattern.length) {
    if (pattern[j] === "\\") j = skipEscape(pattern, j);
    else if (pattern[j] === "]") return j + 1;
    else j++;
  }
  return j;
}

function skipGroupPrefix(pattern: string, i: number): number {
  if (pattern[i] !== "?") return i;
  const kind = pattern[i + 1];
  if (kind === ":" || kind === "=" || kind === "!") return i + 2;
  if (kind === "<") {
    if (pattern[i + 2] === "=" || pattern[i + 2] === "!") return i + 3;
    const close = pattern.indexOf(">", i + 2);
    return close === -1 ? pattern.length : close + 1;
  }
  return i + 1;
}

/**
 * String.replace with a global regex, expanding $$, $&, $`, $', $1…$99 and
 * $<name> as JavaScript does, but in our own code so the output can be
 * measured as it grows: a replacement like "$&$&$&…" over long input fails
 * before it allocates megabytes.
 */
export function replaceAll(input: string, pattern: CompiledPattern, template: string, at: Span, what: string): string {
  let consumed = 0;
  let produced = 0;
  const result = input.replace(pattern.all, (...args: unknown[]) => {
    const matched = args[0] as string;
    const captures = args.slice(1, 1 + pattern.groupCount) as Array<string | undefined>;
    const position = args[1 + pattern.groupCount] as number;
    const groups = args[3 + pattern.groupCount] as Record<string, string | undefined> | undefined;
    // Everything before this match is already part of the output.
    const budget = MAX_TEXT_LENGTH - (position - consumed + produced);
    const replacement = expandTemplate(template, { matched, captures, position, input, groups }, budget, at, what);
    consumed += matched.length;
    produced += replacement.length;
    return replacement;
  });
  if (result.length > MAX_TEXT_LENGTH) throw tooLong(at, what);
  return result;
}

interface Match {
  readonly matched: string;
  readonly captures: ReadonlyArray<string | undefined>;
  readonly position: number;
  readonly input: string;
  readonly groups: Record<string, string | undefined> | undefined;
}

function expandTemplate(template: string, match: Match, budget: number, at: Span, what: string): string {
  if (!template.includes("$")) {
    if (template.length > budget) throw tooLong(at, what);
    return template;
  }
  let out = "";
  const append = (text: string) => {
    if (out.length + text.length > budget) throw tooLong(at, what);
    out += text;
  };
  let named: ReadonlyMap<string, string | undefined> | undefined;
  let i = 0;
  while (i < template.length) {
    const c = template[i]!;
    if (c !== "$" || i + 1 >= template.length) {
      append(c);
      i++;
      continue;
    }
    const next = template[i + 1]!;
    if (next === "$") {
      append("$");
      i += 2;
    } else if (next === "&") {
      append(match.matched);
      i += 2;
    } else if (next === "`") {
      append(match.input.slice(0, match.position));
      i += 2;
    } else if (next === "'") {
      append(match.input.slice(match.position + match.matched.length));
      i += 2;
    } else if (next >= "0" && next <= "9") {
      const two = template.slice(i + 1, i + 3);
      const twoDigit = /^\d\d$/.test(two) ? Number(two) : 0;
      const oneDigit = Number(next);
      if (twoDigit >= 1 && twoDigit <= match.captures.length) {
        append(match.captures[twoDigit - 1] ?? "");
        i += 3;
      } else if (oneDigit >= 1 && oneDigit <= match.captures.length) {
        append(match.captures[oneDigit - 1] ?? "");
        i += 2;
      } else {
        append("$");
        i++;
      }
    } else if (next === "<" && match.groups !== undefined && template.indexOf(">", i + 2) !== -1) {
      const close = template.indexOf(">", i + 2);
      named ??= namedGroups(match.groups);
      append(named.get(template.slice(i + 2, close)) ?? "");
      i = close + 1;
    } else {
      append("$");
      i++;
    }
  }
  return out;
}
