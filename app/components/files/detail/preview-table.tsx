import { CardBody } from "~/components/ui/card";
import { TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import type { Preview } from "./file-detail-data";

export function PreviewTable({ preview, markedLine }: { preview: Preview; markedLine: number | null }) {
  if (preview.rows.length === 0) {
    return <CardBody className="text-sm text-slate-600">The file has a header but no data rows.</CardBody>;
  }
  return (
    // Focusable so keyboard users can scroll a wide preview too.
    <div className="relative max-h-[32rem] overflow-auto focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-500" tabIndex={0} role="region" aria-label="Preview rows">
    <table className="min-w-full divide-y divide-slate-200 text-left text-xs tabular-nums">
      <TableCaption srOnly>First rows, raw and normalized, with their line numbers</TableCaption>
      <THead>
        <TR>
          <TH numeric className="sticky left-0 bg-slate-50">
            Line
          </TH>
          {preview.columns.map((column) => (
            <TH key={column} className="whitespace-nowrap font-mono">
              {column}
            </TH>
          ))}
        </TR>
      </THead>
      <TBody>
        {preview.rows.map((row) => (
          <TR key={row.line} id={`line-${row.line}`} aria-current={row.line === markedLine ? "location" : undefined} className={row.line === markedLine ? "bg-amber-50" : undefined}>
            <TD numeric className={row.line === markedLine ? "sticky left-0 bg-amber-100 font-semibold text-slate-900" : "sticky left-0 bg-white text-slate-500"}>
              {row.line}
            </TD>
            {preview.columns.map((column) => {
              const cell = row.values[column];
              if (!cell) return <TD key={column} />;
              const normalized = cell.value === null ? "" : String(cell.value);
              const differs = cell.raw !== null && normalized !== cell.raw;
              return (
                <TD key={column} className={cell.error ? "bg-red-50" : undefined} title={cell.error}>
                  <div className="whitespace-nowrap font-mono text-slate-900">{cell.value === null ? <span className="text-slate-500">null</span> : normalized}</div>
                  {differs ? <div className="whitespace-nowrap font-mono text-[11px] text-slate-500">raw: {cell.raw}</div> : null}
                  {cell.error ? <div className="whitespace-nowrap text-[11px] text-red-700">{cell.error}</div> : null}
                </TD>
              );
            })}
          </TR>
        ))}
      </TBody>
    </table>
    </div>
  );
}
