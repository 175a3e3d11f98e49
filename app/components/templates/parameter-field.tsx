import { Field, Input, type FieldControlProps } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { DurationControl, MoneyControl, PercentageControl, TimeZoneControl } from "./typed-parameter-controls";

/**
 * One pack parameter as a form control fitting its type, prefilled with the
 * pack's default; posted as `parameters.<name>` (money as `.amount` and
 * `.currency`, a duration as `.count` and `.unit`). A fileInput is not asked
 * here: it says what a run of the copy will ask for.
 */
export interface ParameterFieldView {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "currency" | "timeZone" | "date" | "enum" | "money" | "duration" | "percentage" | "fileInput";
  title: string;
  description: string;
  default: string | number | boolean | null;
  minimum: number | null;
  maximum: number | null;
  options: string[];
  pattern: string | null;
  money: { amount: string; currency: string | null; currencyFrom: string | null; decimals: number | null } | null;
  file: { inputTitle: string; accepts: Array<{ id: string; title: string }> } | null;
}

export function ParameterField({ parameter, timeZones, error, titleOf }: { parameter: ParameterFieldView; timeZones: string[]; error?: string; titleOf: (name: string) => string }) {
  const name = `parameters.${parameter.name}`;
  if (parameter.type === "fileInput") return <FileInputSummary parameter={parameter} />;
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
      {(fieldControl) => control(parameter, name, timeZones, fieldControl, titleOf)}
    </Field>
  );
}

function FileInputSummary({ parameter }: { parameter: ParameterFieldView }) {
  return (
    <div className="space-y-1 rounded-md border border-dashed border-slate-300 px-3 py-2" data-testid={`file-input-${parameter.name}`}>
      <p className="text-sm font-medium text-slate-800">{parameter.title}</p>
      <p className="text-sm text-slate-600">
        Asked when a run starts: {parameter.file?.inputTitle}
        {parameter.file && parameter.file.accepts.length > 0 ? <>, as {parameter.file.accepts.map((kind) => kind.title).join(" or ")}</> : null}.
      </p>
      <p className="text-sm text-slate-500">{parameter.description}</p>
    </div>
  );
}

function control(parameter: ParameterFieldView, name: string, timeZones: string[], fieldControl: FieldControlProps, titleOf: (name: string) => string): JSX.Element {
  const defaultValue = parameter.default === null ? "" : String(parameter.default);
  switch (parameter.type) {
    case "money": {
      const money = parameter.money ?? { amount: "", currency: null, currencyFrom: null, decimals: null };
      return <MoneyControl name={parameter.name} {...money} currencyFromTitle={money.currencyFrom === null ? null : titleOf(money.currencyFrom)} control={fieldControl} />;
    }
    case "duration":
      return <DurationControl name={parameter.name} value={defaultValue} control={fieldControl} />;
    case "percentage":
      return <PercentageControl name={parameter.name} value={defaultValue} control={fieldControl} />;
    case "enum":
      return (
        <Select {...fieldControl} name={name} defaultValue={defaultValue}>
          {parameter.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </Select>
      );
    case "timeZone":
      return <TimeZoneControl name={parameter.name} value={defaultValue} timeZones={timeZones} control={fieldControl} />;
    case "integer":
    case "number":
      return (
        <Input
          {...fieldControl}
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
      return <Input {...fieldControl} name={name} defaultValue={defaultValue} maxLength={3} autoCapitalize="characters" spellCheck={false} className="max-w-[8rem] font-mono uppercase" />;
    case "date":
      return <Input {...fieldControl} name={name} type="date" defaultValue={defaultValue} className="max-w-[12rem]" />;
    case "string":
    default:
      return <Input {...fieldControl} name={name} defaultValue={defaultValue} spellCheck={false} />;
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
    case "money":
      return "amount in major units";
    case "duration":
      return "days or hours";
    case "percentage":
      return "percent";
    case "fileInput":
      return "file, chosen per run";
    case "enum":
      return `one of ${parameter.options.join(", ")}`;
    default:
      return `${parameter.type}${range}`;
  }
}
