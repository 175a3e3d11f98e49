import { useEffect, useRef, useState } from "react";
import { Input, type FieldControlProps } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { TimeZoneCombobox } from "~/components/ui/time-zone-combobox";

/**
 * Controls for the typed pack parameters: money in major units beside its
 * currency, a duration as a number and a unit, a percentage, a searchable
 * time zone. They only help the operator type a valid value; the template
 * service checks every value again and its errors land on these fields.
 */

/** What a money amount's text must look like, or null when it fits: the same rule the service applies. */
export function moneyAmountProblem(amount: string, currency: string, decimals: number | null): string | null {
  const text = amount.trim();
  if (text === "") return "Enter an amount";
  const match = /^\d+(?:\.(\d+))?$/.exec(text);
  if (!match) return "Enter a non-negative amount such as 1000.00 (no thousands separators)";
  const fractionDigits = match[1]?.length ?? 0;
  if (decimals !== null && fractionDigits > decimals) return decimals === 0 ? `${currency} has no minor units` : `${currency} has ${decimals} decimal places`;
  return null;
}

/** The form input named `name`'s value, following it as the user types (for money that takes its currency from another field). */
function useFormFieldValue(anchor: React.RefObject<HTMLElement>, name: string | null, initial: string): string {
  const [value, setValue] = useState(initial);
  useEffect(() => {
    const form = anchor.current?.closest("form");
    if (!form || name === null) return;
    const read = () => {
      const field = form.elements.namedItem(name);
      if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement) setValue(field.value.trim().toUpperCase());
    };
    read();
    form.addEventListener("input", read);
    return () => form.removeEventListener("input", read);
  }, [anchor, name]);
  return value;
}

export interface MoneyControlProps {
  name: string;
  amount: string;
  currency: string | null;
  currencyFrom: string | null;
  currencyFromTitle: string | null;
  decimals: number | null;
  control: FieldControlProps;
}

export function MoneyControl({ name, amount, currency, currencyFrom, currencyFromTitle, decimals, control }: MoneyControlProps) {
  const anchor = useRef<HTMLDivElement>(null);
  const [text, setText] = useState(amount);
  const [ownCurrency, setOwnCurrency] = useState(currency ?? "");
  const followed = useFormFieldValue(anchor, currencyFrom === null ? null : `parameters.${currencyFrom}`, "");
  const shownCurrency = currencyFrom === null ? ownCurrency.toUpperCase() : followed;
  // The exponent is only known on the server for the pack's own currency; a typed-in one is checked there.
  const problem = moneyAmountProblem(text, shownCurrency || "the currency", shownCurrency === (currency ?? "") ? decimals : null);
  return (
    <div ref={anchor} className="space-y-1" data-testid={`money-${name}`}>
      <div className="flex items-center gap-2">
        <Input {...control} name={`parameters.${name}.amount`} value={text} onChange={(event) => setText(event.target.value)} inputMode="decimal" className="max-w-[12rem] text-right font-mono" aria-invalid={control["aria-invalid"] ?? (problem ? true : undefined)} />
        {currencyFrom === null ? (
          <Input name={`parameters.${name}.currency`} value={ownCurrency} onChange={(event) => setOwnCurrency(event.target.value)} maxLength={3} aria-label="Currency" spellCheck={false} className="max-w-[6rem] font-mono uppercase" />
        ) : (
          <span className="font-mono text-sm text-slate-700" title={`Follows ${currencyFromTitle ?? currencyFrom}`}>
            {shownCurrency || "—"}
          </span>
        )}
      </div>
      {currencyFrom !== null ? <p className="text-xs text-slate-500">In the currency chosen for {currencyFromTitle ?? currencyFrom}.</p> : null}
      {problem ? (
        <p className="text-xs text-amber-700" role="status">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

/** "P3D" → 3 days, "PT12H" → 12 hours: the unit the pack wrote its default in. */
export function durationParts(iso: string): { count: string; unit: "days" | "hours" } {
  const days = /^P(\d+)D$/.exec(iso);
  if (days) return { count: days[1]!, unit: "days" };
  const weeks = /^P(\d+)W$/.exec(iso);
  if (weeks) return { count: String(Number(weeks[1]) * 7), unit: "days" };
  const hours = /^PT(\d+)H$/.exec(iso);
  if (hours) return { count: hours[1]!, unit: "hours" };
  return { count: "", unit: "days" };
}

export function DurationControl({ name, value, control }: { name: string; value: string; control: FieldControlProps }) {
  const parts = durationParts(value);
  return (
    <div className="flex items-center gap-2" data-testid={`duration-${name}`}>
      <Input {...control} name={`parameters.${name}.count`} type="number" min={0} step={1} inputMode="numeric" defaultValue={parts.count} className="max-w-[8rem]" />
      <Select name={`parameters.${name}.unit`} defaultValue={parts.unit} aria-label="Unit" className="max-w-[8rem]">
        <option value="days">days</option>
        <option value="hours">hours</option>
      </Select>
    </div>
  );
}

export function PercentageControl({ name, value, control }: { name: string; value: string; control: FieldControlProps }) {
  return (
    <div className="flex items-center gap-2">
      <Input {...control} name={`parameters.${name}`} inputMode="decimal" defaultValue={value} pattern="\d+(\.\d{1,2})?" className="max-w-[8rem] text-right font-mono" />
      <span className="text-sm text-slate-700">%</span>
    </div>
  );
}

/** The searchable zone combobox (city, region or offset); the template service checks the name again. */
export function TimeZoneControl({ name, value, control }: { name: string; value: string; timeZones?: string[]; control: FieldControlProps }) {
  return <TimeZoneCombobox {...control} name={`parameters.${name}`} defaultValue={value} className="max-w-[20rem]" />;
}
