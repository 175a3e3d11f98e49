import { formatCount, formatMoney } from "~/components/format";
import type { PreviewRowView, PreviewView } from "./types";

/** The preview's warnings and sample rows: what the draft matched and what it left over. */
export function Issues({ preview }: { preview: PreviewView }) {
  const listed = [...preview.issues.source.map((issue) => ({ ...issue, side: "source" })), ...preview.issues.target.map((issue) => ({ ...issue, side: "target" }))].slice(0, 5);
  const total = preview.counts.issues.source + preview.counts.issues.target;
  return (
    <div className="mt-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      <p className="font-medium">
        {formatCount(total)} value{total === 1 ? "" : "s"} could not be read with these mappings
      </p>
      <ul className="mt-1 list-disc space-y-0.5 pl-5 text-xs">
        {listed.map((issue, index) => (
          <li key={index}>
            {issue.side} line {issue.line}, {issue.field}
            {issue.column ? ` (column “${issue.column}”)` : ""}: {issue.value === null ? "" : `“${issue.value}” `}
            {issue.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function SampleList({ title, empty, children }: { title: string; empty: string; children: React.ReactNode[] }) {
  return (
    <div>
      <h3 className="text-sm font-medium text-slate-800">{title}</h3>
      {children.length === 0 ? <p className="mt-1 text-sm text-slate-600">{empty}</p> : <ul className="mt-1 space-y-2">{children}</ul>}
    </div>
  );
}

export function RowPair({ source, target }: { source: PreviewRowView[]; target: PreviewRowView[] }) {
  return (
    <div className="mt-1 grid gap-2 text-xs sm:grid-cols-2">
      <RowValues label="Source" rows={source} />
      <RowValues label="Target" rows={target} />
    </div>
  );
}

export function RowValues({ label, rows }: { label: string; rows: PreviewRowView[] }) {
  if (rows.length === 0) return <p className="text-slate-500">{label}: none</p>;
  const shown = rows.slice(0, 3);
  return (
    <div className="min-w-0">
      <p className="text-slate-500">
        {label} ({rows.length === 1 ? `line ${rows[0]!.line}${groupNote(rows[0]!)}` : `${rows.length} rows`})
      </p>
      {shown.map((row) => (
        <p key={row.line} className="truncate font-mono text-[11px] text-slate-700" title={describeRow(row)}>
          {describeRow(row)}
        </p>
      ))}
      {rows.length > shown.length ? <p className="text-slate-500">…and {rows.length - shown.length} more</p> : null}
    </div>
  );
}

/** A grouped row says how many file rows it stands for. */
function groupNote(row: PreviewRowView): string {
  return row.groupedLines && row.groupedLines.length > 1 ? `, one row for ${row.groupedLines.length} file rows` : "";
}

/** Amounts arrive in minor units; with a currency on the row they read as money, otherwise as the integer they are. */
function describeRow(row: PreviewRowView): string {
  const currency = typeof row.values.currency === "string" && /^[A-Za-z]{3}$/.test(row.values.currency) ? row.values.currency.toUpperCase() : null;
  return Object.entries(row.values)
    .filter(([field]) => field !== "currency" || !currency)
    .map(([field, value]) => {
      if (field === "amount" && typeof value === "number") return `amount ${currency ? formatMoney(value, currency) : `${value} (minor units)`}`;
      return `${field} ${value ?? "—"}`;
    })
    .join(" · ");
}

/**
 * The preview's headline, pinned under the page header while the user edits
 * a long mapping table or several passes, so each change shows its effect
 * without scrolling. The full panel (and its live region) stays below.
 */
