import { describe, expect, it } from "vitest";
import { applyTransform } from "~/core/engine/normalize";
import { transformSchema } from "~/core/engine/rule-set";
import {
  KEY_NORMALIZATIONS,
  bestOverlap,
  distinctValues,
  jaccard,
  uniqueness,
  valuesUnderEachNormalization,
} from "~/core/engine/suggest/key-overlap";

describe("jaccard", () => {
  it("is the shared distinct values over all distinct values", () => {
    expect(jaccard(new Set(["a", "b", "c"]), new Set(["b", "c", "d"]))).toBe(0.5);
    expect(jaccard(new Set(["a"]), new Set(["a"]))).toBe(1);
    expect(jaccard(new Set(["a"]), new Set(["b"]))).toBe(0);
    expect(jaccard(new Set(), new Set())).toBe(0);
  });
});

describe("distinctValues and uniqueness", () => {
  it("leaves blank cells out, as the engine never matches an absent key", () => {
    const values = distinctValues(["A", "A", null, "", "B"], KEY_NORMALIZATIONS[0]!);
    expect(values).toEqual({ distinct: new Set(["A", "B"]), present: 3 });
    expect(uniqueness(values)).toBeCloseTo(2 / 3);
  });

  it("is 0 for a column with no values", () => {
    expect(uniqueness(distinctValues([null, ""], KEY_NORMALIZATIONS[0]!))).toBe(0);
  });
});

describe("KEY_NORMALIZATIONS", () => {
  const samples = ["  #1001 ", "#abc", "so-9", "# 42", "", "x#y"];

  for (const normalization of KEY_NORMALIZATIONS) {
    it(`computes what the engine's transforms compute (${normalization.label})`, () => {
      for (const sample of samples) {
        let engineValue: string | number | null = sample;
        for (const transform of normalization.transforms) {
          const step = applyTransform(transformSchema.parse(transform), engineValue);
          if (!step.ok) throw new Error(step.message);
          engineValue = step.value;
        }
        expect(normalization.apply(sample)).toBe(engineValue);
      }
    });
  }

  it("starts with the identity, so the simplest normalization wins a tie", () => {
    expect(KEY_NORMALIZATIONS[0]!.transforms).toEqual([]);
    expect(KEY_NORMALIZATIONS[0]!.label).toBe("as written");
  });
});

describe("bestOverlap", () => {
  const overlap = (source: Array<string | null>, target: Array<string | null>) =>
    bestOverlap(valuesUnderEachNormalization(source), valuesUnderEachNormalization(target));

  it("keeps values as written when they already agree", () => {
    const best = overlap(["A-1", "A-2", "A-3"], ["A-2", "A-3", "A-4"]);
    expect(best.normalization.transforms).toEqual([]);
    expect(best.shared).toBe(2);
    expect(best.jaccard).toBe(0.5);
  });

  it("drops Shopify's leading # when the other file writes the bare number", () => {
    const best = overlap(["#1001", "#1002"], ["1001", "1002"]);
    expect(best.normalization.transforms).toEqual([{ op: "regexReplace", pattern: "^#\\s*", replacement: "", flags: "" }]);
    expect(best.jaccard).toBe(1);
  });

  it("compares case-insensitively and trimmed only when that adds overlap", () => {
    const best = overlap([" abc-1", "abc-2"], ["ABC-1", "ABC-2"]);
    expect(best.normalization.transforms).toEqual([{ op: "trim" }, { op: "upper" }]);
    expect(best.jaccard).toBe(1);
  });

  it("reports no overlap for disjoint columns", () => {
    expect(overlap(["a"], ["b"])).toMatchObject({ shared: 0, jaccard: 0 });
  });
});
