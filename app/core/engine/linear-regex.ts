import { RE2JS, RE2JSException, RE2JSSyntaxException } from "re2js";

/**
 * Every regular expression a user writes (rule-set transforms, the
 * expression language's regex functions, template packs, inbox globs) runs
 * on RE2 semantics through re2js: matching time is linear in the input, so
 * no pattern can stall a run or the web process on one unlucky cell (a
 * backtracking engine takes exponential time on `(a|a)+$` against "aaaa…b").
 * See docs/decisions/008-linear-time-regex.md.
 *
 * Patterns are written in JavaScript syntax as before; what RE2 cannot do
 * in linear time is rejected with the position of the construct:
 * backreferences (\1, \k<name>) and lookaround ((?=, (?!, (?<=, (?<!).
 * \uXXXX and \u{X…} escapes are rewritten to RE2's \x{…}. Other differences
 * (documented in the ADR): \s, \d, \w and \b are ASCII-only, repeat counts
 * stop at {1000}, and `.` excludes only \n.
 */

/** What a JavaScript user may write in flags; "u" is implied (RE2 always matches code points). */
const FLAG_BITS: Readonly<Record<string, number>> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL, u: 0 };

export interface LinearMatch {
  /** The whole match, then each capture group (undefined when it did not take part). */
  readonly captures: ReadonlyArray<string | undefined>;
  /** UTF-16 offset of the match in the input. */
  readonly index: number;
  /** Named groups, as a Map so a group name is never used as a property key. */
  readonly named: ReadonlyMap<string, string | undefined>;
}

export interface LinearRegex {
  readonly source: string;
  readonly groupCount: number;
  readonly groupNames: ReadonlySet<string>;
  /** Whether the pattern matches anywhere in the text. */
  test(text: string): boolean;
  /** Whether the pattern matches the whole text (anchored at both ends). */
  testWhole(text: string): boolean;
  /** The leftmost match, or null. */
  exec(text: string): LinearMatch | null;
  /** Every non-overlapping match, left to right, as String.prototype.matchAll with a global regex would give them. */
  matchAll(text: string): Iterable<LinearMatch>;
}

/** A pattern RE2 cannot run, located at 0-based `offset` (UTF-16 units) into the pattern. */
export class RegexSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly length: number,
  ) {
    super(message);
    this.name = "RegexSyntaxError";
  }
}

export function compileLinearRegex(pattern: string, flags = ""): LinearRegex {
  let bits = 0;
  for (const flag of flags) {
    const bit = FLAG_BITS[flag];
    if (bit === undefined) throw new RegexSyntaxError(`unknown flag '${flag}': only i, m, s and u are allowed`, 0, 0);
    bits |= bit;
  }
  const translated = translatePattern(pattern);
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(translated, bits);
  } catch (error) {
    throw locateEngineError(error, pattern);
  }
  return wrap(pattern, compiled);
}

/** Compiles to check only: the problem, or null when the pattern is usable. */
export function findRegexProblem(pattern: string, flags = ""): RegexSyntaxError | null {
  try {
    compileLinearRegex(pattern, flags);
    return null;
  } catch (error) {
    if (error instanceof RegexSyntaxError) return error;
    throw error;
  }
}

/** The message with its 1-based character position, as an editor would show it. */
export function describeRegexProblem(problem: RegexSyntaxError): string {
  return `${problem.message} (at character ${problem.offset + 1} of the pattern)`;
}

/** A literal text as a pattern that matches exactly it. */
export function quoteLiteral(text: string): string {
  return RE2JS.quote(text);
}

