import { useEffect, useRef, useState } from "react";
import { Field } from "~/components/ui/input";
import { Select } from "~/components/ui/select";

/**
 * One file picker per run parameter, over the org's ready files; posted as
 * `param.<name>`. Each file reads as its name, rows, upload time and tags
 * (never its id). The newest file known to fit is chosen for the person;
 * one that cannot fit (columns the reading steps map, or records the input
 * accepts, that it lacks) is refused here, naming them, before the run is
 * asked for (the server refuses it too). A format that may not fit only warns.
 */
export interface RunParameter {
  name: string;
  description: string;
  required: boolean;
  /** What the parameter accepts, one line per canonical schema. */
  accepts?: Array<{ summary: string }>;
  /** This parameter's files in fit order; otherwise the shared `files`. */
  files?: PickerFile[];
  /** The file chosen when the dialog opens. */
  preselected?: string | null;
}

interface PickerFile {
  id: string;
  name: string;
  /** Name, rows, upload time, tags; the name alone when absent. */
  label?: string;
  warning: string | null;
  refusal?: string | null;
  missingColumns?: string[];
}

export function ParameterPickers({ parameters, files, errors = {} }: { parameters: RunParameter[]; files: Array<{ id: string; name: string }>; errors?: Record<string, string> }) {
  if (parameters.length === 0) return <p className="text-sm text-slate-600">This stream takes no run parameters.</p>;
  return (
    <div className="space-y-3">
      {parameters.map((parameter) => (
        <ParameterPicker key={parameter.name} parameter={parameter} files={parameter.files ?? files.map((file) => ({ ...file, warning: null }))} error={errors[`parameters/${parameter.name}`] ?? errors[parameter.name]} />
      ))}
    </div>
  );
}

function ParameterPicker({ parameter, files, error }: { parameter: RunParameter; files: PickerFile[]; error: string | undefined }) {
  const [chosen, setChosen] = useState(parameter.preselected ?? "");
  const select = useRef<HTMLSelectElement>(null);
  const file = files.find((candidate) => candidate.id === chosen);
  const refusal = file?.refusal ?? null;
  // The browser then refuses to submit the form, and says why on the select.
  useEffect(() => select.current?.setCustomValidity(refusal ?? ""), [refusal]);
  const accepts = parameter.accepts ?? [];
  const hint =
    accepts.length > 0 || parameter.description ? (
      <>
        {parameter.description ? <span className="block">{parameter.description}</span> : null}
        {accepts.map((accepted) => (
          <span key={accepted.summary} className="block text-slate-600" data-testid={`accepts-${parameter.name}`}>
            Accepts {accepted.summary}.
          </span>
        ))}
      </>
    ) : undefined;
  return (
    <div className="space-y-1">
      <Field label={`File for “${parameter.name}”`} hint={hint} required={parameter.required} error={refusal ?? error}>
        <Select ref={select} name={`param.${parameter.name}`} value={chosen} onChange={(event) => setChosen(event.target.value)} data-testid={`param-${parameter.name}`}>
          <option value="">{parameter.required ? "Choose a file…" : "None"}</option>
          {files.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label ?? option.name}
            </option>
          ))}
        </Select>
      </Field>
      {refusal && file?.missingColumns?.length ? (
        <p className="text-sm text-red-700" data-testid={`missing-columns-${parameter.name}`}>
          Missing column{file.missingColumns.length === 1 ? "" : "s"}: {file.missingColumns.join(", ")}
        </p>
      ) : null}
      {!refusal && file?.warning ? (
        <p className="text-sm text-amber-700" role="status" data-testid={`file-warning-${parameter.name}`}>
          {file.warning}
        </p>
      ) : null}
    </div>
  );
}

/** Reads the pickers back: only the parameters given a file. */
export function parametersFromForm(formData: FormData): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("param.") && typeof value === "string" && value) parameters[key.slice("param.".length)] = value;
  }
  return parameters;
}
