import type { LinearMatch, LinearRegex } from "./linear-regex";

/**
 * Replaces every match of a linear-time regex, expanding the replacement as
 * JavaScript's String.prototype.replace does ($$, $&, $`, $', $1…$99 and
 * $<name>), so patterns written for JavaScript keep their meaning. With a
 * limit, the output is measured as it grows: a replacement like "$&$&$&…"
 * over long input fails before it allocates megabytes.
 */
export interface ReplaceLimit {
  maxLength: number;
  /** The error to throw once the output would pass maxLength. */
  tooLong: () => Error;
}

export function replaceAllMatches(input: string, regex: LinearRegex, template: string, limit?: ReplaceLimit): string {
  const maxLength = limit?.maxLength ?? Infinity;
  const hasNamedGroups = regex.groupNames.size > 0;
  let out = "";
  let consumed = 0;
  const append = (text: string) => {
    if (out.length + text.length > maxLength) throw limit!.tooLong();
    out += text;
  };
  for (const found of regex.matchAll(input)) {
    append(input.slice(consumed, found.index));
    expandTemplate(template, found, input, hasNamedGroups, append);
    consumed = found.index + (found.captures[0] ?? "").length;
  }
  append(input.slice(consumed));
  return out;
}

function expandTemplate(template: string, found: LinearMatch, input: string, hasNamedGroups: boolean, append: (text: string) => void): void {
  if (!template.includes("$")) {
    append(template);
    return;
  }
  const { captures, index: position } = found;
  const groups = captures.length - 1;
  const matched = captures[0] ?? "";
  let i = 0;
  while (i < template.length) {
    const c = template[i]!;
    const next = template[i + 1];
    if (c !== "$" || next === undefined) {
      append(c);
      i++;
    } else if (next === "$") {
      append("$");
      i += 2;
    } else if (next === "&") {
      append(matched);
      i += 2;
    } else if (next === "`") {
      append(input.slice(0, position));
      i += 2;
    } else if (next === "'") {
      append(input.slice(position + matched.length));
      i += 2;
    } else if (next >= "0" && next <= "9") {
      // Two digits win when they name a group ($10 with ten groups), else one digit, else the $ is literal.
      const two = template.slice(i + 1, i + 3);
      const twoDigit = /^\d\d$/.test(two) ? Number(two) : 0;
      const oneDigit = Number(next);
      if (twoDigit >= 1 && twoDigit <= groups) {
        append(captures[twoDigit] ?? "");
        i += 3;
      } else if (oneDigit >= 1 && oneDigit <= groups) {
        append(captures[oneDigit] ?? "");
        i += 2;
      } else {
        append("$");
        i++;
      }
    } else if (next === "<" && hasNamedGroups && template.indexOf(">", i + 2) !== -1) {
      // As in JavaScript, $<name> is literal text unless the pattern names a group.
      const close = template.indexOf(">", i + 2);
      append(found.named.get(template.slice(i + 2, close)) ?? "");
      i = close + 1;
    } else {
      append("$");
      i++;
    }
  }
}
