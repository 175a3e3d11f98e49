import { describe, expect, it } from "vitest";
import { applyTransform } from "~/core/engine/normalize";
import { transformSchema } from "~/core/engine/rule-set";
import { definitionIssues, transform } from "./factories";

type Row = Parameters<typeof applyTransform>[2];

function apply(input: Record<string, unknown> & { op: string }, value: string | number | null, row?: Row) {
  return applyTransform(transform(input), value, row);
}

describe("text transforms", () => {
  it("trim removes surrounding whitespace", () => {
    expect(apply({ op: "trim" }, "  ACME  Corp \t")).toEqual({ ok: true, value: "ACME  Corp" });
  });

  it("upper and lower change case", () => {
    expect(apply({ op: "upper" }, "usd")).toEqual({ ok: true, value: "USD" });
    expect(apply({ op: "lower" }, "Ada@Example.COM")).toEqual({ ok: true, value: "ada@example.com" });
  });

  it("text transforms pass null through", () => {
    expect(apply({ op: "trim" }, null)).toEqual({ ok: true, value: null });
    expect(apply({ op: "pad", length: 4 }, null)).toEqual({ ok: true, value: null });
  });

  it("text transforms read a number as its integer digits", () => {
    expect(apply({ op: "pad", length: 8 }, -1250)).toEqual({ ok: true, value: "000-1250" });
  });

  it("digitsOnly keeps only ASCII digits", () => {
    expect(apply({ op: "digitsOnly" }, "+1 (555) 010-9999")).toEqual({ ok: true, value: "15550109999" });
  });

  it("pad fills on the left with zeros by default", () => {
    expect(apply({ op: "pad", length: 6 }, "42")).toEqual({ ok: true, value: "000042" });
  });

  it("pad fills on the right with the given character", () => {
    expect(apply({ op: "pad", length: 5, char: "_", side: "right" }, "AB")).toEqual({ ok: true, value: "AB___" });
  });

  it("pad never truncates a longer value", () => {
    expect(apply({ op: "pad", length: 4 }, "1234567")).toEqual({ ok: true, value: "1234567" });
  });

  it("substring takes length characters from start", () => {
    expect(apply({ op: "substring", start: 2, length: 3 }, "ABCDEFG")).toEqual({ ok: true, value: "CDE" });
  });

  it("substring without a length runs to the end", () => {
    expect(apply({ op: "substring", start: 4 }, "ABCDEFG")).toEqual({ ok: true, value: "EFG" });
  });

  it("substring with a negative start counts from the end", () => {
    expect(apply({ op: "substring", start: -3 }, "ABCDEFG")).toEqual({ ok: true, value: "EFG" });
    expect(apply({ op: "substring", start: -3, length: 2 }, "ABCDEFG")).toEqual({ ok: true, value: "EF" });
  });

  it("substring clamps positions outside the text", () => {
    expect(apply({ op: "substring", start: 10 }, "ABC")).toEqual({ ok: true, value: "" });
    expect(apply({ op: "substring", start: -10, length: 2 }, "ABC")).toEqual({ ok: true, value: "AB" });
  });
});

describe("regular expression transforms", () => {
  it("regexExtract returns capture group 1 by default", () => {
    expect(apply({ op: "regexExtract", pattern: "INV-(\\d{4})-(\\d+)" }, "paid INV-2026-0042")).toEqual({ ok: true, value: "2026" });
  });

  it("regexExtract returns a numbered group, 0 being the whole match", () => {
    expect(apply({ op: "regexExtract", pattern: "INV-(\\d{4})-(\\d+)", group: 2 }, "paid INV-2026-0042")).toEqual({ ok: true, value: "0042" });
    expect(apply({ op: "regexExtract", pattern: "INV-(\\d{4})-(\\d+)", group: 0 }, "paid INV-2026-0042")).toEqual({ ok: true, value: "INV-2026-0042" });
  });

  it("regexExtract returns a named group", () => {
    expect(apply({ op: "regexExtract", pattern: "order (?<order>#\\d+)", group: "order" }, "Refund for order #1001")).toEqual({ ok: true, value: "#1001" });
  });

  it("regexExtract honours the i flag", () => {
    expect(apply({ op: "regexExtract", pattern: "ref:(\\w+)", flags: "i" }, "REF:ab12")).toEqual({ ok: true, value: "ab12" });
  });

  it("regexExtract returns null when nothing matches", () => {
    expect(apply({ op: "regexExtract", pattern: "INV-(\\d+)" }, "card payment")).toEqual({ ok: true, value: null });
  });

  it("regexExtract refuses a group the pattern does not have", () => {
    expect(definitionIssues(() => apply({ op: "regexExtract", pattern: "INV-(\\d+)", group: 2 }, "x"))).toEqual([
      { pointer: "/group", message: "the pattern has 1 capture group, so there is no group 2" },
    ]);
    expect(definitionIssues(() => apply({ op: "regexExtract", pattern: "INV-(\\d+)", group: "invoice" }, "x"))).toEqual([
      { pointer: "/group", message: 'the pattern has no group named "invoice"; name one with (?<invoice>…)' },
    ]);
  });

  it("regular expressions refuse backreferences, which no linear-time engine can match, naming the position", () => {
    const parsed = transformSchema.safeParse({ op: "regexReplace", pattern: "(\\w)\\1", replacement: "" });
    expect(parsed.success ? [] : parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message, params: (issue as { params?: unknown }).params }))).toEqual([
      {
        path: ["pattern"],
        message: "backreferences such as \\1 are not supported: they cannot be matched in linear time (at character 5 of the pattern)",
        params: { position: 5 },
      },
    ]);
  });

  it("a nested quantifier runs in linear time on a long cell", () => {
    const hostile = `${"ab ".repeat(20_000)}?`;
    expect(apply({ op: "regexReplace", pattern: "(\\w+\\s?)*!", replacement: "<$&>" }, hostile)).toEqual({ ok: true, value: hostile });
    expect(apply({ op: "regexReplace", pattern: "(\\w+\\s?)*!", replacement: "<$&>" }, "ab cd!")).toEqual({ ok: true, value: "<ab cd!>" });
  });

  it("regexReplace replaces every match", () => {
    expect(apply({ op: "regexReplace", pattern: "[^a-z0-9]", replacement: "", flags: "i" }, "ab-12 cd/3")).toEqual({ ok: true, value: "ab12cd3" });
  });

  it("regexReplace substitutes numbered and named groups", () => {
    expect(apply({ op: "regexReplace", pattern: "(\\d{2})/(\\d{2})", replacement: "$2-$1" }, "01/15")).toEqual({ ok: true, value: "15-01" });
    expect(apply({ op: "regexReplace", pattern: "(?<id>\\d+)", replacement: "#$<id>" }, "order 7")).toEqual({ ok: true, value: "order #7" });
  });
});

