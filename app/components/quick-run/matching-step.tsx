import { Button } from "~/components/ui/button";
import { Field, Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { constantCurrency, errorsUnder, keyLabel, movePass, newPass, removePass, sharedFields, updatePass, type Draft, type DraftPass, type FieldErrors } from "./draft";
import type { SuggestionView } from "./types";
import { AmountCheck, DateCheck } from "./pass-checks";

/**
 * The passes, in the order the engine runs them: each matches what the
 * earlier ones left. Per pass: the keys compared exactly, the cardinality,
 * and the amount and date checks with their tolerances.
 */
const CARDINALITIES: Array<{ value: NonNullable<DraftPass["cardinality"]>; label: string }> = [
  { value: "1:1", label: "1:1 — one source row to one target row" },
  { value: "1:N", label: "1:N — one source row to several target rows" },
  { value: "N:1", label: "N:1 — several source rows to one target row (e.g. a payout)" },
  { value: "N:M", label: "N:M — groups on both sides" },
];

export function MatchingStep({ draft, onChange, suggestion, errors }: { draft: Draft; onChange: (next: Draft) => void; suggestion: SuggestionView | null; errors: FieldErrors }) {
  const passLevel = errorsUnder(errors, "definition").filter(([pointer]) => !/^definition\/(source|target|passes\/\d+)/.test(pointer));
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        Passes run in order; each one only sees the rows the earlier passes left unmatched. Keys must be equal; amounts and dates may differ within
        the tolerances.
      </p>
      {suggestion ? (
        <p className="rounded-md border border-slate-200 bg-white px-3 py-2 text-sm text-slate-700">
          <span className="font-medium">Suggested first pass</span> ({Math.round(suggestion.firstPass.confidence * 100)}% confidence): {suggestion.firstPass.because}
          {suggestion.fallbackPass ? (
            <span className="mt-1 block">
              <span className="font-medium">Suggested second pass</span> ({Math.round(suggestion.fallbackPass.confidence * 100)}% confidence): {suggestion.fallbackPass.because}
            </span>
          ) : null}
        </p>
      ) : null}
      {passLevel.length > 0 ? (
        <ul className="list-disc rounded-md border border-red-200 bg-red-50 py-2 pl-8 pr-3 text-sm text-red-800" role="alert">
          {passLevel.map(([pointer, message]) => (
            <li key={pointer}>{message}</li>
          ))}
        </ul>
      ) : null}
      <ol className="space-y-4">
        {draft.passes.map((pass, index) => (
          <li key={index}>
            <PassEditor draft={draft} index={index} pass={pass} onChange={onChange} errors={errors} />
          </li>
        ))}
      </ol>
      <Button type="button" variant="secondary" onClick={() => onChange({ ...draft, passes: [...draft.passes, newPass(draft)] })} disabled={draft.passes.length >= 20}>
        Add a pass
      </Button>
    </div>
  );
}

