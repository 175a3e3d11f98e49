import { findDuplicates, type DuplicateRow } from "./deduplicate";
import { groupRows } from "./group-rows";
import { normalizeSide, type NormalizeContext, type NormalizeIssue } from "./normalize";
import type { GroupByDefinition, SideDefinition } from "./rule-set";
import type { CanonicalTable, RawTable } from "./types";

/**
 * Everything one side needs before matching, computed from that side alone:
 * its mappings and scope filter (normalize), then the records it captured
 * twice (deduplicate). Nothing here looks at the other side, so the two
 * sides of a reconciliation can be prepared at once, each on its own core,
 * and only matching has to wait for both.
 */
export interface PreparedSide {
  table: CanonicalTable;
  /** Rows (ascending) outside the scope filter: EXCLUDED, never compared. */
  excludedRows: number[];
  /** Records captured twice: reported DUPLICATE of the kept row, never compared. */
  duplicates: DuplicateRow[];
  /** Cells a transform could not convert, then filter problems; ordered by row. */
  issues: NormalizeIssue[];
  /**
   * Only for a side with groupBy: per row of `table`, the 1-based lines of the
   * file rows it stands for (its own line first). A row's provenance is its
   * group's first row.
   */
  groupedLines?: number[][];
}

export function prepareSide(raw: RawTable, side: SideDefinition, context: NormalizeContext): PreparedSide {
  if (side.groupBy) return prepareGroupedSide(raw, side, side.groupBy, context);
  const normalized = normalizeSide(raw, side, context);
  const fields = side.deduplicate?.fields;
  const duplicates = fields ? findDuplicates(normalized.table, fields, new Set(normalized.excludedRows)) : [];
  return { table: normalized.table, excludedRows: normalized.excludedRows, duplicates, issues: normalized.issues };
}

/**
 * Filter, then group, then map: the filter runs on the file's own rows (it may
 * name mapped fields, so the side is mapped once for it), the in-scope rows
 * are grouped, and the grouped table is mapped again for matching. Excluded
 * rows keep their place and are not grouped.
 */
function prepareGroupedSide(raw: RawTable, side: SideDefinition, groupBy: GroupByDefinition, context: NormalizeContext): PreparedSide {
  const scoped = normalizeSide(raw, side, context);
  const excluded = new Set(scoped.excludedRows);
  const grouped = groupRows(raw, side, groupBy, excluded, `/${context.sideName}`);
  const mapped = normalizeSide(grouped.raw, { mappings: side.mappings }, context);

  const excludedRows: number[] = [];
  const newRowOf = new Map<number, number>();
  grouped.members.forEach((rows, row) => {
    newRowOf.set(rows[0]!, row);
    if (excluded.has(rows[0]!)) excludedRows.push(row);
  });
  // The filter's own problems were found on the file's rows; they move with their (excluded, ungrouped) row.
  const filterIssues = scoped.issues.filter((issue) => issue.field === "filter").map((issue) => ({ ...issue, row: newRowOf.get(issue.row)! }));
  const issues = [...mapped.issues, ...filterIssues].sort((a, b) => a.row - b.row);

  const fields = side.deduplicate?.fields;
  const duplicates = fields ? findDuplicates(mapped.table, fields, new Set(excludedRows)) : [];
  const lines = raw.provenance.line;
  const groupedLines = grouped.members.map((rows) => rows.map((row) => lines[row]!));
  return { table: mapped.table, excludedRows, duplicates, issues, groupedLines };
}
