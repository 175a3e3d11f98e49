import { Field, Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";

/** One pack parameter as a form control fitting its type, prefilled with the pack's default; posted as `parameters.<name>`. */
export interface ParameterFieldView {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "currency" | "timeZone" | "date" | "enum";
  title: string;
  description: string;
  default: string | number | boolean;
  minimum: number | null;
  maximum: number | null;
  options: string[];
  pattern: string | null;
}

export function ParameterField({ parameter, timeZones, error }: { parameter: ParameterFieldView; timeZones: string[]; error?: string }) {
  const name = `parameters.${parameter.name}`;
  const hint = (
    <>
      {parameter.description} <span className="font-mono text-xs text-slate-500">({parameter.name}, {typeLabel(parameter)})</span>
    </>
  );
  if (parameter.type === "boolean") {
    return (
      <div className="space-y-1">
        <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
          <input type="checkbox" name={name} value="true" defaultChecked={parameter.default === true} className="h-4 w-4 rounded border-slate-300" aria-invalid={error ? true : undefined} />
          {parameter.title}
        </label>
        <p className="text-sm text-slate-500">{hint}</p>
        {error ? <p className="text-sm text-red-700">{error}</p> : null}
      </div>
    );
  }
  return (
    <Field label={parameter.title} hint={hint} error={error}>
      {control(parameter, name, timeZones)}
    </Field>
  );
}

function control(parameter: ParameterFieldView, name: string, timeZones: string[]): JSX.Element {
  const defaultValue = String(parameter.default);
  switch (parameter.type) {
    case "enum":
      return (
        <Select name={name} defaultValue={defaultValue}>
          {parameter.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </Select>
      );
    case "timeZone": {
      const zones = timeZones.includes(defaultValue) ? timeZones : [defaultValue, ...timeZones];
      return (
        <Select name={name} defaultValue={defaultValue}>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </Select>
      );
    }
    case "integer":
    case "number":
      return (
        <Input
          name={name}
          type="number"
          inputMode={parameter.type === "integer" ? "numeric" : "decimal"}
          step={parameter.type === "integer" ? 1 : "any"}
          min={parameter.minimum ?? undefined}
          max={parameter.maximum ?? undefined}
          defaultValue={defaultValue}
          className="max-w-[12rem]"
        />
      );
    case "currency":
      return <Input name={name} defaultValue={defaultValue} maxLength={3} autoCapitalize="characters" spellCheck={false} className="max-w-[8rem] font-mono uppercase" />;
    case "date":
      return <Input name={name} type="date" defaultValue={defaultValue} className="max-w-[12rem]" />;
    case "string":
    default:
      return <Input name={name} defaultValue={defaultValue} spellCheck={false} />;
  }
}

export function typeLabel(parameter: Pick<ParameterFieldView, "type" | "minimum" | "maximum" | "options">): string {
  const range =
    parameter.minimum !== null && parameter.maximum !== null
      ? ` ${parameter.minimum}–${parameter.maximum}`
      : parameter.minimum !== null
        ? ` ≥ ${parameter.minimum}`
        : parameter.maximum !== null
          ? ` ≤ ${parameter.maximum}`
          : "";
  switch (parameter.type) {
    case "timeZone":
      return "time zone";
    case "currency":
      return "ISO currency code";
    case "enum":
      return `one of ${parameter.options.join(", ")}`;
    default:
      return `${parameter.type}${range}`;
  }
}
