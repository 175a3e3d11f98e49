import { formatCount, formatMoney } from "~/components/format";
import { ProblemAlert, type ProblemView } from "~/components/problem";
import { Badge } from "~/components/ui/badge";
import { Select } from "~/components/ui/select";
import type { PreviewView } from "./types";
import { Issues, RowPair, SampleList } from "./preview-samples";

/**
 * What the draft would do on the first rows of both files, recomputed a
 * moment after each edit. The numbers are the engine's own on the sample;
 * the full run may differ where a group or a counterpart lies beyond it.
 */
export const SAMPLE_SIZES = [200, 1_000, 5_000, 10_000];

export function PreviewPanel({
  preview,
  problem,
  state,
  limit,
  onLimitChange,
}: {
  preview: PreviewView | null;
  problem: ProblemView | null;
  state: "idle" | "waiting" | "loading";
  limit: number;
  onLimitChange: (limit: number) => void;
}) {
  const busy = state !== "idle";
  return (
    <section aria-labelledby="quick-run-preview-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="quick-run-preview" aria-busy={busy || undefined}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="quick-run-preview-heading" className="text-base font-semibold text-slate-900">
          Live preview
        </h2>
        <div className="flex items-center gap-3">
          <span className="text-xs text-slate-600" role="status" aria-live="polite">
            {busy ? "Updating preview…" : preview ? "Up to date" : ""}
          </span>
          <label htmlFor="quick-run-sample" className="text-xs font-medium text-slate-600">
            Sample
          </label>
          <Select id="quick-run-sample" className="h-8 w-auto text-xs" value={String(limit)} onChange={(event) => onLimitChange(Number(event.target.value))}>
            {SAMPLE_SIZES.map((size) => (
              <option key={size} value={size}>
                {formatCount(size)} rows a side
              </option>
            ))}
          </Select>
        </div>
      </div>

      {problem ? <ProblemAlert problem={problem} className="mt-3" /> : null}
      {!preview && !problem ? <p className="mt-3 text-sm text-slate-600">{busy ? "Running the draft on a sample of both files…" : "The preview appears once both files have a mapping."}</p> : null}
      {preview?.sample ? (
        <p className="mt-2 text-xs text-slate-600" data-testid="preview-sample">
          {preview.sample.kind === "all" ? "Sample: " : "Representative sample: "}
          {preview.sample.text}
        </p>
      ) : null}
      {preview ? <PreviewBody preview={preview} stale={busy || problem !== null} /> : null}
    </section>
  );
}

function PreviewBody({ preview, stale }: { preview: PreviewView; stale: boolean }) {
  const { summary, counts } = preview;
  const byType = Object.entries(summary.exceptionsByType).filter(([, count]) => count > 0);
  const issues = counts.issues.source + counts.issues.target;
  return (
    // Stale numbers stay readable (no fading: contrast) and are marked beside the heading and here.
    <div className={stale ? "border-l-4 border-amber-300 pl-3" : undefined} data-stale={stale || undefined}>
      <p className="mt-1 text-xs text-slate-600">
        On {formatCount(summary.source.rows)} source and {formatCount(summary.target.rows)} target rows
        {preview.truncated.source || preview.truncated.target ? ` (the first ${formatCount(preview.limit)} of ${preview.truncated.source && preview.truncated.target ? "each file" : preview.truncated.source ? "the source" : "the target"})` : " (all rows)"}.
      </p>
      <dl className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="preview-counts">
        <Stat label="Matched" value={counts.matches} testId="preview-matched" />
        <Stat label="Exceptions" value={counts.exceptions} testId="preview-exceptions" />
        <Stat label="Source rows unmatched" value={summary.source.unmatched} />
        <Stat label="Target rows unmatched" value={summary.target.unmatched} />
      </dl>
      <div className="mt-3 flex flex-wrap gap-2" aria-label="Exceptions by type">
        {byType.length === 0 ? (
          <span className="text-sm text-slate-600">No exceptions on the sample.</span>
        ) : (
          byType.map(([type, count]) => (
            <Badge key={type} tone={type === "EXCLUDED" ? "neutral" : "warning"} data-testid={`preview-type-${type}`}>
              {type.replace(/_/g, " ").toLowerCase()}: {formatCount(count)}
            </Badge>
          ))
        )}
      </div>
      {Object.keys(summary.matchesByPass).length > 1 ? (
        <p className="mt-2 text-xs text-slate-600">
          By pass:{" "}
          {Object.entries(summary.matchesByPass)
            .map(([pass, count]) => `${pass} ${formatCount(count)}`)
            .join(" · ")}
        </p>
      ) : null}
      {issues > 0 ? <Issues preview={preview} /> : null}
      <div className="mt-4 grid gap-4 lg:grid-cols-2">
        <SampleList title="Sample matches" empty="No matches on the sample.">
          {preview.matches.map((match, index) => (
            <li key={index} className="rounded-md border border-slate-200 px-3 py-2">
              <p className="text-xs font-medium text-slate-700">
                {match.pass} · {match.cardinality}
              </p>
              <RowPair source={match.source} target={match.target} />
            </li>
          ))}
        </SampleList>
        <SampleList title="Sample exceptions" empty="No exceptions on the sample.">
          {preview.exceptions.map((exception, index) => (
            <li key={index} className="rounded-md border border-slate-200 px-3 py-2">
              <p className="text-xs font-medium text-slate-700">
                {exception.type.replace(/_/g, " ").toLowerCase()}
                {exception.amountDifferenceMinor !== null && exception.currency ? ` · difference ${formatMoney(exception.amountDifferenceMinor, exception.currency)}` : ""}
              </p>
              <p className="text-xs text-slate-600">{exception.message}</p>
              <RowPair source={exception.source} target={exception.target} />
            </li>
          ))}
        </SampleList>
      </div>
    </div>
  );
}

function Stat({ label, value, testId }: { label: string; value: number; testId?: string }) {
  return (
    <div className="rounded-md bg-slate-50 px-3 py-2">
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums text-slate-900" data-testid={testId}>
        {formatCount(value)}
      </dd>
    </div>
  );
}
