import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SideGrouping } from "~/components/quick-run/side-grouping";
import type { WizardFile } from "~/components/quick-run/types";
import type { Draft } from "~/components/quick-run/draft";
import { addGroupKey, countColumnOf, describeGroupBy, removeGroupKey, setAggregate, setCountColumn } from "~/components/quick-run/side-group";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";

const draft: Draft = {
  source: { mappings: [{ field: "id", column: "Name" }, { field: "amount", column: "Total", transforms: [{ op: "parseAmount" }] }], filter: 'col("Financial Status") = "paid"' },
  target: { mappings: [{ field: "id", column: "order_id" }] },
  passes: [{ name: "id", keys: ["id"] }],
};

describe("the wizard's one row per …", () => {
  it("stores keys, sums and a count as the side's groupBy, which the rule-set schema accepts", () => {
    let next = addGroupKey(draft, "source", "Name");
    next = setAggregate(next, "source", "Lineitem price", "sum");
    next = setCountColumn(next, "source", "Lineitem quantity");
    expect(next.source).toEqual({ ...draft.source, groupBy: { keys: ["Name"], columns: { "Lineitem price": "sum", "Lineitem quantity": "count" } } });
    expect(next.target).toBe(draft.target);
    expect(ruleSetDefinitionSchema.safeParse(next).success).toBe(true);
    expect(countColumnOf(next.source.groupBy!)).toBe("Lineitem quantity");
  });

  it("leaves out what is the default: a column back to first, a count removed", () => {
    let next = setAggregate(addGroupKey(draft, "source", "Name"), "source", "Total", "sum");
    next = setCountColumn(next, "source", "Lineitem name");
    next = setAggregate(next, "source", "Total", "first");
    next = setCountColumn(next, "source", null);
    expect(next.source.groupBy).toEqual({ keys: ["Name"] });
  });

  it("removing the last key removes the groupBy, leaving the side as it was", () => {
    const grouped = setAggregate(addGroupKey(addGroupKey(draft, "source", "Name"), "source", "Email"), "source", "Total", "sum");
    expect(grouped.source.groupBy?.keys).toEqual(["Name", "Email"]);
    const back = removeGroupKey(removeGroupKey(grouped, "source", "Email"), "source", "Name");
    expect(back.source).toEqual(draft.source);
    expect("groupBy" in back.source).toBe(false);
  });

  it("says it in words for the review", () => {
    expect(describeGroupBy({ keys: ["Name"], columns: { Total: "sum", "Lineitem price": "sum", "Lineitem quantity": "count" } })).toBe(
      "One row per “Name”; “Total” and “Lineitem price” summed; number of rows in “Lineitem quantity”; other columns from each group's first row.",
    );
    expect(describeGroupBy({ keys: ["Name", "Email"] })).toBe("One row per “Name” and “Email”; other columns from each group's first row.");
  });
});

describe("the wizard's group-by panel", () => {
  const file: WizardFile = {
    id: "file_a",
    name: "orders_export.csv",
    status: "ready",
    rowCount: 3157,
    errorCount: 0,
    createdAt: "2026-01-01T00:00:00Z",
    columns: [
      { name: "Name", type: "string" },
      { name: "Total", type: "amount" },
      { name: "Lineitem price", type: "amount" },
      { name: "Lineitem sku", type: "string" },
    ],
    format: null,
  };
  const render = (next: Draft) => renderToStaticMarkup(createElement(SideGrouping, { side: "source", draft: next, onChange: () => undefined, file, errors: {} }));

  it("offers one row per a chosen column while the side is ungrouped", () => {
    const html = render(draft);
    expect(html).toContain("Each row is one record.");
    expect(html).toContain("One source row per value");
    expect(html).not.toContain("per group");
  });

  it("shows the grouping in words, with a sum-or-first choice per amount column and the count", () => {
    const grouped = setCountColumn(setAggregate(addGroupKey(draft, "source", "Name"), "source", "Lineitem price", "sum"), "source", "Lineitem sku");
    const html = render(grouped);
    expect(html).toContain("One row per “Name”; “Lineitem price” summed; number of rows in “Lineitem sku”");
    expect(html).toContain('aria-label="Source Total per group"');
    expect(html).toContain('aria-label="Source Lineitem price per group"');
    expect(html).not.toContain('aria-label="Source Lineitem sku per group"');
    expect(html).toMatch(/<option value="sum" selected="">sum of the rows<\/option>/);
  });
});
