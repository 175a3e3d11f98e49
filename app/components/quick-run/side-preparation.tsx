import { useState } from "react";
import { Button } from "~/components/ui/button";
import { Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { formatCount } from "~/components/format";
import { errorsUnder, SIDES, type Draft, type FieldErrors, type Side } from "./draft";
import { SideGrouping } from "./side-grouping";
import { describeCondition, filterExpression, parseFilter, setSideFilter, type FilterCondition, type FilterOperator } from "./side-filter";
import type { SuggestionView, WizardFile } from "./types";

/**
 * Source preparation, per side, before matching: the rows to keep, as
 * conditions built from the columns' values, then one row per key when a
 * record spans several rows. Rows left out are reported EXCLUDED with the
 * filter as their reason, never compared.
 */
export function SidePreparation({
  draft,
  onChange,
  files,
  suggestion,
  errors,
}: {
  draft: Draft;
  onChange: (next: Draft) => void;
  files: Record<Side, WizardFile>;
  suggestion: SuggestionView | null;
  errors: FieldErrors;
}) {
  return (
    <section aria-labelledby="quick-run-preparation" className="space-y-3 rounded-lg border border-slate-200 bg-white px-4 py-3">
      <h3 id="quick-run-preparation" className="text-sm font-semibold text-slate-900">
        Rows to compare
      </h3>
      <p className="text-sm text-slate-600">
        Keep only the rows each side should match, e.g. the charges of a Stripe report and not its refunds or fees. Rows left out are listed as EXCLUDED, with the
        filter as the reason. A file with several rows per record (an order&apos;s line items) can be read as one row per order, with its amounts summed.
      </p>
      <div className="grid gap-4 md:grid-cols-2">
        {SIDES.map((side) => (
          <div key={side} className="space-y-3">
            <SideFilter side={side} draft={draft} onChange={onChange} file={files[side]} values={suggestion?.columnValues?.[side] ?? {}} errors={errors} />
            <SideGrouping side={side} draft={draft} onChange={onChange} file={files[side]} errors={errors} />
          </div>
        ))}
      </div>
    </section>
  );
}

function SideFilter({
  side,
  draft,
  onChange,
  file,
  values,
  errors,
}: {
  side: Side;
  draft: Draft;
  onChange: (next: Draft) => void;
  file: WizardFile;
  values: Record<string, Array<{ value: string; rows: number }>>;
  errors: FieldErrors;
}) {
  const Side = side === "source" ? "Source" : "Target";
  const expression = draft[side].filter;
  const conditions = parseFilter(expression);
  const filterErrors = errorsUnder(errors, `definition/${side}/filter`);
  const columns = file.columns.map((column) => column.name);
  const [column, setColumn] = useState(() => Object.keys(values)[0] ?? columns[0] ?? "");
  const [operator, setOperator] = useState<FilterOperator>("is");
  const [value, setValue] = useState("");
  const known = values[column] ?? [];
  const chosenValue = value || (known[0]?.value ?? "");

  const replace = (next: FilterCondition[]) => onChange(setSideFilter(draft, side, filterExpression(next)));

  return (
    <div className="space-y-2" data-testid={`filter-${side}`}>
      <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-600">
        {Side}: <span className="font-normal normal-case">{file.name}</span>
      </h4>
      {conditions === null ? (
        <p className="text-sm text-slate-700">
          Filter written as an expression: <code className="rounded bg-slate-100 px-1 text-xs">{expression}</code>{" "}
          <Button type="button" variant="secondary" onClick={() => replace([])}>
            Remove it
          </Button>
        </p>
      ) : conditions.length === 0 ? (
        <p className="text-sm text-slate-600">Every row is compared.</p>
      ) : (
        <ul aria-label={`${Side} row filter`} className="space-y-1">
          {conditions.map((condition, index) => (
            <li key={`${condition.column}-${index}`} className="flex items-center justify-between gap-2 rounded border border-slate-200 px-2 py-1 text-sm">
              <span>
                Keep rows where <span className="font-medium">{describeCondition(condition)}</span>
              </span>
              <Button type="button" variant="secondary" aria-label={`Remove ${Side.toLowerCase()} filter ${describeCondition(condition)}`} onClick={() => replace(conditions.filter((_, at) => at !== index))}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      {filterErrors.length > 0 ? (
        <p role="alert" className="text-sm text-red-700">
          {filterErrors.map(([, message]) => message).join("; ")}
        </p>
      ) : null}
      {conditions !== null ? (
        <div className="flex flex-wrap items-end gap-2">
          <Select
            aria-label={`${Side} filter column`}
            value={column}
            onChange={(event) => {
              setColumn(event.target.value);
              setValue("");
            }}
          >
            {columns.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </Select>
          <Select aria-label={`${Side} filter operator`} value={operator} onChange={(event) => setOperator(event.target.value as FilterOperator)}>
            <option value="is">is</option>
            <option value="is not">is not</option>
            <option value="contains">contains</option>
          </Select>
          {known.length > 0 && operator !== "contains" ? (
            <Select aria-label={`${Side} filter value`} value={chosenValue} onChange={(event) => setValue(event.target.value)}>
              {known.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.value} ({formatCount(option.rows)} sampled rows)
                </option>
              ))}
            </Select>
          ) : (
            <Input aria-label={`${Side} filter value`} value={value} onChange={(event) => setValue(event.target.value)} className="w-40" />
          )}
          <Button
            type="button"
            variant="secondary"
            disabled={!column || (operator === "contains" || known.length === 0 ? value === "" : chosenValue === "")}
            onClick={() => {
              replace([...conditions, { column, operator, value: operator === "contains" || known.length === 0 ? value : chosenValue }]);
              setValue("");
            }}
          >
            Add {Side.toLowerCase()} filter
          </Button>
        </div>
      ) : null}
    </div>
  );
}
