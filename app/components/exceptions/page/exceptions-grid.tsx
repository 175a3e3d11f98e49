import { flexRender } from "@tanstack/react-table";
import type { LegacyColumnDef } from "@tanstack/react-table/legacy";
import type { GridRow } from "../grid-rows";
import { GridRowView } from "../grid-row-view";
import { SORT_KEYS } from "./page-data";
import type { useExceptionsTable } from "./use-exceptions-table";

interface ExceptionsGridProps {
  grid: ReturnType<typeof useExceptionsTable>;
  columns: Array<LegacyColumnDef<GridRow>>;
  rowCount: number;
  sort: string;
  sortBy: (column: string) => void;
  onOpen: (id: string) => void;
  onToggle: ((index: number, id: string, checked: boolean, extend: boolean) => void) | null;
  hasMore: boolean;
  loadingMore: boolean;
}

/** An ARIA grid over a virtual window of rows; sortable headers are buttons that state their direction. */
export function ExceptionsGrid({ grid, columns, rowCount, sort, sortBy, onOpen, onToggle, hasMore, loadingMore }: ExceptionsGridProps) {
  const { table, scrollRef, virtualizer, virtualItems, moveRowFocus, gridTemplate } = grid;
  return (
    <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <div
        ref={scrollRef}
        role="grid"
        aria-label="Exceptions"
        aria-rowcount={rowCount + 1}
        tabIndex={0}
        onKeyDown={moveRowFocus}
        className="h-[60vh] overflow-auto text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-500"
      >
        <div role="rowgroup" className="sticky top-0 z-10 border-b border-slate-200 bg-slate-50">
          {table.getHeaderGroups().map((group) => (
            <div key={group.id} role="row" aria-rowindex={1} className="grid items-center" style={{ gridTemplateColumns: gridTemplate }}>
              {group.headers.map((header) => {
                const keys = SORT_KEYS[header.column.id];
                const direction = keys ? (sort === keys.descending ? "descending" : sort === keys.ascending ? "ascending" : "none") : undefined;
                return (
                  <div key={header.id} role="columnheader" aria-sort={direction} className="px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-600">
                    {keys ? (
                      <button
                        type="button"
                        onClick={() => sortBy(header.column.id)}
                        className="inline-flex items-center gap-1 uppercase tracking-wide hover:text-slate-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
                        title={`Sort by ${String(header.column.columnDef.header).toLowerCase()}`}
                      >
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        <span aria-hidden="true">{direction === "descending" ? "↓" : direction === "ascending" ? "↑" : "↕"}</span>
                      </button>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {virtualItems.map((item) => {
            const row = table.getRowModel().rows[item.index]!;
            return (
              <GridRowView
                key={row.id}
                row={row}
                index={item.index}
                top={item.start}
                selected={row.getIsSelected()}
                gridTemplate={gridTemplate}
                columns={columns}
                onOpen={onOpen}
                onToggle={onToggle}
              />
            );
          })}
        </div>
      </div>
      <div className="flex items-center justify-between border-t border-slate-200 px-4 py-2 text-xs text-slate-600">
        <span>
          {rowCount} loaded{hasMore ? ", more load as you scroll" : ", all shown"}
        </span>
        {loadingMore ? <span>Loading…</span> : null}
      </div>
    </div>
  );
}
