import { formatMoney, LocalTime } from "~/components/format";
import { Badge } from "~/components/ui/badge";
import { STATUS_LABELS } from "./status-labels";
import type { ExceptionDetail } from "./types";

/** Severity, status, amount, difference and due date at a glance. */
export function ExceptionSummaryLine({ detail }: { detail: ExceptionDetail }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Badge tone={detail.severity === "critical" || detail.severity === "high" ? "danger" : detail.severity === "medium" ? "warning" : "neutral"}>{detail.severity}</Badge>
      <Badge>{STATUS_LABELS[detail.status]}</Badge>
      {detail.amountMinor !== null && detail.currency ? <span className="font-medium tabular-nums">{formatMoney(detail.amountMinor, detail.currency)}</span> : null}
      {detail.amountDifferenceMinor !== null && detail.currency ? (
        <span className="text-slate-600">difference {formatMoney(detail.amountDifferenceMinor, detail.currency)}</span>
      ) : null}
      <span className={detail.overdue ? "text-red-700" : "text-slate-600"}>
        due <LocalTime iso={detail.dueAt} style="date" />
      </span>
    </div>
  );
}
