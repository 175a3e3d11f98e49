import { formatCount } from "~/components/format";
import type { ProblemView } from "~/components/problem";
import type { PreviewView } from "./types";

export function PreviewSummaryBar({ preview, problem, busy }: { preview: PreviewView | null; problem: ProblemView | null; busy: boolean }) {
  const byType = preview ? Object.entries(preview.summary.exceptionsByType).filter(([, count]) => count > 0) : [];
  return (
    <div className="sticky top-16 z-20 -mx-1 flex flex-wrap items-center gap-x-4 gap-y-1 rounded-lg border border-slate-200 bg-white/95 px-4 py-2 text-sm shadow-sm backdrop-blur">
      <span className="font-medium text-slate-900">Preview</span>
      {problem ? (
        <span className="text-red-700">{problem.title}: see the marked settings</span>
      ) : preview ? (
        <>
          <span className="tabular-nums text-slate-800">{formatCount(preview.counts.matches)} matched</span>
          <span className="tabular-nums text-slate-800">
            {formatCount(preview.counts.exceptions)} exception{preview.counts.exceptions === 1 ? "" : "s"}
            {byType.length > 0 ? ` (${byType.map(([type, count]) => `${type.replace(/_/g, " ").toLowerCase()} ${formatCount(count)}`).join(", ")})` : ""}
          </span>
          <span className="text-xs text-slate-600">
            on {formatCount(preview.summary.source.rows)} / {formatCount(preview.summary.target.rows)} rows
          </span>
        </>
      ) : (
        <span className="text-slate-600">Waiting for the first result…</span>
      )}
      <span className="ml-auto text-xs text-slate-600">{busy ? "Updating…" : ""}</span>
      <a href="#quick-run-preview-heading" className="text-xs font-medium text-indigo-700 hover:underline">
        Details
      </a>
    </div>
  );
}