function PassEditor({ draft, index, pass, onChange, errors }: { draft: Draft; index: number; pass: DraftPass; onChange: (next: Draft) => void; errors: FieldErrors }) {
  const at = `definition/passes/${index}`;
  const fieldError = (path: string) => errorsUnder(errors, `${at}/${path}`).map(([, message]) => message).join("; ") || undefined;
  const patch = (next: Partial<DraftPass>) => onChange(updatePass(draft, index, next));
  const shared = sharedFields(draft);
  const keys = pass.keys ?? [];
  const keyNames = new Set(keys.filter((key): key is string => typeof key === "string"));
  const pairedKeys = keys.filter((key) => typeof key !== "string");
  const cardinality = pass.cardinality ?? "1:1";
  const grouped = cardinality !== "1:1";
  const title = `Pass ${index + 1}`;
  const otherErrors = errorsUnder(errors, at).filter(([pointer]) => !/\/(name|keys|amount|date|cardinality)(\/|$)/.test(pointer));

  return (
    <section aria-labelledby={`pass-${index}-title`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid={`pass-${index}`}>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h3 id={`pass-${index}-title`} className="text-sm font-semibold text-slate-900">
          {title}: {pass.name || "unnamed"}
        </h3>
        <div className="flex gap-1">
          <Button type="button" variant="ghost" size="sm" disabled={index === 0} onClick={() => onChange(movePass(draft, index, -1))} aria-label={`Move ${title} earlier`}>
            ↑
          </Button>
          <Button type="button" variant="ghost" size="sm" disabled={index === draft.passes.length - 1} onClick={() => onChange(movePass(draft, index, 1))} aria-label={`Move ${title} later`}>
            ↓
          </Button>
          <Button type="button" variant="ghost" size="sm" disabled={draft.passes.length === 1} onClick={() => onChange(removePass(draft, index))} aria-label={`Remove ${title}`}>
            Remove
          </Button>
        </div>
      </div>

      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Name" error={fieldError("name")}>
          <Input value={pass.name} maxLength={100} onChange={(event) => patch({ name: event.target.value })} aria-label={`${title} name`} />
        </Field>
        <Field label="Cardinality" error={fieldError("cardinality")}>
          <Select value={cardinality} onChange={(event) => patch({ cardinality: event.target.value as DraftPass["cardinality"] })} aria-label={`${title} cardinality`}>
            {CARDINALITIES.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </Select>
        </Field>
      </div>

      <fieldset className="mt-4" aria-describedby={fieldError("keys") ? `pass-${index}-keys-error` : undefined}>
        <legend className="text-sm font-medium text-slate-800">Keys (equal on both sides)</legend>
        {shared.length === 0 && pairedKeys.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600">Map a field on both sides to key on it.</p>
        ) : (
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {shared.map((field) => (
              <label key={field} className="inline-flex items-center gap-1.5 text-sm text-slate-700">
                <input
                  type="checkbox"
                  className="h-4 w-4 rounded border-slate-300 text-indigo-600 focus-visible:ring-2 focus-visible:ring-indigo-500"
                  checked={keyNames.has(field)}
                  onChange={(event) => patch({ keys: event.target.checked ? [...keys, field] : keys.filter((key) => key !== field) })}
                  aria-label={`${title}: key on ${field}`}
                />
                <span className="font-mono text-xs">{field}</span>
              </label>
            ))}
            {pairedKeys.map((key) => (
              <label key={keyLabel(key)} className="inline-flex items-center gap-1.5 text-sm text-slate-700">
                <input type="checkbox" className="h-4 w-4 rounded border-slate-300" checked onChange={() => patch({ keys: keys.filter((other) => other !== key) })} aria-label={`${title}: key on ${keyLabel(key)}`} />
                <span className="font-mono text-xs">{keyLabel(key)}</span>
              </label>
            ))}
          </div>
        )}
        {fieldError("keys") ? (
          <p id={`pass-${index}-keys-error`} className="mt-1 text-sm text-red-700">
            {fieldError("keys")}
          </p>
        ) : null}
      </fieldset>

      <div className="mt-4 grid gap-4 lg:grid-cols-2">
        <AmountCheck pass={pass} title={title} grouped={grouped} patch={patch} fieldError={fieldError} enabled={shared.includes(pass.amount?.field ?? "amount")} currency={constantCurrency(draft)} />
        <DateCheck pass={pass} title={title} patch={patch} fieldError={fieldError} enabled={shared.includes(pass.date?.field ?? "date")} />
      </div>

      <div className="mt-4 max-w-md">
        <Field label="Several candidates for one key" hint="Keep the earliest and flag the rest as duplicates, or raise a tie as AMBIGUOUS.">
          <Select value={pass.duplicates ?? "ambiguous"} onChange={(event) => patch({ duplicates: event.target.value as DraftPass["duplicates"] })} aria-label={`${title} duplicates`}>
            <option value="ambiguous">Pick a unique best, else AMBIGUOUS</option>
            <option value="keepEarliest">Keep the earliest, others DUPLICATE</option>
          </Select>
        </Field>
      </div>
      {otherErrors.length > 0 ? (
        <ul className="mt-3 list-disc pl-5 text-sm text-red-700">
          {otherErrors.map(([pointer, message]) => (
            <li key={pointer}>{message}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
