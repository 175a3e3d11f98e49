import { findDuplicates, type DuplicateRow } from "./deduplicate";
import { normalizeSide, type NormalizeContext, type NormalizeIssue } from "./normalize";
import type { SideDefinition } from "./rule-set";
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
}

export function prepareSide(raw: RawTable, side: SideDefinition, context: NormalizeContext): PreparedSide {
  const normalized = normalizeSide(raw, side, context);
  const fields = side.deduplicate?.fields;
  const duplicates = fields ? findDuplicates(normalized.table, fields, new Set(normalized.excludedRows)) : [];
  return { table: normalized.table, excludedRows: normalized.excludedRows, duplicates, issues: normalized.issues };
}
