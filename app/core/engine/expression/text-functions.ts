import { compilePattern, replaceAll } from "./regex";
import { checkTextLength, codePointLength, MAX_TEXT_LENGTH, sliceCodePoints, toNumber, toText, tooLong } from "./values";
import { argumentError, countOccurrences, patternArgument, checkGroup, groupValue, literalOf, textPredicate, textToText, type FunctionSpec, type Group } from "./function-builders";

/** The whitelist's text functions: case, trimming, length, substrings, replacing and regular expressions. */
export const TEXT_FUNCTIONS: readonly FunctionSpec[] = [
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
];
