import { Link } from "@remix-run/react";
import { formatCount, formatMoney, LocalTime } from "~/components/format";
import { Badge, type BadgeTone } from "~/components/ui/badge";
import { Card, CardBody, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import type { Dashboard } from "./dashboard-data";

const RUN_TONES: Record<string, BadgeTone> = {
  succeeded: "success",
  partially_succeeded: "warning",
  failed: "danger",
  cancelled: "neutral",
  cancelling: "neutral",
  queued: "info",
  running: "info",
};

const SEVERITY_TONES: Record<string, BadgeTone> = { critical: "danger", high: "danger", medium: "warning", low: "neutral" };

export function RecentRunsCard({ runs }: { runs: Dashboard["recentRuns"] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Recent runs</CardTitle>
        <CardDescription>Failures first, then the newest.</CardDescription>
      </CardHeader>
      <ul className="divide-y divide-slate-100" aria-label="Recent runs">
        {runs.map((run) => (
          <li key={run.id} className="flex items-center justify-between gap-3 px-6 py-3">
            <div className="min-w-0">
              <Link to={`/runs/${run.id}`} className="block truncate text-sm font-medium text-indigo-700 hover:underline">
                {run.streamName}
              </Link>
              <p className="text-xs text-slate-500">
                <LocalTime iso={run.createdAt} />
                {run.matches !== null ? ` · ${formatCount(run.matches)} matches` : ""}
                {run.exceptions !== null ? ` · ${formatCount(run.exceptions)} exceptions` : ""}
              </p>
              {run.failure ? <p className="truncate text-xs text-red-700">{run.failure}</p> : null}
            </div>
            <Badge tone={RUN_TONES[run.state] ?? "neutral"} dot>
              {run.state.replace("_", " ")}
            </Badge>
          </li>
        ))}
      </ul>
    </Card>
  );
}

export function OverdueExceptionsCard({ overdue }: { overdue: Dashboard["overdue"] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Overdue exceptions</CardTitle>
        <CardDescription>Past their due date (set by hand, or first seen plus the severity's SLA days), oldest due first.</CardDescription>
      </CardHeader>
      {overdue.length === 0 ? (
        <CardBody className="text-sm text-slate-600">Nothing is overdue.</CardBody>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Overdue exceptions">
          {overdue.map((exception) => (
            <li key={exception.id} className="flex items-center justify-between gap-3 px-6 py-3">
              <div className="min-w-0">
                <Link to={`/exceptions?open=${exception.id}`} className="block truncate text-sm font-medium text-indigo-700 hover:underline">
                  {exception.type} · {exception.streamName}
                </Link>
                <p className="truncate text-xs text-slate-500">
                  due <LocalTime iso={exception.dueAt} style="date" /> · {exception.message}
                </p>
              </div>
              <div className="flex shrink-0 items-center gap-2">
                {exception.amountMinor !== null && exception.currency ? (
                  <span className="text-sm tabular-nums text-slate-900">{formatMoney(exception.amountMinor, exception.currency)}</span>
                ) : null}
                <Badge tone={SEVERITY_TONES[exception.severity] ?? "neutral"}>{exception.severity}</Badge>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
