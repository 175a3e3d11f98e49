import { Form, Link } from "@remix-run/react";
import { formatCount, useDisplay } from "~/components/format";
import { Button } from "~/components/ui/button";
import { formatDuration, LocalTime } from "~/components/ui/local-time";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import { StateBadge } from "./run-state";

/**
 * A stream's runs, newest first, with a side-by-side comparison of two runs'
 * summary counts. The pair is chosen with checkboxes and carried in the URL
 * (?compare=a&compare=b), so a comparison is a link that can be shared.
 */
export interface RunSummary {
  id: string;
  state: string;
  streamVersion: number;
  createdAt: string;
  trigger: Record<string, unknown>;
  metrics: Record<string, unknown> | null;
}

function triggerText(trigger: Record<string, unknown>): string {
  if (trigger.kind === "manual" || trigger.kind === "rerun") return `${trigger.kind === "rerun" ? "rerun by" : "by"} ${String(trigger.actorLabel ?? "someone")}`;
  if (trigger.kind === "schedule") return "schedule";
  if (trigger.kind === "event") return String(trigger.event ?? "event");
  return String(trigger.kind ?? "");
}

const COUNTS: Array<{ label: string; read: (metrics: Record<string, unknown>) => number | string | null }> = [
  { label: "Steps", read: (metrics) => (metrics.steps as number) ?? null },
  { label: "Steps succeeded", read: (metrics) => ((metrics.stepsByState as Record<string, number> | undefined)?.succeeded ?? 0) },
  { label: "Steps failed", read: (metrics) => ((metrics.stepsByState as Record<string, number> | undefined)?.failed ?? 0) },
  { label: "Matches", read: (metrics) => (metrics.matches as number) ?? null },
  { label: "Exceptions", read: (metrics) => (metrics.exceptions as number) ?? null },
  { label: "Attempts", read: (metrics) => (metrics.attempts as number) ?? null },
  { label: "Duration", read: (metrics) => formatDuration(metrics.durationMs as number | null) },
];

export function RunHistory({ runs, compare }: { runs: RunSummary[]; compare: [RunSummary, RunSummary] | null }) {
  const { locale } = useDisplay();
  const number = (value: unknown) => (typeof value === "number" ? formatCount(value, locale) : "—");
  if (runs.length === 0) return <p className="text-sm text-slate-600">No runs yet.</p>;
  const exceptionTypes = compare ? [...new Set(compare.flatMap((run) => Object.keys((run.metrics?.exceptionsByType as Record<string, number> | undefined) ?? {})))].sort() : [];
  return (
    <div className="space-y-4">
      <Form method="get" className="space-y-2">
        <Table>
          <TableCaption srOnly>Run history</TableCaption>
          <THead>
            <TR>
              <TH>
                <span className="sr-only">Compare</span>
              </TH>
              <TH>Run</TH>
              <TH>State</TH>
              <TH numeric>Version</TH>
              <TH>Started by</TH>
              <TH numeric>Matches</TH>
              <TH numeric>Exceptions</TH>
            </TR>
          </THead>
          <TBody>
            {runs.map((run) => (
              <TR key={run.id}>
                <TD>
                  <input
                    type="checkbox"
                    name="compare"
                    value={run.id}
                    defaultChecked={compare?.some((entry) => entry.id === run.id)}
                    aria-label={`Compare run ${run.id}`}
                    className="h-4 w-4 rounded border-slate-300"
                  />
                </TD>
                <TD>
                  <Link to={`/runs/${run.id}`} className="text-indigo-700 hover:text-indigo-900">
                    <LocalTime iso={run.createdAt} />
                  </Link>
                </TD>
                <TD>
                  <StateBadge state={run.state} />
                </TD>
                <TD numeric>v{run.streamVersion}</TD>
                <TD>{triggerText(run.trigger)}</TD>
                <TD numeric>{number(run.metrics?.matches)}</TD>
                <TD numeric>{number(run.metrics?.exceptions)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
        <Button type="submit" variant="secondary" size="sm">
          Compare selected runs
        </Button>
      </Form>
      {compare ? (
        <Table data-testid="run-comparison">
          <TableCaption>
            Comparison of two runs
          </TableCaption>
          <THead>
            <TR>
              <TH>Count</TH>
              {compare.map((run) => (
                <TH key={run.id} numeric>
                  <LocalTime iso={run.createdAt} /> (v{run.streamVersion})
                </TH>
              ))}
              <TH numeric>Difference</TH>
            </TR>
          </THead>
          <TBody>
            {[
              ...COUNTS,
              ...exceptionTypes.map((type) => ({ label: `Exceptions: ${type}`, read: (metrics: Record<string, unknown>) => ((metrics.exceptionsByType as Record<string, number> | undefined)?.[type] ?? 0) })),
            ].map((count) => {
              const values = compare.map((run) => (run.metrics ? count.read(run.metrics) : null));
              const [left, right] = values;
              const difference = typeof left === "number" && typeof right === "number" ? right - left : null;
              return (
                <TR key={count.label}>
                  <TH scope="row">{count.label}</TH>
                  {values.map((value, index) => (
                    <TD key={index} numeric>
                      {number(value)}
                    </TD>
                  ))}
                  <TD numeric className={difference ? "font-semibold text-slate-900" : "text-slate-500"}>
                    {difference === null ? "—" : difference > 0 ? `+${number(difference)}` : number(difference)}
                  </TD>
                </TR>
              );
            })}
          </TBody>
        </Table>
      ) : null}
    </div>
  );
}
