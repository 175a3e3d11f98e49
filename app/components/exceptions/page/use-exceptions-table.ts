import type { ColumnVisibilityState, RowSelectionState } from "@tanstack/react-table";
// v9's v8-compatible API: plain state in React, which is all a grid of loaded pages needs.
import { getCoreRowModel, useLegacyTable, type LegacyColumnDef } from "@tanstack/react-table/legacy";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, type Dispatch, type KeyboardEvent, type SetStateAction } from "react";
import type { GridRow } from "../grid-rows";
import { ROW_HEIGHT } from "../grid-row-view";

interface TableInput {
  rows: GridRow[];
  columns: Array<LegacyColumnDef<GridRow>>;
  rowSelection: RowSelectionState;
  setRowSelection: Dispatch<SetStateAction<RowSelectionState>>;
  columnVisibility: ColumnVisibilityState;
  setColumnVisibility: Dispatch<SetStateAction<ColumnVisibilityState>>;
  loadMore: () => Promise<void>;
}

/** The table model and its virtual window: only the rows on screen render, and nearing the end loads the next page. */
export function useExceptionsTable({ rows, columns, rowSelection, setRowSelection, columnVisibility, setColumnVisibility, loadMore }: TableInput) {
  const table = useLegacyTable({
    data: rows,
    columns,
    state: { rowSelection, columnVisibility },
    getRowId: (row) => row.id,
    onRowSelectionChange: setRowSelection,
    onColumnVisibilityChange: setColumnVisibility,
    getCoreRowModel: getCoreRowModel(),
  });

  const scrollRef = useRef<HTMLDivElement>(null);
  // initialRect lets the server render the first screen of rows, so they paint with the HTML rather than after hydration.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 1200, height: 600 },
  });
  const virtualItems = virtualizer.getVirtualItems();
  const lastIndex = virtualItems.at(-1)?.index ?? 0;
  useEffect(() => {
    if (lastIndex >= rows.length - 40) void loadMore();
  }, [lastIndex, rows.length, loadMore]);

  /** Arrow keys move between rows (scrolling the virtual list as needed); Enter opens a row, Space selects it. */
  function moveRowFocus(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const current = (event.target as HTMLElement).closest<HTMLElement>('[role="row"][data-index]');
    const next = current ? Number(current.dataset.index) + (event.key === "ArrowDown" ? 1 : -1) : 0;
    if (next < 0 || next >= rows.length) return;
    event.preventDefault();
    virtualizer.scrollToIndex(next);
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[role="row"][data-index="${next}"]`)?.focus());
  }

  const gridTemplate = table
    .getVisibleLeafColumns()
    // The message takes what the fixed columns leave, so the row fits its container.
    .map((column) => (column.id === "message" ? `minmax(${column.getSize()}px, 1fr)` : `${column.getSize()}px`))
    .join(" ");

  return { table, scrollRef, virtualizer, virtualItems, moveRowFocus, gridTemplate };
}
