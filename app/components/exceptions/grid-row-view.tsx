import { flexRender } from "@tanstack/react-table";
import type { LegacyRow } from "@tanstack/react-table/legacy";
import { memo } from "react";
import type { GridRow } from "./grid-rows";

/** Fixed, so the virtualizer can place any row without measuring it and live updates never shift the layout. */
export const ROW_HEIGHT = 44;

export interface GridRowViewProps {
  row: LegacyRow<GridRow>;
  index: number;
  top: number;
  selected: boolean;
  gridTemplate: string;
  /** Only to re-render when the columns change (their cells close over them). */
  columns: unknown;
  onOpen: (id: string) => void;
  onToggle: ((index: number, id: string, checked: boolean, extend: boolean) => void) | null;
}

/** One row, memoized: scrolling moves the window, and rows already shown need not render again. */
export const GridRowView = memo(function GridRowView({ row, index, top, selected, gridTemplate, onOpen, onToggle }: GridRowViewProps) {
  return (
    <div
      role="row"
      data-index={index}
      aria-rowindex={index + 2}
      aria-selected={selected}
      tabIndex={-1}
      onClick={() => onOpen(row.original.id)}
      onKeyDown={(event) => {
        if (event.target !== event.currentTarget) return;
        if (event.key === "Enter") {
          // Otherwise the same keypress activates the drawer's Close button, which takes focus as it opens.
          event.preventDefault();
          onOpen(row.original.id);
        }
        if (event.key === " " && onToggle) {
          event.preventDefault();
          onToggle(index, row.original.id, !selected, event.shiftKey);
        }
      }}
      className={`absolute left-0 grid w-full cursor-pointer items-center border-b border-slate-100 hover:bg-slate-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-500 ${selected ? "bg-indigo-50" : ""}`}
      style={{ top, height: ROW_HEIGHT, gridTemplateColumns: gridTemplate }}
    >
      {row.getVisibleCells().map((cell) => (
        <div key={cell.id} role="gridcell" className="min-w-0 truncate px-3">
          {flexRender(cell.column.columnDef.cell, cell.getContext())}
        </div>
      ))}
    </div>
  );
});

