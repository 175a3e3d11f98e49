import { describe, expect, it } from "vitest";
import { matchTables } from "~/core/engine/match";
import { jaroWinkler, normalizeForFuzzy, tokenSetSimilarity } from "~/core/engine/match/similarity";
import { exceptionRows, matchRows, rules, sourceTable, targetTable } from "./factory";

describe("similarity measures", () => {
  it("reproduce the published Jaro–Winkler values", () => {
    expect(jaroWinkler("martha", "marhta")).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler("dwayne", "duane")).toBeCloseTo(0.84, 4);
    expect(jaroWinkler("dixon", "dicksonx")).toBeCloseTo(0.8133, 4);
    expect(jaroWinkler("acme", "acme")).toBe(1);
  });

  it("score empty text as similar to nothing", () => {
    expect(jaroWinkler("", "")).toBe(0);
    expect(tokenSetSimilarity("", "")).toBe(0);
    expect(tokenSetSimilarity("acme", "")).toBe(0);
  });

  it("reproduce RapidFuzz's token_set_ratio, including a subset scoring 1", () => {
    expect(tokenSetSimilarity("fuzzy was a bear but not a dog", "fuzzy was a bear but not a cat")).toBeCloseTo(0.923077, 6);
    expect(tokenSetSimilarity("fuzzy was a bear but not a dog", "fuzzy was a bear")).toBe(1);
    expect(tokenSetSimilarity("ACME Payment 1001", "payment ACME 1001")).toBe(1);
  });

  it("compare text with accents, case and punctuation folded", () => {
    expect(normalizeForFuzzy("  José GARCÍA-López, Jr. ")).toBe("jose garcia lopez jr");
  });
});

describe("fuzzy passes", () => {
  it("pick the target whose name is similar by Jaro–Winkler among equal amounts", () => {
    const source = sourceTable([{ counterparty: "Jose Garcia", amount: 5000, date: "2026-01-05" }]);
    const target = targetTable([
      { counterparty: "MIA ROSSI", amount: 5000, date: "2026-01-05" },
      { counterparty: "JOSÉ GARCÍA", amount: 5000, date: "2026-01-05" },
    ]);

    const result = matchTables(source, target, rules([{ name: "name+amount", amount: {}, date: { windowDays: 1 }, fuzzy: { field: "counterparty", method: "jaroWinkler", threshold: 0.9 } }]));

    expect(matchRows(result)).toEqual([["name+amount", [0], [1]]]);
    expect(result.matches[0]!.reason.at(-1)).toEqual({ field: "counterparty", source: "Jose Garcia", target: "JOSÉ GARCÍA", outcome: "equal", detail: "jaroWinkler 1 ≥ 0.9" });
  });

  it("match descriptions with the same words in another order by token set", () => {
    const source = sourceTable([{ description: "Order #1001 payment", amount: 5000 }]);
    const target = targetTable([{ description: "PAYMENT for order 1001", amount: 5000 }]);

    const result = matchTables(source, target, rules([{ name: "description", amount: {}, fuzzy: { field: "description", method: "tokenSet", threshold: 0.8 } }]));

    expect(result.matches).toMatchObject([{ sourceRows: [0], targetRows: [0], score: 1 }]);
    expect(result.matches[0]!.reason.at(-1)).toEqual({ field: "description", source: "Order #1001 payment", target: "PAYMENT for order 1001", outcome: "equal", detail: "tokenSet 1 ≥ 0.8" });
  });

  it("leave a key match whose text is below the threshold in the pool without raising it", () => {
    const source = sourceTable([{ id: "A", counterparty: "ACME Corp" }]);
    const target = targetTable([{ id: "A", counterparty: "Globex" }]);

    const result = matchTables(source, target, rules([{ name: "id+name", keys: ["id"], fuzzy: { field: "counterparty", method: "jaroWinkler", threshold: 0.85 } }]));

    expect(exceptionRows(result)).toEqual([
      ["MISSING_IN_TARGET", [0], []],
      ["MISSING_IN_SOURCE", [], [0]],
    ]);
  });

  it("score a match by its similarity when it is below 1", () => {
    const source = sourceTable([{ id: "A", counterparty: "MARTHA" }]);
    const target = targetTable([{ id: "A", counterparty: "MARHTA" }]);

    const result = matchTables(source, target, rules([{ name: "id+name", keys: ["id"], fuzzy: { field: "counterparty", method: "jaroWinkler", threshold: 0.9 } }]));

    expect(result.matches[0]!.score).toBeCloseTo(0.9611, 4);
    expect(result.matches[0]!.reason.at(-1)).toMatchObject({ outcome: "similar", detail: "jaroWinkler 0.961 ≥ 0.9" });
  });
});
