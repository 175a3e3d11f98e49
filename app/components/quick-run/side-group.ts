import type { Draft, Side } from "./draft";

/**
 * A side's group-by as the wizard builds it: "one row per Name", with each
 * amount column taken from the group's first row or summed, and optionally
 * one column holding the number of rows. Stored as the rule set's
 * `groupBy`, so the engine, the saved rule set and the API read exactly
 * what the wizard shows.
 */
export type DraftGroupBy = NonNullable<Draft["source"]["groupBy"]>;
export type Aggregate = "first" | "sum" | "count";

export function groupByOf(draft: Draft, side: Side): DraftGroupBy | null {
  return draft[side].groupBy ?? null;
}

/** The draft with a side's groupBy replaced; no keys removes it, so an ungrouped side stays exactly as it was. */
export function setSideGroupBy(draft: Draft, side: Side, groupBy: DraftGroupBy | null): Draft {
  const { groupBy: _old, ...rest } = draft[side];
  if (!groupBy || groupBy.keys.length === 0) return { ...draft, [side]: rest };
  const columns = Object.fromEntries(Object.entries(groupBy.columns ?? {}).filter(([column, aggregate]) => aggregate !== "first" && !groupBy.keys.includes(column)));
  return { ...draft, [side]: { ...rest, groupBy: Object.keys(columns).length > 0 ? { keys: groupBy.keys, columns } : { keys: groupBy.keys } } };
}

export function addGroupKey(draft: Draft, side: Side, column: string): Draft {
  const current = groupByOf(draft, side);
  const keys = current?.keys ?? [];
  if (keys.includes(column)) return draft;
  return setSideGroupBy(draft, side, { keys: [...keys, column], ...(current?.columns ? { columns: current.columns } : {}) });
}

export function removeGroupKey(draft: Draft, side: Side, column: string): Draft {
  const current = groupByOf(draft, side);
  if (!current) return draft;
  return setSideGroupBy(draft, side, { ...current, keys: current.keys.filter((key) => key !== column) });
}

/** Sets one column's aggregation; "first" is the default, so it is stored by leaving the column out. */
export function setAggregate(draft: Draft, side: Side, column: string, aggregate: Aggregate): Draft {
  const current = groupByOf(draft, side);
  if (!current) return draft;
  return setSideGroupBy(draft, side, { ...current, columns: { ...(current.columns ?? {}), [column]: aggregate } });
}

/** The column holding the row count (at most one in the wizard); choosing another moves it, null removes it. */
export function setCountColumn(draft: Draft, side: Side, column: string | null): Draft {
  const current = groupByOf(draft, side);
  if (!current) return draft;
  const columns = Object.fromEntries(Object.entries(current.columns ?? {}).filter(([, aggregate]) => aggregate !== "count"));
  if (column !== null) columns[column] = "count";
  return setSideGroupBy(draft, side, { ...current, columns });
}

export function countColumnOf(groupBy: DraftGroupBy | null): string | null {
  return Object.entries(groupBy?.columns ?? {}).find(([, aggregate]) => aggregate === "count")?.[0] ?? null;
}

function list(names: string[]): string {
  const quoted = names.map((name) => `“${name}”`);
  return quoted.length <= 1 ? (quoted[0] ?? "") : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}

/** The group-by in words, for the review step: "One row per “Name”; “Total” summed; rows counted in “Lineitem quantity”; other columns from each group's first row." */
export function describeGroupBy(groupBy: DraftGroupBy): string {
  const columns = Object.entries(groupBy.columns ?? {});
  const summed = columns.filter(([, aggregate]) => aggregate === "sum").map(([column]) => column);
  const counted = columns.filter(([, aggregate]) => aggregate === "count").map(([column]) => column);
  const parts = [`One row per ${list(groupBy.keys)}`];
  if (summed.length > 0) parts.push(`${list(summed)} summed`);
  if (counted.length > 0) parts.push(`number of rows in ${list(counted)}`);
  parts.push("other columns from each group's first row");
  return `${parts.join("; ")}.`;
}
