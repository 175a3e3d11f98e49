import { Field } from "~/components/ui/input";
import { Select } from "~/components/ui/select";

/** One file picker per run parameter, over the org's ready files; posted as `param.<name>`. */
export interface RunParameter {
  name: string;
  description: string;
  required: boolean;
}

export function ParameterPickers({ parameters, files, errors = {} }: { parameters: RunParameter[]; files: Array<{ id: string; name: string }>; errors?: Record<string, string> }) {
  if (parameters.length === 0) return <p className="text-sm text-slate-600">This stream takes no run parameters.</p>;
  return (
    <div className="space-y-3">
      {parameters.map((parameter) => (
        <Field
          key={parameter.name}
          label={`File for “${parameter.name}”`}
          hint={parameter.description || undefined}
          required={parameter.required}
          error={errors[`parameters/${parameter.name}`] ?? errors[parameter.name]}
        >
          <Select name={`param.${parameter.name}`} defaultValue="">
            <option value="">{parameter.required ? "Choose a file…" : "None"}</option>
            {files.map((file) => (
              <option key={file.id} value={file.id}>
                {file.name} ({file.id})
              </option>
            ))}
          </Select>
        </Field>
      ))}
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
