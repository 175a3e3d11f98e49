import type { ColumnVisibilityState } from "@tanstack/react-table";
import { formatMoney } from "~/components/format";

/** The grid's column choice is remembered per browser. */
export const COLUMNS_STORAGE_KEY = "reconstream.exceptions.columns";

/** Filters a link can carry that the filter bar has no control for (a run's exceptions, an amount range): shown so none is invisible. */
export const LINK_FILTERS: Record<string, string> = {
  minAmountMinor: "amount at least",
  maxAmountMinor: "amount at most",
  currency: "currency",
  stepRunId: "step run",
  fileId: "file",
  caseId: "case",
  reconciliationId: "reconciliation",
  olderThanDays: "older than (days)",
  includeSuperseded: "include carried-forward history",
};

export function describeLinkFilter(name: string, value: string, currency: string | null, fileName: string | null = null): string {
  if (name === "fileId" && fileName) return `${LINK_FILTERS[name]} ${fileName}`;
  if ((name === "minAmountMinor" || name === "maxAmountMinor") && /^-?\d+$/.test(value)) {
    return `${LINK_FILTERS[name]} ${currency ? formatMoney(value, currency) : `${value} (minor units)`}`;
  }
  return `${LINK_FILTERS[name]} ${value}`;
}

/**
 * Shown until the reader chooses otherwise: what fits beside the sidebar at
 * 1440 px. Type, age, first seen and step are one click away in Columns.
 */
export const DEFAULT_COLUMNS: ColumnVisibilityState = { type: false, age: false, seen: false, step: false };

export function readStoredColumns(): ColumnVisibilityState {
  try {
    const stored = JSON.parse(window.localStorage.getItem(COLUMNS_STORAGE_KEY) ?? "{}") as unknown;
    return stored && typeof stored === "object" ? { ...DEFAULT_COLUMNS, ...(stored as ColumnVisibilityState) } : DEFAULT_COLUMNS;
  } catch {
    return DEFAULT_COLUMNS;
  }
}

