import { Link } from "@remix-run/react";
import { StateBadge } from "~/components/streams/run-state";
import type { Connection, Timeline } from "~/components/streams/use-run-events";
import { formatDuration, LocalTime } from "~/components/ui/local-time";
import { formatCount, useDisplay } from "~/components/format";
import type { MatchRate } from "~/core/streams/match-rate";
import { MatchRateText } from "./match-rate-text";
import type { RunMetrics } from "./runs-data";

export function RunStatusBar({ run, ended, connection, matchRate }: { run: Timeline["run"]; ended: boolean; connection: Connection; matchRate: MatchRate }) {
  const metrics = run.metrics as RunMetrics;
  const { locale } = useDisplay();
  const count = (value: number | null | undefined) => (typeof value === "number" ? formatCount(value, locale) : "—");
  return (
  <section aria-labelledby="status-heading" className="flex flex-wrap items-center gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm tabular-nums">
    <h2 id="status-heading" className="sr-only">
      Status
    </h2>
    <span className="flex items-center gap-2" data-testid="run-state" data-state={run.state} aria-live="polite">
      Run <StateBadge state={run.state} />
    </span>
    <span>
      Started <LocalTime iso={run.startedAt} />
    </span>
    <span>Duration {ended ? formatDuration(metrics?.durationMs ?? null) : "—"}</span>
    <span>Matches {count(metrics?.matches)}</span>
    <span data-testid="run-match-rate">
      Match rate <MatchRateText rate={matchRate.rowsIn > 0 ? matchRate : null} />
    </span>
    <span>
      Exceptions{" "}
      {metrics?.exceptions ? (
        <Link
          to={`/exceptions?streamRunId=${encodeURIComponent(run.id)}`}
          aria-label={`Open the ${count(metrics.exceptions)} exceptions of this run`}
          className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
        >
          {count(metrics.exceptions)}
        </Link>
      ) : (
        count(metrics?.exceptions)
      )}
    </span>
    <span className="ml-auto text-xs text-slate-500">{connection === "live" ? "Live" : connection === "reconnecting" ? "Reconnecting…" : connection === "ended" ? "Final" : "Connecting…"}</span>
  </section>
  );
}
