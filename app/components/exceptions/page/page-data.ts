import type { GridRow } from "../grid-rows";

/** The first page the loader sends; later pages come from /api/v1/exceptions as the grid scrolls. */
export const PAGE_SIZE = 200;
export const SORTS = ["-created", "created", "-amount", "amount", "-age", "age", "-severity", "severity"] as const;
export type ExceptionSort = (typeof SORTS)[number];

/** Columns whose header sorts the list: descending first (what a queue wants on top), a second click ascending. */
export const SORT_KEYS: Record<string, { descending: ExceptionSort; ascending: ExceptionSort }> = {
  severity: { descending: "-severity", ascending: "severity" },
  amount: { descending: "-amount", ascending: "amount" },
  age: { descending: "-age", ascending: "age" },
  seen: { descending: "-created", ascending: "created" },
};

export interface MemberChoice {
  userId: string;
  name: string;
  email: string;
}

/** What the stream, run and step filters offer (only streams and runs that raised exceptions). */
export interface FilterChoices {
  streamId: string | null;
  streams: Array<{ id: string; name: string }>;
  runs: Array<{ id: string; startedAt: string }>;
  steps: string[];
  fileName: string | null;
}

export interface ExceptionsPageData {
  rows: GridRow[];
  nextCursor: string | null;
  /** Link parameters the loader left out (empty, unknown or malformed), each with why. */
  ignored: Array<{ parameter: string; message: string }>;
  choices: FilterChoices;
  /** The accepted filter as a query string (defaults applied, nothing empty or unknown). */
  filterQuery: string;
  sort: ExceptionSort;
  canTriage: boolean;
  userId: string;
  members: MemberChoice[];
}

export type BulkActionResult = { ok: true; changed: number } | { ok: false; error: { message: string; status: number; fields: Record<string, string> } };
