import type { ReactNode } from "react";

/** One headline figure: a label, the number, and an optional line under it (the breakdown or the trend). */
export function Stat({ label, value, tone, detail, testId }: { label: string; value: string; tone?: "danger"; detail?: ReactNode; testId?: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-sm" data-testid={testId}>
      <p className="text-sm text-slate-600">{label}</p>
      <p className={`mt-1 text-2xl font-semibold tabular-nums ${tone === "danger" ? "text-red-700" : "text-slate-900"}`}>{value}</p>
      {detail ? <p className="mt-1 text-xs text-slate-600">{detail}</p> : null}
    </div>
  );
}
