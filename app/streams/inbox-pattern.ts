/**
 * Inbox triggers name an inbox exactly or with a glob: `*` is any run of
 * characters (none included), `?` exactly one. Nothing else is special, so an
 * inbox called "eu.payouts[1]" matches only itself.
 */
export function inboxMatches(pattern: string, inbox: string): boolean {
  return globToRegExp(pattern).test(inbox);
}

export function isInboxGlob(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

function globToRegExp(pattern: string): RegExp {
  let source = "";
  for (const character of pattern) {
    if (character === "*") source += "[\\s\\S]*";
    else if (character === "?") source += "[\\s\\S]";
    else source += character.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "u");
}
