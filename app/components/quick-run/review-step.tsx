import { formatCount, formatMoney } from "~/components/format";
import { Field, Input } from "~/components/ui/input";
import { constantCurrency, keyLabel, type Draft, type Side } from "./draft";
import { describeGroupBy } from "./side-group";
import type { PreviewView, WizardFile } from "./types";

/** A tolerance in money when the files fix the currency ("$1,000.00"), else in each row's minor units. */
function toleranceText(minor: number, currency: string | null): string {
  if (currency) return formatMoney(minor, currency);
  return `${formatCount(minor)} minor units of each row's currency`;
}

/** Everything the run will use, in one place, with the name it will carry. */
export function ReviewStep({
  name,
  onNameChange,
  nameError,
  draft,
  files,
  preview,
  canRun,
}: {
  name: string;
  onNameChange: (name: string) => void;
  nameError?: string;
  draft: Draft;
  files: Record<Side, WizardFile>;
  preview: PreviewView | null;
  canRun: boolean;
}) {
  return (
    <div className="space-y-5">
      <div className="max-w-xl">
        <Field label="Name" hint="Shown on the run, its exceptions and the rule set Quick Run saves." error={nameError} required>
          <Input value={name} maxLength={200} onChange={(event) => onNameChange(event.target.value)} readOnly={!canRun} />
        </Field>
      </div>
      <dl className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 text-sm md:grid-cols-2">
        {(["source", "target"] as const).map((side) => (
          <div key={side}>
            <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{side === "source" ? "Source" : "Target"}</dt>
            <dd className="text-slate-900">
              {files[side].name}
              {files[side].rowCount !== null ? <span className="text-slate-600"> · {formatCount(files[side].rowCount!)} rows</span> : null}
            </dd>
            <dd className="mt-1 text-xs text-slate-600">
              Maps {draft[side].mappings.map((mapping) => mapping.field).join(", ") || "nothing"}
            </dd>
            <GroupByLine groupBy={draft[side].groupBy} />
          </div>
        ))}
        <div className="md:col-span-2">
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">Passes</dt>
          <dd>
            <ol className="mt-1 list-decimal space-y-1 pl-5 text-slate-800">
              {draft.passes.map((pass, index) => (
                <li key={index}>
                  <span className="font-medium">{pass.name}</span> · {pass.cardinality ?? "1:1"}
                  {pass.keys && pass.keys.length > 0 ? ` · keys ${pass.keys.map(keyLabel).join(", ")}` : " · no keys"}
                  {pass.amount ? ` · amounts within ${toleranceText(pass.amount.toleranceMinor ?? 0, constantCurrency(draft))}${pass.amount.toleranceBasisPoints ? ` or ${pass.amount.toleranceBasisPoints / 100}%` : ""}${pass.amount.aggregate === "sum" ? " (group sums)" : ""}` : ""}
                  {pass.date ? ` · dates within ${pass.date.windowDays} ${pass.date.businessDays ? "business " : ""}days` : ""}
                </li>
              ))}
            </ol>
          </dd>
        </div>
      </dl>
      {preview ? (
        <p className="text-sm text-slate-700">
          {preview.truncated.source || preview.truncated.target ? "On the sample" : "On all rows"}: {formatCount(preview.counts.matches)} matched, {formatCount(preview.counts.exceptions)}{" "}
          {preview.counts.exceptions === 1 ? "exception" : "exceptions"}. The run reads both files in full.
        </p>
      ) : null}
    </div>
  );
}

function GroupByLine({ groupBy }: { groupBy: Draft["source"]["groupBy"] }) {
  return groupBy ? <dd className="mt-1 text-xs text-slate-600">{describeGroupBy(groupBy)}</dd> : null;
}
