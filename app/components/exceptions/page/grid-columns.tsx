import type { LegacyColumnDef } from "@tanstack/react-table/legacy";
import { useMemo } from "react";
import { formatMoney, LocalTime } from "~/components/format";
import { Badge } from "~/components/ui/badge";
import type { GridRow } from "../grid-rows";
import { SEVERITY_TONES, STATUS_TONES } from "../tones";

type SelectRow = (index: number, id: string, checked: boolean, extend: boolean) => void;

/** The grid's columns; triagers get a selection column first. */
export function useGridColumns(canTriage: boolean, nameOf: (userId: string) => string, selectRow: SelectRow) {
  return useMemo<Array<LegacyColumnDef<GridRow>>>(
    () => [
      ...(canTriage
        ? [
            {
              id: "select",
              header: ({ table }) => (
                <input
                  type="checkbox"
                  aria-label="Select all loaded exceptions"
                  checked={table.getIsAllRowsSelected()}
                  ref={(element) => {
                    if (element) element.indeterminate = table.getIsSomeRowsSelected();
                  }}
                  onChange={table.getToggleAllRowsSelectedHandler()}
                />
              ),
              cell: ({ row }) => (
                <input
                  type="checkbox"
                  aria-label={`Select exception ${row.original.id}`}
                  checked={row.getIsSelected()}
                  onChange={(event) => selectRow(row.index, row.original.id, event.target.checked, (event.nativeEvent as MouseEvent).shiftKey === true)}
                  onClick={(event) => event.stopPropagation()}
                />
              ),
              size: 40,
            } satisfies LegacyColumnDef<GridRow>,
          ]
        : []),
      { id: "severity", header: "Severity", cell: ({ row }) => <Badge tone={SEVERITY_TONES[row.original.severity] ?? "neutral"}>{row.original.severity}</Badge>, size: 100 },
      { id: "type", header: "Type", cell: ({ row }) => <span className="font-mono text-xs">{row.original.type}</span>, size: 180 },
      { id: "reference", header: "Reference", cell: ({ row }) => <span className="truncate font-mono text-xs">{row.original.reference}</span>, size: 160 },
      { id: "message", header: "Message", cell: ({ row }) => <span className="truncate" title={row.original.message}>{row.original.message}</span>, size: 200 },
      {
        id: "amount",
        header: "Amount",
        cell: ({ row }) => (row.original.amountMinor !== null && row.original.currency ? formatMoney(row.original.amountMinor, row.original.currency) : "—"),
        size: 130,
      },
      { id: "status", header: "Status", cell: ({ row }) => <Badge tone={STATUS_TONES[row.original.status] ?? "neutral"}>{row.original.status.replace("_", " ")}</Badge>, size: 110 },
      {
        id: "due",
        header: "Due",
        cell: ({ row }) => (
          <span className={row.original.overdue ? "font-medium text-red-700" : "text-slate-600"}>
            <LocalTime iso={row.original.dueAt} style="date" />
            {row.original.overdue ? " (overdue)" : ""}
          </span>
        ),
        size: 150,
      },
      { id: "age", header: "Age", cell: ({ row }) => <span className="tabular-nums">{row.original.ageDays} d</span>, size: 80 },
      { id: "seen", header: "First seen", cell: ({ row }) => <LocalTime iso={row.original.firstSeenAt} style="date" />, size: 130 },
      { id: "step", header: "Step", cell: ({ row }) => <span className="font-mono text-xs text-slate-600">{row.original.stepKey}</span>, size: 150 },
      { id: "assignee", header: "Assignee", cell: ({ row }) => (row.original.assigneeId ? nameOf(row.original.assigneeId) : "—"), size: 140 },
    ],
    [canTriage, nameOf, selectRow],
  );
}