describe("number transforms", () => {
  it("negate flips the sign", () => {
    expect(apply({ op: "negate" }, 123456)).toEqual({ ok: true, value: -123456 });
    expect(apply({ op: "negate" }, -5)).toEqual({ ok: true, value: 5 });
  });

  it("negate keeps zero positive", () => {
    const result = apply({ op: "negate" }, 0);
    expect(result.ok && Object.is(result.value, 0)).toBe(true);
  });

  it("absolute drops the sign", () => {
    expect(apply({ op: "absolute" }, -123456)).toEqual({ ok: true, value: 123456 });
    expect(apply({ op: "absolute" }, 42)).toEqual({ ok: true, value: 42 });
  });

  it("scale up multiplies by a power of ten", () => {
    expect(apply({ op: "scale", power: 2 }, 1234)).toEqual({ ok: true, value: 123400 });
  });

  it("scale down divides by a power of ten", () => {
    expect(apply({ op: "scale", power: -2 }, -123400)).toEqual({ ok: true, value: -1234 });
  });

  it("scale down refuses a result that is not whole", () => {
    expect(apply({ op: "scale", power: -2 }, 123456)).toEqual({ ok: false, message: "123456 ÷ 10^2 is not a whole number of minor units" });
  });

  it("scale up refuses a result beyond the safe integer range", () => {
    expect(apply({ op: "scale", power: 6 }, 9_007_199_254_741)).toEqual({ ok: false, message: "9007199254741 × 10^6 is too large to hold exactly" });
  });

  it("number transforms pass null through", () => {
    expect(apply({ op: "negate" }, null)).toEqual({ ok: true, value: null });
    expect(apply({ op: "scale", power: 3 }, null)).toEqual({ ok: true, value: null });
  });

  it("number transforms after text are a definition problem", () => {
    expect(definitionIssues(() => apply({ op: "negate" }, "12.00"))).toEqual([
      { pointer: "/op", message: "negate needs a number; parse the text with parseAmount first" },
    ]);
  });
});

