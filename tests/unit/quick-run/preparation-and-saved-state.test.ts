import { describe, expect, it } from "vitest";
import { compileExpression } from "~/core/engine/expression";
import type { Draft } from "~/components/quick-run/draft";
import { parseSavedWizard, serializeWizard } from "~/components/quick-run/saved-wizard";
import { filterExpression, parseFilter, setSideFilter, type FilterCondition } from "~/components/quick-run/side-filter";

const draft: Draft = {
  source: { mappings: [{ field: "id", column: "Name" }] },
  target: { mappings: [{ field: "id", column: "payment_metadata[order_id]" }] },
  passes: [{ name: "id", keys: ["id"] }],
};

describe("the wizard's row filter", () => {
  const conditions: FilterCondition[] = [
    { column: "reporting_category", operator: "is", value: "charge" },
    { column: "Payment Method", operator: "is not", value: 'say "and" and \\ more' },
    { column: "description", operator: "contains", value: "STRIPE" },
  ];

  it("writes conditions as an expression the engine compiles, and reads them back", () => {
    const expression = filterExpression(conditions)!;
    expect(expression).toBe('col("reporting_category") = "charge" and col("Payment Method") != "say \\"and\\" and \\\\ more" and contains(col("description"), "STRIPE")');
    expect(() => compileExpression(expression)).not.toThrow();
    expect(parseFilter(expression)).toEqual(conditions);
  });

  it("shows a hand-written expression as text rather than guessing conditions from it", () => {
    expect(parseFilter('category = "charge" or amount > 0')).toBeNull();
    expect(parseFilter(undefined)).toEqual([]);
  });

  it("sets and removes a side's filter, leaving the rest of the draft as it was", () => {
    const filtered = setSideFilter(draft, "target", filterExpression(conditions.slice(0, 1)));
    expect(filtered.target).toEqual({ ...draft.target, filter: 'col("reporting_category") = "charge"' });
    expect(filtered.source).toBe(draft.source);
    expect(setSideFilter(filtered, "target", undefined).target).toEqual(draft.target);
  });
});

describe("the wizard's saved state", () => {
  const state = {
    step: 2,
    reached: 2,
    selected: { source: "file_a", target: "file_b" },
    draft,
    suggestion: null,
    suggestedFor: "file_a|file_b",
    name: "Orders vs charges",
    limit: 10_000,
  };

  it("reads back what it saved while both files are still listed", () => {
    expect(parseSavedWizard(serializeWizard(state), new Set(["file_a", "file_b", "file_c"]))).toEqual({ version: 1, ...state });
  });

  it("drops a state whose files are gone, or that is not its own", () => {
    expect(parseSavedWizard(serializeWizard(state), new Set(["file_a"]))).toBeNull();
    expect(parseSavedWizard("{not json", new Set(["file_a", "file_b"]))).toBeNull();
    expect(parseSavedWizard(JSON.stringify({ ...state, version: 2 }), new Set(["file_a", "file_b"]))).toBeNull();
  });

  it("starts at the files step when there is no draft to resume", () => {
    const saved = parseSavedWizard(serializeWizard({ ...state, draft: null, step: 3 }), new Set(["file_a", "file_b"]));
    expect(saved?.step).toBe(0);
  });
});
