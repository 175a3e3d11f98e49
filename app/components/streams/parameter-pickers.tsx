import { useState } from "react";
import { Field } from "~/components/ui/input";
import { Select } from "~/components/ui/select";

/**
 * One file picker per run parameter, over the org's ready files; posted as
 * `param.<name>`. When the stream's inputs accept a canonical schema, the
 * picker says what fits ("Bank statement lines: camt.053, MT940…"), lists
 * the files whose format delivers it first, and warns (without blocking)
 * when the chosen file's format delivers something else.
 */
export interface RunParameter {
  name: string;
  description: string;
  required: boolean;
  /** What the parameter accepts, one line per canonical schema. */
  accepts?: Array<{ summary: string }>;
  /** This parameter's files in fit order, each with its warning; otherwise the shared `files`. */
  files?: Array<{ id: string; name: string; warning: string | null }>;
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

function ParameterPicker({ parameter, files, error }: { parameter: RunParameter; files: Array<{ id: string; name: string; warning: string | null }>; error: string | undefined }) {
  const [chosen, setChosen] = useState("");
  const warning = files.find((file) => file.id === chosen)?.warning ?? null;
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
      <Field label={`File for “${parameter.name}”`} hint={hint} required={parameter.required} error={error}>
        <Select name={`param.${parameter.name}`} value={chosen} onChange={(event) => setChosen(event.target.value)}>
          <option value="">{parameter.required ? "Choose a file…" : "None"}</option>
          {files.map((file) => (
            <option key={file.id} value={file.id}>
              {file.name} ({file.id})
            </option>
          ))}
        </Select>
      </Field>
      {warning ? (
        <p className="text-sm text-amber-700" role="status" data-testid={`file-warning-${parameter.name}`}>
          {warning}
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