describe("transforms that produce a value", () => {
  const names = { first: "Ada", middle: null, last: "Lovelace" };

  it("concat joins columns with the separator", () => {
    expect(apply({ op: "concat", columns: ["first", "last"], separator: " " }, null, { columns: names, hasValue: false })).toEqual({
      ok: true,
      value: "Ada Lovelace",
    });
  });

  it("concat skips null parts", () => {
    expect(apply({ op: "concat", columns: ["first", "middle", "last"], separator: " " }, null, { columns: names, hasValue: false })).toEqual({
      ok: true,
      value: "Ada Lovelace",
    });
  });

  it("concat of only null parts is null", () => {
    expect(apply({ op: "concat", columns: ["middle"] }, null, { columns: names, hasValue: false })).toEqual({ ok: true, value: null });
  });

  it("concat after a column puts the incoming value first", () => {
    expect(apply({ op: "concat", columns: ["first", "last"], separator: "-" }, "X", { columns: names })).toEqual({ ok: true, value: "X-Ada-Lovelace" });
  });

  it("coalesce takes the first non-null column", () => {
    expect(apply({ op: "coalesce", columns: ["middle", "last", "first"] }, null, { columns: names, hasValue: false })).toEqual({
      ok: true,
      value: "Lovelace",
    });
  });

  it("coalesce after a column prefers the incoming value", () => {
    expect(apply({ op: "coalesce", columns: ["last"] }, "Byron", { columns: names })).toEqual({ ok: true, value: "Byron" });
    expect(apply({ op: "coalesce", columns: ["last"] }, null, { columns: names })).toEqual({ ok: true, value: "Lovelace" });
  });

  it("concat and coalesce refuse a missing column", () => {
    expect(definitionIssues(() => apply({ op: "coalesce", columns: ["last", "nickname"] }, null, { columns: names }))).toEqual([
      { pointer: "/columns/1", message: 'no column "nickname" in the file' },
    ]);
  });

  it("constant replaces the value", () => {
    expect(apply({ op: "constant", value: "USD" }, "anything")).toEqual({ ok: true, value: "USD" });
    expect(apply({ op: "constant", value: 0 }, null)).toEqual({ ok: true, value: 0 });
    expect(apply({ op: "constant", value: null }, "x")).toEqual({ ok: true, value: null });
  });

  it("constant refuses a fractional number, since numbers are minor units", () => {
    expect(definitionIssues(() => apply({ op: "constant", value: 1.5 }, null))).toEqual([
      { pointer: "/value", message: "a number constant is in minor units and must be a whole number" },
    ]);
  });
});

describe("lookup", () => {
  const lookups = { accounts: { "4000": "Sales", "4100": "Refunds" } };

  it("replaces a key by its value", () => {
    expect(apply({ op: "lookup", table: "accounts" }, "4000", { lookups })).toEqual({ ok: true, value: "Sales" });
  });

  it("reads a number key as its digits", () => {
    expect(apply({ op: "lookup", table: "accounts" }, 4100, { lookups })).toEqual({ ok: true, value: "Refunds" });
  });

  it("keeps a missing key by default", () => {
    expect(apply({ op: "lookup", table: "accounts" }, "9999", { lookups })).toEqual({ ok: true, value: "9999" });
  });

  it("turns a missing key into null with onMissing null", () => {
    expect(apply({ op: "lookup", table: "accounts", onMissing: "null" }, "9999", { lookups })).toEqual({ ok: true, value: null });
  });

  it("turns a missing key into the default with onMissing default", () => {
    expect(apply({ op: "lookup", table: "accounts", onMissing: "default", default: "Other" }, "9999", { lookups })).toEqual({ ok: true, value: "Other" });
  });

  it("passes null through whatever onMissing says", () => {
    expect(apply({ op: "lookup", table: "accounts", onMissing: "default", default: "Other" }, null, { lookups })).toEqual({ ok: true, value: null });
  });

  it("never finds inherited object keys", () => {
    expect(apply({ op: "lookup", table: "accounts", onMissing: "null" }, "constructor", { lookups })).toEqual({ ok: true, value: null });
  });

  it("refuses a table the rule set does not define", () => {
    expect(definitionIssues(() => apply({ op: "lookup", table: "regions" }, "x", { lookups }))).toEqual([
      { pointer: "/table", message: 'no lookup table named "regions" in the rule set\'s lookups' },
    ]);
  });
});

describe("expression", () => {
  it("binds value to the incoming value and columns by name", () => {
    expect(apply({ op: "expression", expression: 'value || "-" || region' }, "A1", { columns: { region: "EU" } })).toEqual({ ok: true, value: "A1-EU" });
  });

  it("can read a column whose name needs quoting", () => {
    expect(apply({ op: "expression", expression: 'upper(`Order ID`)' }, null, { columns: { "Order ID": "ab-1" }, hasValue: false })).toEqual({
      ok: true,
      value: "AB-1",
    });
  });

  it("returns numbers as numbers", () => {
    expect(apply({ op: "expression", expression: "value * 2" }, 1250)).toEqual({ ok: true, value: 2500 });
  });

  it("turns a condition into the text true or false", () => {
    expect(apply({ op: "expression", expression: "value > 100" }, 1250)).toEqual({ ok: true, value: "true" });
    expect(apply({ op: "expression", expression: 'if(value = "C", "credit", "debit")' }, "D")).toEqual({ ok: true, value: "debit" });
  });

  it("reports a run-time expression error as a failed value", () => {
    expect(apply({ op: "expression", expression: "not value" }, "x")).toEqual({ ok: false, message: `'not' needs true, false or null but got the text "x"` });
  });

  it("refuses an expression that does not compile, with its position", () => {
    expect(definitionIssues(() => apply({ op: "expression", expression: "value +" }, "x"))).toEqual([
      { pointer: "/expression", message: "the expression ends too early: expected a value (at character 8)" },
    ]);
  });

  it("refuses a name that is neither value nor a column", () => {
    expect(definitionIssues(() => apply({ op: "expression", expression: "value || regoin" }, "x", { columns: { region: "EU" } }))).toEqual([
      { pointer: "/expression", message: 'unknown name "regoin": only `value` and the file\'s columns can be used here' },
    ]);
  });
});
