import { useEffect, useState } from "react";
import { Field, Input } from "~/components/ui/input";
import { MoneyInput } from "~/components/ui/money-input";
import { Select } from "~/components/ui/select";
import { basisPointsToPercent, percentToBasisPoints, type DraftPass } from "./draft";

/** A pass's amount and date checks, each with its tolerance. */
export type Patch = (next: Partial<DraftPass>) => void;
export type FieldError = (path: string) => string | undefined;

/** Currencies offered for typing a tolerance when the files do not fix one; the stored value is minor units either way. */
const TOLERANCE_CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "CHF", "JPY", "SEK", "NOK", "DKK", "NZD", "SGD", "HKD", "INR", "BRL", "MXN", "ZAR", "KWD", "BHD"];

export function AmountCheck({ pass, title, grouped, patch, fieldError, enabled, currency }: { pass: DraftPass; title: string; grouped: boolean; patch: Patch; fieldError: FieldError; enabled: boolean; currency: string | null }) {
  const amount = pass.amount;
  const [entryCurrency, setEntryCurrency] = useState(currency ?? "USD");
  useEffect(() => setEntryCurrency(currency ?? "USD"), [currency]);
  const on = amount !== undefined;
  const [percent, setPercent] = useState(basisPointsToPercent(amount?.toleranceBasisPoints));
  const percentInvalid = percentToBasisPoints(percent) === null;
  useEffect(() => setPercent(basisPointsToPercent(amount?.toleranceBasisPoints)), [amount?.toleranceBasisPoints]);
  return (
    <fieldset className="rounded-md border border-slate-200 p-3">
      <legend className="px-1 text-sm font-medium text-slate-800">
        <label className="inline-flex items-center gap-2">
          <input
            type="checkbox"
            className="h-4 w-4 rounded border-slate-300 text-indigo-600"
            checked={on}
            disabled={!on && !enabled}
            onChange={(event) => patch({ amount: event.target.checked ? { toleranceMinor: 0 } : undefined })}
            aria-label={`${title}: compare amounts`}
          />
          Compare amounts
        </label>
      </legend>
      {!on ? (
        <p className="text-xs text-slate-600">{enabled ? "Amounts are not compared in this pass." : "Map amount on both sides to compare amounts."}</p>
      ) : (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field
            label="Tolerance"
            hint={currency ? `In ${currency}, as the files carry it.` : "Applied in each row's own currency; type it in the currency you think in."}
            error={fieldError("amount/toleranceMinor")}
          >
            {(control) => (
              <div className="flex items-start gap-2">
                <MoneyInput
                  id={control.id}
                  aria-describedby={control["aria-describedby"]}
                  className="min-w-0 flex-1"
                  minor={amount.toleranceMinor ?? 0}
                  currency={entryCurrency}
                  onMinorChange={(minor) => patch({ amount: { ...amount, toleranceMinor: minor } })}
                  aria-label={`${title}: amount tolerance in ${entryCurrency}`}
                />
                {currency ? null : (
                  <Select value={entryCurrency} onChange={(event) => setEntryCurrency(event.target.value)} aria-label={`${title}: currency of the tolerance`} className="w-24">
                    {TOLERANCE_CURRENCIES.map((code) => (
                      <option key={code} value={code}>
                        {code}
                      </option>
                    ))}
                  </Select>
                )}
              </div>
            )}
          </Field>
          <Field label="Tolerance (%)" hint="Of the target amount; the larger tolerance wins." error={percentInvalid ? "Up to two decimals, 0–100" : fieldError("amount/toleranceBasisPoints")}>
            <Input
              inputMode="decimal"
              value={percent}
              placeholder="0"
              onChange={(event) => {
                setPercent(event.target.value);
                const basisPoints = percentToBasisPoints(event.target.value);
                if (basisPoints !== null && basisPoints <= 10_000) patch({ amount: { ...amount, toleranceBasisPoints: basisPoints } });
              }}
              aria-label={`${title}: amount tolerance in percent`}
            />
          </Field>
          {grouped ? (
            <Field label="Compare" error={fieldError("amount/aggregate")}>
              <Select value={amount.aggregate ?? "value"} onChange={(event) => patch({ amount: { ...amount, aggregate: event.target.value as "value" | "sum" } })} aria-label={`${title}: compare each amount or the group's sum`}>
                <option value="value">Each row's amount</option>
                <option value="sum">The group's sum</option>
              </Select>
            </Field>
          ) : null}
          <label className="flex items-start gap-2 text-sm text-slate-700 sm:col-span-2">
            <input
              type="checkbox"
              className="mt-0.5 h-4 w-4 rounded border-slate-300 text-indigo-600"
              checked={amount.mismatchOnKeyMatch ?? true}
              onChange={(event) => patch({ amount: { ...amount, mismatchOnKeyMatch: event.target.checked } })}
            />
            <span>A key match beyond tolerance is an AMOUNT_MISMATCH (otherwise both rows stay unmatched for the next pass)</span>
          </label>
        </div>
      )}
    </fieldset>
  );
}

export function DateCheck({ pass, title, patch, fieldError, enabled }: { pass: DraftPass; title: string; patch: Patch; fieldError: FieldError; enabled: boolean }) {
  const date = pass.date;
  const on = date !== undefined;
  return (
    <fieldset className="rounded-md border border-slate-200 p-3">
      <legend className="px-1 text-sm font-medium text-slate-800">
        <label className="inline-flex items-center gap-2">
          <input
            type="checkbox"
            className="h-4 w-4 rounded border-slate-300 text-indigo-600"
            checked={on}
            disabled={!on && !enabled}
            onChange={(event) => patch({ date: event.target.checked ? { windowDays: 3 } : undefined })}
            aria-label={`${title}: compare dates`}
          />
          Compare dates
        </label>
      </legend>
      {!on ? (
        <p className="text-xs text-slate-600">{enabled ? "Dates are not compared in this pass." : "Map date on both sides to compare dates."}</p>
      ) : (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Window (days)" hint="How far apart the two dates may be." error={fieldError("date/windowDays")}>
            <Input
              type="number"
              min={0}
              max={366}
              step={1}
              inputMode="numeric"
              value={date.windowDays}
              onChange={(event) => patch({ date: { ...date, windowDays: Math.min(366, Math.max(0, Math.trunc(Number(event.target.value) || 0))) } })}
              aria-label={`${title}: date window in days`}
            />
          </Field>
          <label className="flex items-center gap-2 self-end pb-2 text-sm text-slate-700">
            <input
              type="checkbox"
              className="h-4 w-4 rounded border-slate-300 text-indigo-600"
              checked={date.businessDays ?? false}
              onChange={(event) => patch({ date: { ...date, businessDays: event.target.checked } })}
            />
            Count business days only
          </label>
          <label className="flex items-start gap-2 text-sm text-slate-700 sm:col-span-2">
            <input
              type="checkbox"
              className="mt-0.5 h-4 w-4 rounded border-slate-300 text-indigo-600"
              checked={date.mismatchOnKeyMatch ?? false}
              onChange={(event) => patch({ date: { ...date, mismatchOnKeyMatch: event.target.checked } })}
            />
            <span>A key match outside the window is a DATE_MISMATCH</span>
          </label>
        </div>
      )}
    </fieldset>
  );
}
