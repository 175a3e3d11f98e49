import { useState } from "react";
import { Button } from "~/components/ui/button";
import { Select } from "~/components/ui/select";
import { errorsUnder, type Draft, type FieldErrors, type Side } from "./draft";
import { addGroupKey, countColumnOf, describeGroupBy, groupByOf, removeGroupKey, setAggregate, setCountColumn, type Aggregate } from "./side-group";
import type { WizardFile } from "./types";

/**
 * "One row per …" for a side whose file spreads one record over several rows
 * (a Shopify order's line items): key columns, then per amount column the
 * first row's value or the sum, and optionally a column holding the count.
 */
export function SideGrouping({ side, draft, onChange, file, errors }: { side: Side; draft: Draft; onChange: (next: Draft) => void; file: WizardFile; errors: FieldErrors }) {
  const Side = side === "source" ? "Source" : "Target";
  const groupBy = groupByOf(draft, side);
  const keys = groupBy?.keys ?? [];
  const columns = file.columns.map((column) => column.name);
  const free = columns.filter((name) => !keys.includes(name));
  const [picked, setPicked] = useState("");
  const chosen = free.includes(picked) ? picked : (free[0] ?? "");
  const amountColumns = file.columns.filter((column) => (column.type === "amount" || column.type === "integer") && !keys.includes(column.name)).map((column) => column.name);
  const countColumn = countColumnOf(groupBy);
  const groupErrors = errorsUnder(errors, `definition/${side}/groupBy`);

  return (
    <div className="space-y-2 border-t border-slate-100 pt-2" data-testid={`group-${side}`}>
      <p className="text-sm font-medium text-slate-800">One row per …</p>
      {groupBy ? (
        <>
          <p className="text-sm text-slate-700">{describeGroupBy(groupBy)}</p>
          <ul aria-label={`${Side} group keys`} className="flex flex-wrap gap-1">
            {keys.map((key) => (
              <li key={key}>
                <Button type="button" variant="secondary" aria-label={`Stop grouping ${side} by ${key}`} onClick={() => onChange(removeGroupKey(draft, side, key))}>
                  {key} ✕
                </Button>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="text-sm text-slate-600">Each row is one record.</p>
      )}
      {groupErrors.length > 0 ? (
        <p role="alert" className="text-sm text-red-700">
          {groupErrors.map(([, message]) => message).join("; ")}
        </p>
      ) : null}
      <div className="flex flex-wrap items-end gap-2">
        <Select aria-label={`${Side} group column`} value={chosen} onChange={(event) => setPicked(event.target.value)}>
          {free.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </Select>
        <Button type="button" variant="secondary" disabled={!chosen} onClick={() => onChange(addGroupKey(draft, side, chosen))}>
          {keys.length === 0 ? `One ${side} row per value` : "Add key column"}
        </Button>
      </div>
      {groupBy ? (
        <div className="space-y-1 text-sm">
          {amountColumns.map((column) => {
            const aggregate = groupBy.columns?.[column] === "sum" ? "sum" : "first";
            return (
              <label key={column} className="flex items-center gap-2">
                <span className="min-w-0 flex-1 truncate">{column}</span>
                <Select aria-label={`${Side} ${column} per group`} value={aggregate} onChange={(event) => onChange(setAggregate(draft, side, column, event.target.value as Aggregate))}>
                  <option value="first">first row&apos;s value</option>
                  <option value="sum">sum of the rows</option>
                </Select>
              </label>
            );
          })}
          <label className="flex items-center gap-2">
            <span className="min-w-0 flex-1">Number of rows, in column</span>
            <Select aria-label={`${Side} count column`} value={countColumn ?? ""} onChange={(event) => onChange(setCountColumn(draft, side, event.target.value || null))}>
              <option value="">(not counted)</option>
              {columns
                .filter((name) => !keys.includes(name))
                .map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
            </Select>
          </label>
        </div>
      ) : null}
    </div>
  );
}
