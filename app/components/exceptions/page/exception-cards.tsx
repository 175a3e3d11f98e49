import { formatMoney, LocalTime } from "~/components/format";
import { Badge } from "~/components/ui/badge";
import type { GridRow } from "../grid-rows";
import { SEVERITY_TONES, STATUS_TONES } from "../tones";

interface ExceptionCardsProps {
  rows: GridRow[];
  selected: Record<string, boolean>;
  onOpen: (id: string) => void;
  onToggle: ((index: number, id: string, checked: boolean, extend: boolean) => void) | null;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
}

/**
 * The exceptions on a phone: the grid's dozen columns do not fit 390 px, so
 * each exception is a card with what a triager decides on (severity, status,
 * amount, message, reference, due date), opening the same drawer. Pages load
 * by a button, not by scrolling a window of rows.
 */
export function ExceptionCards({ rows, selected, onOpen, onToggle, hasMore, loadingMore, loadMore }: ExceptionCardsProps) {
  return (
    <div className="space-y-3">
      <ul aria-label="Exceptions" className="space-y-2" data-testid="exception-cards">
        {rows.map((row, index) => (
          <li key={row.id} className={`flex gap-3 rounded-lg border bg-white p-3 text-sm shadow-sm ${selected[row.id] ? "border-indigo-300 bg-indigo-50" : "border-slate-200"}`}>
            {onToggle ? (
              <input
                type="checkbox"
                className="mt-1 shrink-0"
                aria-label={`Select exception ${row.reference || row.id}`}
                checked={Boolean(selected[row.id])}
                onChange={(event) => onToggle(index, row.id, event.target.checked, false)}
              />
            ) : null}
            <button type="button" onClick={() => onOpen(row.id)} className="min-w-0 flex-1 space-y-1.5 text-left focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
              <span className="flex flex-wrap items-center gap-1.5">
                <Badge tone={SEVERITY_TONES[row.severity] ?? "neutral"}>{row.severity}</Badge>
                <Badge tone={STATUS_TONES[row.status] ?? "neutral"}>{row.status.replace("_", " ")}</Badge>
                <span className="ml-auto font-medium tabular-nums text-slate-900">
                  {row.amountMinor !== null && row.currency ? formatMoney(row.amountMinor, row.currency) : "—"}
                </span>
              </span>
              <span className="line-clamp-2 block break-words text-slate-800">{row.message}</span>
              <span className="flex flex-wrap gap-x-3 text-xs text-slate-500">
                {row.reference ? <span className="max-w-full truncate font-mono">{row.reference}</span> : null}
                <span className="font-mono">{row.type}</span>
                <span className={row.overdue ? "font-medium text-red-700" : undefined}>
                  Due <LocalTime iso={row.dueAt} style="date" />
                  {row.overdue ? " (overdue)" : ""}
                </span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      <div className="flex items-center justify-between text-xs text-slate-600">
        <span>
          {rows.length} loaded{hasMore ? "" : ", all shown"}
        </span>
        {hasMore ? (
          <button type="button" onClick={loadMore} disabled={loadingMore} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60">
            {loadingMore ? "Loading…" : "Load more"}
          </button>
        ) : null}
      </div>
    </div>
  );
}
