import { useId, useState } from "react";
import { Button } from "~/components/ui/button";
import { Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import type { DraftTransform } from "./draft";

/**
 * A mapping's transform chain, step by step. The parse steps people adjust
 * most (amount separators and minor units, a date's format and zone) have
 * their controls; any other step (a regex, an expression from a template)
 * is shown as it is and kept.
 */
const ADDABLE: Array<{ op: string; label: string; make: () => DraftTransform }> = [
  { op: "trim", label: "Trim spaces", make: () => ({ op: "trim" }) },
  { op: "upper", label: "Uppercase", make: () => ({ op: "upper" }) },
  { op: "lower", label: "Lowercase", make: () => ({ op: "lower" }) },
  { op: "digitsOnly", label: "Digits only", make: () => ({ op: "digitsOnly" }) },
  { op: "parseAmount", label: "Parse amount", make: () => ({ op: "parseAmount" }) },
  { op: "parseDate", label: "Parse date", make: () => ({ op: "parseDate", format: "iso" }) },
  { op: "negate", label: "Negate", make: () => ({ op: "negate" }) },
  { op: "absolute", label: "Absolute value", make: () => ({ op: "absolute" }) },
];

const LABELS: Record<string, string> = {
  trim: "Trim spaces",
  upper: "Uppercase",
  lower: "Lowercase",
  digitsOnly: "Digits only",
  parseAmount: "Parse amount",
  parseDate: "Parse date",
  negate: "Negate",
  absolute: "Absolute value",
  regexExtract: "Extract (regex)",
  regexReplace: "Replace (regex)",
  pad: "Pad",
  substring: "Substring",
  scale: "Scale",
  lookup: "Lookup",
  expression: "Expression",
  constant: "Fixed value",
  concat: "Concatenate",
  coalesce: "First non-empty",
};

export const DATE_FORMATS = ["iso", "yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss xx", "MM/dd/yyyy", "dd/MM/yyyy", "dd.MM.yyyy", "yyyyMMdd"];

export function TransformEditor({
  transforms,
  onChange,
  describedAs,
  invalid,
}: {
  transforms: DraftTransform[];
  onChange: (next: DraftTransform[]) => void;
  /** e.g. "source amount": names every control for screen readers. */
  describedAs: string;
  invalid?: boolean;
}) {
  const id = useId();
  const [toAdd, setToAdd] = useState(ADDABLE[0]!.op);
  const replace = (index: number, next: DraftTransform) => onChange(transforms.map((transform, at) => (at === index ? next : transform)));
  const remove = (index: number) => onChange(transforms.filter((_, at) => at !== index));
  // A value-producing first step (a fixed value) is the mapping's origin, edited with the column picker.
  const offset = transforms[0]?.op === "constant" ? 1 : 0;

  return (
    <div className="space-y-1.5">
      {transforms.length > offset ? (
        <ol className="space-y-1.5" aria-label={`Transforms of ${describedAs}`}>
          {transforms.map((transform, index) =>
            index < offset ? null : (
              <li key={index} className={`flex flex-wrap items-center gap-1.5 rounded-md border px-2 py-1 text-xs ${invalid ? "border-red-300 bg-red-50" : "border-slate-200 bg-slate-50"}`}>
                <span className="font-medium text-slate-700">{LABELS[transform.op] ?? transform.op}</span>
                <TransformSettings transform={transform} onChange={(next) => replace(index, next)} describedAs={describedAs} listId={`${id}-formats`} />
                <Button type="button" variant="ghost" size="sm" className="ml-auto h-6 px-1.5" onClick={() => remove(index)} aria-label={`Remove ${LABELS[transform.op] ?? transform.op} from ${describedAs}`}>
                  ✕
                </Button>
              </li>
            ),
          )}
        </ol>
      ) : null}
      {/* A select plus a button, not a select that acts on change: arrow keys on a closed select change its value, and each would add a step. */}
      <div className="flex gap-1.5">
        <Select aria-label={`Transform to add to ${describedAs}`} value={toAdd} className="h-8 text-xs" onChange={(event) => setToAdd(event.target.value)}>
          {ADDABLE.map((item) => (
            <option key={item.op} value={item.op}>
              {item.label}
            </option>
          ))}
        </Select>
        <Button
          type="button"
          variant="secondary"
          size="sm"
          aria-label={`Add ${ADDABLE.find((item) => item.op === toAdd)?.label ?? "step"} to ${describedAs}`}
          onClick={() => {
            const chosen = ADDABLE.find((item) => item.op === toAdd);
            if (chosen) onChange([...transforms, chosen.make()]);
          }}
        >
          Add step
        </Button>
      </div>
      <datalist id={`${id}-formats`}>
        {DATE_FORMATS.map((format) => (
          <option key={format} value={format} />
        ))}
      </datalist>
    </div>
  );
}

function TransformSettings({ transform, onChange, describedAs, listId }: { transform: DraftTransform; onChange: (next: DraftTransform) => void; describedAs: string; listId: string }) {
  if (transform.op === "parseAmount") {
    return (
      <>
        <Select
          aria-label={`Decimal separator for ${describedAs}`}
          className="h-7 w-auto px-1.5 text-xs"
          value={transform.decimalSeparator ?? "."}
          onChange={(event) => onChange({ ...transform, decimalSeparator: event.target.value as "." | "," })}
        >
          <option value=".">1234.56</option>
          <option value=",">1234,56</option>
        </Select>
        <Select
          aria-label={`Thousands separator for ${describedAs}`}
          className="h-7 w-auto px-1.5 text-xs"
          value={transform.thousandsSeparator ?? ""}
          onChange={(event) => onChange({ ...transform, thousandsSeparator: event.target.value as "" | "," | "." | " " | "'" })}
        >
          <option value="">no grouping</option>
          <option value=",">1,234</option>
          <option value=".">1.234</option>
          <option value=" ">1 234</option>
          <option value="'">1'234</option>
        </Select>
        <Select
          aria-label={`Negative amounts in ${describedAs}`}
          className="h-7 w-auto px-1.5 text-xs"
          value={transform.sign ?? "minus"}
          onChange={(event) => onChange({ ...transform, sign: event.target.value as "minus" | "parentheses" | "trailingMinus" })}
        >
          <option value="minus">-1.00</option>
          <option value="parentheses">(1.00)</option>
          <option value="trailingMinus">1.00-</option>
        </Select>
        <Select
          aria-label={`Minor units for ${describedAs}`}
          className="h-7 w-auto px-1.5 text-xs"
          value={String(transform.minorUnits ?? 2)}
          onChange={(event) => onChange({ ...transform, minorUnits: Number(event.target.value) })}
        >
          {[0, 1, 2, 3, 4].map((units) => (
            <option key={units} value={units}>
              {units} decimals
            </option>
          ))}
        </Select>
      </>
    );
  }
  if (transform.op === "parseDate") {
    return (
      <>
        <Input
          aria-label={`Date format for ${describedAs}`}
          className="h-7 w-44 px-1.5 text-xs"
          list={listId}
          value={transform.format}
          onChange={(event) => onChange({ ...transform, format: event.target.value })}
        />
        <Input
          aria-label={`Time zone for ${describedAs}`}
          className="h-7 w-36 px-1.5 text-xs"
          value={transform.timeZone ?? "UTC"}
          onChange={(event) => onChange({ ...transform, timeZone: event.target.value })}
        />
      </>
    );
  }
  const { op: _op, ...settings } = transform as Record<string, unknown>;
  const text = Object.entries(settings)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join(", ");
  return text ? <code className="break-all text-[11px] text-slate-600">{text}</code> : null;
}
