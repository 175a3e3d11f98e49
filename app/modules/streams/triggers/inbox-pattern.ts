import { compileLinearRegex, quoteLiteral, type LinearRegex } from "~/core/engine/linear-regex";

/**
 * Inbox triggers name an inbox exactly or with a glob: `*` is any run of
 * characters (none included), `?` exactly one. Nothing else is special, so an
 * inbox called "eu.payouts[1]" matches only itself. Globs compile to RE2
 * (linear time): a backtracking engine takes polynomial time on a glob with
 * many stars, such as "*a*a*a*a*b", against a long inbox name.
 */
export function inboxMatches(pattern: string, inbox: string): boolean {
  return globToRegex(pattern).testWhole(inbox);
}

export function isInboxGlob(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

function globToRegex(pattern: string): LinearRegex {
  let source = "";
  for (const character of pattern) {
    if (character === "*") source += "[\\s\\S]*";
    else if (character === "?") source += "[\\s\\S]";
    else source += quoteLiteral(character);
  }
  return compileLinearRegex(source);
}
