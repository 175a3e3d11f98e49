import { describe, expect, it } from "vitest";
import { compileLinearRegex, findRegexProblem } from "~/core/engine/linear-regex";
import { replaceAllMatches } from "~/core/engine/regex-replace";
import { inboxMatches } from "~/modules/streams/triggers/inbox-pattern";

/**
 * The ReDoS cases below take exponential (or high polynomial) time in a
 * backtracking engine on these inputs: with one, the test would never end
 * and fail on vitest's timeout. No clock is read here.
 */
describe("linear-time regular expressions", () => {
  it("answers (a|a)+$ on 100,000 characters that almost match", () => {
    const regex = compileLinearRegex("(a|a)+$");
    expect([regex.test(`${"a".repeat(100_000)}b`), regex.test("xaaa")]).toEqual([false, true]);
  });

  it("extracts groups as JavaScript does, with unmatched groups undefined and named groups by name", () => {
    const match = compileLinearRegex(String.raw`(?<year>\d{4})-(\d\d)?`).exec("on 2024- ok");
    expect(match && { captures: match.captures, index: match.index, year: match.named.get("year") }).toEqual({ captures: ["2024-", "2024", undefined], index: 3, year: "2024" });
  });

  it("replaces every match with JavaScript's $ expansion, empty matches included", () => {
    const cases: Array<[string, string, string]> = [
      ["x*", "abc", "-"],
      [String.raw`(\d+)-(\d+)`, "10-20 and 3-4", "$2:$1 [$&] $$"],
      ["(?<k>b)", "abc", "<$<k>>"],
      ["a", "banana", "$`|"],
    ];
    const ours = cases.map(([pattern, input, template]) => replaceAllMatches(input, compileLinearRegex(pattern), template));
    const javascript = cases.map(([pattern, input, template]) => input.replace(new RegExp(pattern, "gu"), template));
    expect(ours).toEqual(javascript);
  });

  it("honours the i, m and s flags", () => {
    expect([compileLinearRegex("^abc$", "i").test("ABC"), compileLinearRegex("^b$", "m").test("a\nb"), compileLinearRegex("a.b", "s").test("a\nb"), compileLinearRegex("a.b").test("a\nb")]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it("rejects backreferences, lookaround and empty classes with the position of the construct", () => {
    const problems = [String.raw`(a)\1`, String.raw`(?<x>a)\k<x>`, "a(?!b)", "(?<=a)b", "[]a"].map((pattern) => {
      const problem = findRegexProblem(pattern);
      return problem && { at: problem.offset + 1, message: problem.message.split(":")[0] };
    });
    expect(problems).toEqual([
      { at: 4, message: "backreferences such as \\1 are not supported" },
      { at: 8, message: "named backreferences (\\k<name>) are not supported" },
      { at: 2, message: "lookaround ('(?!') is not supported" },
      { at: 1, message: "lookaround ('(?<=') is not supported" },
      { at: 1, message: "an empty character class ('[]') is not supported; write [\\s\\S] for any character" },
    ]);
  });

  it("locates RE2's own syntax errors at the offending fragment", () => {
    const problem = findRegexProblem("ab[z-a]");
    expect(problem && { offset: problem.offset, length: problem.length, message: problem.message }).toEqual({
      offset: 3,
      length: 3,
      message: "invalid regular expression: invalid character class range ('z-a')",
    });
  });
});

describe("inbox globs", () => {
  it("match with * and ? and treat everything else literally", () => {
    expect([inboxMatches("eu.*", "eu.payouts"), inboxMatches("eu.?", "eu.x"), inboxMatches("eu.?", "eu.xy"), inboxMatches("eu.payouts[1]", "eu.payouts[1]"), inboxMatches("eu.p", "euxp")]).toEqual([
      true,
      true,
      false,
      true,
      false,
    ]);
  });

  it("answer a many-star glob against a long name that almost matches", () => {
    expect(inboxMatches("*a*a*a*a*a*a*a*a*b", "a".repeat(5_000))).toBe(false);
  });
});
