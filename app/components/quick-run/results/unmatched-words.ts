/**
 * Why rows did not match, in a sentence a person can act on: "1,140
 * shopify_orders.csv rows have no amount", not a count of exception codes.
 * Pure, so the wording is tested without a page.
 */
export interface UnmatchedGroupView {
  side: "source" | "target";
  missing: string[];
  rows: number;
}

export function describeUnmatchedGroup(group: UnmatchedGroupView, files: Record<"source" | "target", string>, formatCount: (value: number) => string): string {
  const file = files[group.side];
  const other = files[group.side === "source" ? "target" : "source"];
  const rows = `${formatCount(group.rows)} ${file} row${group.rows === 1 ? "" : "s"}`;
  const have = group.rows === 1 ? "has" : "have";
  if (group.missing.includes("amount")) {
    return `${rows} ${have} no amount (e.g. line-item or continuation rows of a record): filter them out in "Rows to compare", or read the file through its recognized format`;
  }
  if (group.missing.length > 0) {
    return `${rows} ${have} no ${list(group.missing)}, so no pass keyed on ${group.missing.length === 1 ? "it" : "them"} could pair ${group.rows === 1 ? "it" : "them"}`;
  }
  return `${rows} ${have} no counterpart in ${other}: no row there shares ${group.rows === 1 ? "its" : "their"} key within the tolerances`;
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

/** A share as people read it: one decimal, never "100%" for what is not all of it. */
export function formatRate(rate: number): string {
  const percent = Math.floor(rate * 1000) / 10;
  return `${percent.toLocaleString("en", { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}
