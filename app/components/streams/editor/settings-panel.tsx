import { Field, Input, Textarea } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import type { StreamDraft } from "~/modules/streams";
import { numberOf, type Apply } from "./editor-types";

export function SettingsPanel({ draft, error, apply }: { draft: StreamDraft; error: (field: string) => string | undefined; apply: Apply }) {
  const patch = (values: Partial<StreamDraft>, field: string) => apply((current) => ({ ...current, ...values }), `settings:${field}`);
  // One line per run parameter, as settings.parameters declares it: a parameter read through two adapters has two nodes.
  const parameters = draft.inputs.filter((input, index, all) => input.kind === "parameter" && all.findIndex((other) => other.kind === "parameter" && other.value.trim() === input.value.trim()) === index);
  return (
    <div className="space-y-3" data-testid="settings-panel">
      <h2 className="text-sm font-semibold text-slate-900">Stream settings</h2>
      <Field label="Stream name" error={error("name")} required>
        <Input value={draft.name} maxLength={200} onChange={(event) => patch({ name: event.target.value }, "name")} />
      </Field>
      <Field label="Description">
        <Textarea value={draft.description} rows={2} onChange={(event) => patch({ description: event.target.value }, "description")} />
      </Field>
      <Field label="Failure policy" error={error("failurePolicy")}>
        <Select value={draft.failurePolicy} onChange={(event) => patch({ failurePolicy: event.target.value as StreamDraft["failurePolicy"] }, "failurePolicy")}>
          <option value="STOP_ON_FAILURE">Stop on any failure</option>
          <option value="CONTINUE_ON_NONCRITICAL">Continue past non-critical failures</option>
        </Select>
      </Field>
      <Field label="Keep artifacts (days)" error={error("retentionDays")}>
        <Input type="number" min={1} max={3650} value={draft.retentionDays} onChange={(event) => patch({ retentionDays: numberOf(event.target.value, 90) }, "retentionDays")} />
      </Field>
      <label className="flex items-center gap-2 text-sm text-slate-800">
        <input type="checkbox" checked={draft.matchedArtifact} onChange={(event) => patch({ matchedArtifact: event.target.checked }, "matchedArtifact")} className="h-4 w-4 rounded border-slate-300" />
        Also write matched rows as an artifact
      </label>
      <div>
        <h3 className="text-sm font-medium text-slate-800">Run parameters</h3>
        {parameters.length === 0 ? (
          <p className="text-sm text-slate-500">None. Add a “File parameter” input to ask for a file when a run starts.</p>
        ) : (
          <ul className="mt-1 space-y-0.5 text-sm text-slate-700">
            {parameters.map((input) => (
              <li key={input.id}>
                <span className="font-mono">{input.value}</span>
                {input.required ? "" : " (optional)"}
                {input.description ? ` — ${input.description}` : ""}
              </li>
            ))}
          </ul>
        )}
        {error("parameters") ? <p className="text-sm text-red-700">{error("parameters")}</p> : null}
      </div>
    </div>
  );
}
