import type { RowSelectionState } from "@tanstack/react-table";
import { useCallback, useEffect, useRef, useState } from "react";
import type { ProblemView } from "~/components/problem";
import type { ExceptionSummary } from "../types";
import { toGridRow, type GridRow } from "../grid-rows";
import { PAGE_SIZE, type ExceptionsPageData } from "./page-data";

/**
 * The rows loaded so far (the loader's first page, then more from the API as
 * the grid scrolls) and which of them are selected.
 */
export function useLoadedRows(data: ExceptionsPageData) {
  const [rows, setRows] = useState<GridRow[]>(data.rows);
  const [cursor, setCursor] = useState<string | null>(data.nextCursor);
  const [loadingMore, setLoadingMore] = useState(false);
  const [loadProblem, setLoadProblem] = useState<ProblemView | null>(null);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  // The last row clicked without Shift: Shift-click selects the range from it.
  const anchorRef = useRef<number | null>(null);

  // A new first page (new filters, or after a bulk change) replaces what was loaded.
  useEffect(() => {
    setRows(data.rows);
    setCursor(data.nextCursor);
    setRowSelection({});
    anchorRef.current = null;
  }, [data]);

  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const selectRow = useCallback((index: number, id: string, checked: boolean, extend: boolean) => {
    const anchor = anchorRef.current;
    const ids = [id];
    if (extend && anchor !== null) {
      const [from, to] = anchor < index ? [anchor, index] : [index, anchor];
      for (let position = from; position <= to; position++) {
        const row = rowsRef.current[position];
        if (row) ids.push(row.id);
      }
    }
    setRowSelection((current) => {
      const next = { ...current };
      for (const selected of ids) {
        if (checked) next[selected] = true;
        else delete next[selected];
      }
      return next;
    });
    anchorRef.current = index;
  }, []);

  const onExceptionChanged = useCallback((updated: ExceptionSummary) => {
    setRows((current) => current.map((row) => (row.id === updated.id ? { ...row, status: updated.status, assigneeId: updated.assigneeId, severity: updated.severity, dueAt: updated.dueAt, overdue: updated.overdue } : row)));
  }, []);

  const loadMore = useCallback(async () => {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    const query = new URLSearchParams(data.filterQuery);
    query.set("sort", data.sort);
    query.set("limit", String(PAGE_SIZE));
    query.set("cursor", cursor);
    try {
      const response = await fetch(`/api/v1/exceptions?${query}`, { headers: { Accept: "application/json" } });
      const body = (await response.json()) as { data: Array<Parameters<typeof toGridRow>[0]>; nextCursor: string | null };
      if (!response.ok) {
        setLoadProblem(body as unknown as ProblemView);
        return;
      }
      setRows((current) => [...current, ...body.data.map(toGridRow)]);
      setCursor(body.nextCursor);
    } catch {
      setLoadProblem({ title: "Could not load more exceptions; check the connection" });
    } finally {
      setLoadingMore(false);
    }
  }, [cursor, loadingMore, data.filterQuery, data.sort]);

  const selectedIds = Object.keys(rowSelection).filter((id) => rowSelection[id]);
  return { rows, cursor, loadingMore, loadProblem, rowSelection, setRowSelection, selectRow, selectedIds, onExceptionChanged, loadMore };
}