function wrap(source: string, compiled: RE2JS): LinearRegex {
  const groupNames = new Set(Object.keys(compiled.namedGroups()));
  const toMatch = (raw: ArrayLike<string | undefined> & { index?: number; groups?: Record<string, string | undefined> }): LinearMatch => ({
    captures: Array.from(raw),
    index: raw.index ?? 0,
    named: new Map(raw.groups ? Object.entries(raw.groups) : []),
  });
  return {
    source,
    groupCount: compiled.groupCount(),
    groupNames,
    test: (text) => compiled.test(text),
    testWhole: (text) => compiled.testExact(text),
    exec: (text) => {
      const raw = compiled.exec(text) as (string[] & { index: number; groups?: Record<string, string | undefined> }) | null;
      return raw === null ? null : toMatch(raw);
    },
    *matchAll(text) {
      for (const raw of compiled.matchAll(text)) yield toMatch(raw);
    },
  };
}

/**
 * Rewrites JavaScript escapes RE2 spells differently, and rejects what RE2
 * cannot match in linear time, before re2js sees the pattern, so the message
 * says what to do instead and where.
 */
function translatePattern(pattern: string): string {
  let out = "";
  let inClass = false;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "\\") {
      const next = pattern[i + 1];
      if (next === undefined) throw new RegexSyntaxError("the pattern ends with a lone backslash", i, 1);
      if (next >= "1" && next <= "9" && !inClass) {
        throw new RegexSyntaxError(`backreferences such as \\${next} are not supported: they cannot be matched in linear time`, i, 2);
      }
      if (next === "k" && pattern[i + 2] === "<") {
        throw new RegexSyntaxError("named backreferences (\\k<name>) are not supported: they cannot be matched in linear time", i, 2);
      }
      if (next === "u") {
        const escape = unicodeEscape(pattern, i);
        if (escape === null) throw new RegexSyntaxError("\\u must be followed by 4 hex digits or {hex digits}", i, 2);
        out += `\\x{${escape.hex}}`;
        i = escape.end;
        continue;
      }
      out += c + next;
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      out += c;
      i++;
      continue;
    }
    if (c === "[") {
      const negated = pattern[i + 1] === "^";
      // A ] right after [ or [^ closes an empty class in JavaScript but is a literal ] in RE2: the rest would read differently.
      if (pattern[i + (negated ? 2 : 1)] === "]") {
        throw new RegexSyntaxError(`an empty character class ('${negated ? "[^]" : "[]"}') is not supported; write [\\s\\S] for any character`, i, negated ? 3 : 2);
      }
      inClass = true;
      out += negated ? "[^" : "[";
      i += negated ? 2 : 1;
      continue;
    }
    if (c === "(" && pattern[i + 1] === "?") {
      const lookaround = /^\(\?(=|!|<=|<!)/.exec(pattern.slice(i, i + 4));
      if (lookaround) {
        throw new RegexSyntaxError(`lookaround ('${lookaround[0]}') is not supported: it cannot be matched in linear time; capture the part you need with a group instead`, i, lookaround[0].length);
      }
    }
    out += c;
    i++;
  }
  return out;
}

function unicodeEscape(pattern: string, at: number): { hex: string; end: number } | null {
  const braced = /^\\u\{([0-9A-Fa-f]{1,6})\}/.exec(pattern.slice(at, at + 11));
  if (braced) return { hex: braced[1]!, end: at + braced[0].length };
  const fixed = /^\\u([0-9A-Fa-f]{4})/.exec(pattern.slice(at, at + 6));
  if (fixed) return { hex: fixed[1]!, end: at + 6 };
  return null;
}

/** re2js names the offending fragment, not its offset; its first occurrence in the pattern is where a user looks. */
function locateEngineError(error: unknown, pattern: string): RegexSyntaxError {
  if (error instanceof RE2JSSyntaxException) {
    const fragment = error.getPattern() ?? "";
    const found = fragment === "" ? -1 : pattern.indexOf(fragment);
    const message = `invalid regular expression: ${error.getDescription()}${fragment ? ` ('${fragment}')` : ""}`;
    return new RegexSyntaxError(message, Math.max(0, found), found === -1 ? pattern.length : fragment.length);
  }
  if (error instanceof RE2JSException) return new RegexSyntaxError(`invalid regular expression: ${error.message}`, 0, pattern.length);
  throw error;
}
