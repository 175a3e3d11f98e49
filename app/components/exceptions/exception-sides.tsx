import { formatMoney } from "~/components/format";
import type { ExceptionDetail } from "./types";

/** Canonical amounts are minor units: shown as money, with the exact integer in the tooltip. */
function showValue(field: string, value: string | number | null, currency: string | null) {
  if (value === null || value === "") return "—";
  if (field === "amount" && currency && /^-?\d+$/.test(String(value))) {
    return <span title={`${value} minor units`}>{formatMoney(String(value), currency)}</span>;
  }
  return value;
}

/** Both sides' fields in one table, the differing ones marked. */
export function ExceptionSides({ detail }: { detail: ExceptionDetail }) {
  return (
    <section aria-labelledby="exception-sides">
      <h3 id="exception-sides" className="mb-2 font-semibold text-slate-900">
        Source and target, side by side
      </h3>
      <table className="w-full table-fixed border-collapse text-xs">
        <caption className="sr-only">Fields of both sides; differing fields are marked</caption>
        <thead>
          <tr className="text-left text-slate-600">
            <th scope="col" className="w-1/4 border-b border-slate-200 py-1 pr-2">
              Field
            </th>
            <th scope="col" className="border-b border-slate-200 py-1 pr-2">
              Source
            </th>
            <th scope="col" className="border-b border-slate-200 py-1">
              Target
            </th>
          </tr>
        </thead>
        <tbody>
          {detail.comparison.map((field) => (
            <tr key={field.field} className={field.differs ? "bg-amber-50" : undefined}>
              <th scope="row" className="border-b border-slate-100 py-1 pr-2 text-left font-mono font-medium text-slate-800">
                {field.field}
                {field.differs ? <span className="ml-1 text-amber-800">(differs)</span> : null}
              </th>
              <td className="break-words border-b border-slate-100 py-1 pr-2 font-mono">{showValue(field.field, field.source, detail.currency)}</td>
              <td className="break-words border-b border-slate-100 py-1 font-mono">{showValue(field.field, field.target, detail.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
