import { useEffect, useState } from "react";
import type { ReactNode } from "react";
import { formatCount, formatDayLabel } from "~/components/format";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/**
 * The dashboard's charts. Each sits in a box of fixed height, rendered as an
 * empty frame on the server and drawn after hydration (recharts measures the
 * DOM), so nothing below moves when the charts appear or update.
 */
const CHART_HEIGHT = 240;

export const OUTCOME_COLORS = {
  succeeded: "#059669",
  partially_succeeded: "#d97706",
  failed: "#dc2626",
  cancelled: "#94a3b8",
  in_progress: "#4f46e5",
} as const;

const OUTCOME_LABELS: Record<keyof typeof OUTCOME_COLORS, string> = {
  succeeded: "Succeeded",
  partially_succeeded: "Partially succeeded",
  failed: "Failed",
  cancelled: "Cancelled",
  in_progress: "In progress",
};

export const SEVERITY_COLORS = { critical: "#991b1b", high: "#ea580c", medium: "#f59e0b", low: "#94a3b8" } as const;

function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/** A chart with a text alternative: the figure's caption and a visually hidden summary for screen readers. */
export function ChartFrame({ label, summary, children }: { label: string; summary: string; children: ReactNode }) {
  const hydrated = useHydrated();
  return (
    <figure className="m-0" aria-label={label}>
      <div style={{ height: CHART_HEIGHT }} className="w-full" data-chart={label}>
        {hydrated ? children : <div className="h-full w-full animate-pulse rounded bg-slate-50" />}
      </div>
      <figcaption className="sr-only">{summary}</figcaption>
    </figure>
  );
}

/** Axis ticks read as dates in the reader's language ("8 Nov"), not as 11-08. */
const dayTicks = (locale: string) => (day: string) => formatDayLabel(day, locale);

export function RunsPerDayChart({ data, locale }: { data: Array<{ day: string } & Record<keyof typeof OUTCOME_COLORS, number>>; locale: string }) {
  const total = data.reduce((sum, row) => sum + row.succeeded + row.partially_succeeded + row.failed + row.cancelled + row.in_progress, 0);
  const failed = data.reduce((sum, row) => sum + row.failed, 0);
  return (
    <ChartFrame label="Runs per day by outcome" summary={`${total} runs in the last ${data.length} days, ${failed} failed.`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="day" tickFormatter={dayTicks(locale)} tick={{ fontSize: 11, fill: "#475569" }} interval="preserveStartEnd" minTickGap={16} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#475569" }} />
          <Tooltip labelFormatter={(day) => formatDayLabel(String(day), locale)} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {(Object.keys(OUTCOME_COLORS) as Array<keyof typeof OUTCOME_COLORS>).map((outcome) => (
            <Bar key={outcome} dataKey={outcome} name={OUTCOME_LABELS[outcome]} stackId="runs" fill={OUTCOME_COLORS[outcome]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

export function MatchRateChart({ data, locale }: { data: Array<{ day: string; rate: number | null; rowsIn: number; matchedRows: number }>; locale: string }) {
  const points = data.map((row) => ({ day: row.day, rate: row.rate === null ? null : Math.round(row.rate * 1000) / 10 }));
  const rowsIn = data.reduce((sum, row) => sum + row.rowsIn, 0);
  const matched = data.reduce((sum, row) => sum + row.matchedRows, 0);
  const overall = rowsIn > 0 ? `${((matched / rowsIn) * 100).toFixed(1)}%` : "no rows yet";
  return (
    <ChartFrame label="Auto-match rate over time" summary={`Overall auto-match rate over the period: ${overall}.`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="day" tickFormatter={dayTicks(locale)} tick={{ fontSize: 11, fill: "#475569" }} interval="preserveStartEnd" minTickGap={16} />
          <YAxis domain={[0, 100]} tickFormatter={(value: number) => `${value}%`} tick={{ fontSize: 11, fill: "#475569" }} />
          <Tooltip labelFormatter={(day) => formatDayLabel(String(day), locale)} formatter={(value) => [`${String(value)}%`, "Auto-matched"]} />
          <Line type="monotone" dataKey="rate" name="Auto-matched" stroke="#4f46e5" strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

export function OpenByAgeChart({ data }: { data: Array<{ bucket: string; low: number; medium: number; high: number; critical: number }> }) {
  const total = data.reduce((sum, row) => sum + row.low + row.medium + row.high + row.critical, 0);
  const labelled = data.map((row) => ({ ...row, label: `${row.bucket} days` }));
  return (
    <ChartFrame
      label="Open exceptions by age and severity"
      summary={`${total} open exceptions: ${data.map((row) => `${row.bucket} days: ${row.low + row.medium + row.high + row.critical}`).join("; ")}.`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={labelled} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#475569" }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#475569" }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {(["critical", "high", "medium", "low"] as const).map((severity) => (
            <Bar key={severity} dataKey={severity} name={severity} stackId="age" fill={SEVERITY_COLORS[severity]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

export function OpenTrendChart({ data, locale }: { data: Array<{ day: string; open: number }>; locale: string }) {
  const first = data[0]?.open ?? 0;
  const last = data.at(-1)?.open ?? 0;
  return (
    <ChartFrame label="Open exceptions over time" summary={`${formatCount(last, locale)} open today, ${formatCount(first, locale)} ${data.length} days ago.`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="day" tickFormatter={dayTicks(locale)} tick={{ fontSize: 11, fill: "#475569" }} interval="preserveStartEnd" minTickGap={16} />
          <YAxis allowDecimals={false} tickFormatter={(value: number) => formatCount(value, locale)} tick={{ fontSize: 11, fill: "#475569" }} />
          <Tooltip labelFormatter={(day) => formatDayLabel(String(day), locale)} formatter={(value) => [formatCount(Number(value), locale), "Open"]} />
          <Line type="stepAfter" dataKey="open" name="Open" stroke="#dc2626" strokeWidth={2} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
