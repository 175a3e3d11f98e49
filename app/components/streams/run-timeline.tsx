import { formatCount, useDisplay } from "~/components/format";
import { MatchRateText } from "~/components/runs/match-rate-text";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { stepMatchRate } from "~/core/streams/match-rate";
import { ChooseFileDialog, CHOOSE_FILE_CODES } from "./choose-file-dialog";
import type { RunParameter } from "./parameter-pickers";
import { formatDuration, LocalTime } from "~/components/ui/local-time";
import { StateBadge } from "./run-state";
import type { LiveStepRun } from "./use-run-events";

/**
 * The run's steps as a timeline of fixed-height rows: state, attempt with
 * the backoff wait before the next, duration, rows in, matched and
 * exceptions. Every row always has every cell (a dash until known) and a
 * fixed height, so live updates change text, never the layout.
 */
function sideRows(metrics: Record<string, unknown> | null, side: "source" | "target"): number | null {
  const counts = metrics?.[side] as { rows?: number } | undefined;
  return typeof counts?.rows === "number" ? counts.rows : null;
}

function durationOf(stepRun: LiveStepRun): string {
  if (!stepRun.startedAt) return "—";
  if (!stepRun.finishedAt) return "running";
  return formatDuration(new Date(stepRun.finishedAt).getTime() - new Date(stepRun.startedAt).getTime());
}

function attemptsText(stepRun: LiveStepRun): string {
  return stepRun.attempts
    .map((attempt) => {
      const wait = typeof attempt.retryDelayMs === "number" ? `, then waited ${formatDuration(attempt.retryDelayMs)}` : "";
      const failure = (attempt.failure as { code?: string } | undefined)?.code;
      return `#${String(attempt.attempt)} ${String(attempt.outcome)}${failure ? ` (${failure})` : ""} ${formatDuration(attempt.durationMs as number | null)}${wait}`;
    })
    .join(" · ");
}

/** `rechoose`: pickers for a rerun with other files, offered instead of a retry on a step that could not read its file. */
export function RunTimeline({ stepRuns, stepNames, canRetry, rechoose = null }: { stepRuns: LiveStepRun[]; stepNames: Record<string, string>; canRetry: boolean; rechoose?: RunParameter[] | null }) {
  const { locale } = useDisplay();
  const count = (value: unknown) => (typeof value === "number" ? formatCount(value, locale) : "—");
  return (
    <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="run-timeline">
      {stepRuns.map((stepRun, index) => {
        const rowsIn = [sideRows(stepRun.metrics, "source"), sideRows(stepRun.metrics, "target")];
        const retryAt = stepRun.state === "retrying" ? (stepRun.nextAttemptAt ?? (stepRun.attempts.at(-1)?.retryAt as string | undefined) ?? null) : null;
        return (
          <li
            key={stepRun.id}
            className={
              // A phone stacks the cells under the step's name; from md up they are columns of a fixed-height row.
              "grid grid-cols-[2rem,minmax(0,1fr)] items-start gap-x-3 gap-y-2 overflow-hidden px-4 py-3 text-sm tabular-nums " +
              "md:h-28 md:grid-cols-[2rem,minmax(0,1.4fr),8rem,minmax(0,1fr),minmax(0,1.2fr)] md:gap-y-3"
            }
            data-testid={`timeline-step-${stepRun.stepKey}`}
            data-state={stepRun.state}
          >
            <span className="mt-0.5 flex h-6 w-6 items-center justify-center rounded-full bg-slate-100 text-xs font-semibold text-slate-700" aria-hidden="true">
              {index + 1}
            </span>
            <div className="min-w-0">
              <p className="truncate font-medium text-slate-900">{stepNames[stepRun.stepKey] ?? stepRun.stepKey}</p>
              <p className="truncate font-mono text-xs text-slate-500">{stepRun.stepKey}</p>
              <p className="mt-1 truncate text-xs text-slate-600" title={attemptsText(stepRun)}>
                Attempt {stepRun.attempt || "—"} of {stepRun.maxAttempts}
                {retryAt ? (
                  <>
                    {" "}
                    · next at <LocalTime iso={retryAt} />
                  </>
                ) : null}
              </p>
              <p className="truncate text-xs text-slate-500" title={attemptsText(stepRun)}>
                {attemptsText(stepRun) || "Not started"}
              </p>
            </div>
            <div className="col-start-2 flex items-center gap-2 md:col-start-auto md:block md:space-y-1">
              <StateBadge state={stepRun.state} />
              <p className="text-xs text-slate-600">{durationOf(stepRun)}</p>
            </div>
            <dl className="col-start-2 grid max-w-xs grid-cols-[auto,1fr] gap-x-2 text-xs md:col-start-auto md:max-w-none">
              <dt className="text-slate-500">Rows in</dt>
              <dd className="text-right text-slate-800">
                {rowsIn[0] === null ? "—" : `${count(rowsIn[0])} / ${count(rowsIn[1])}`}
              </dd>
              <dt className="text-slate-500">Matched</dt>
              <dd className="text-right text-slate-800">{count(stepRun.metrics?.matches)}</dd>
              <dt className="text-slate-500">Exceptions</dt>
              <dd className="text-right text-slate-800">{count(stepRun.metrics?.exceptions)}</dd>
              <dt className="text-slate-500">Match rate</dt>
              <dd className="truncate text-right text-slate-800" data-testid={`step-match-rate-${stepRun.stepKey}`}>
                <MatchRateText rate={stepMatchRate(stepRun.metrics)} />
              </dd>
            </dl>
            <div className="col-start-2 min-w-0 text-xs md:col-start-auto">
              {stepRun.failure ? (
                <p className="line-clamp-3 text-red-700" title={String(stepRun.failure.message ?? "")}>
                  {String(stepRun.failure.code ?? "failed")}: {String(stepRun.failure.message ?? "")}
                </p>
              ) : null}
              {canRetry && stepRun.state === "failed" && rechoose && CHOOSE_FILE_CODES.has(String(stepRun.failure?.code ?? "")) ? (
                <div className="mt-1">
                  <ChooseFileDialog stepLabel={stepNames[stepRun.stepKey] ?? stepRun.stepKey} parameters={rechoose} />
                </div>
              ) : canRetry && stepRun.state === "failed" ? (
                <div className="mt-1">
                  <ConfirmDialog
                    label={`Retry step ${stepRun.stepKey}`}
                    title={`Retry ${stepNames[stepRun.stepKey] ?? stepRun.stepKey}?`}
                    description="The step gets a fresh set of attempts; the steps its failure skipped run again after it."
                    confirmLabel="Retry step"
                    fields={{ intent: "retry-step", stepRunId: stepRun.id }}
                  />
                </div>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
