import { Button } from "~/components/ui/button";
import { Field, Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { SIDES, connect, connectionChoices, connectionValue, updateStep, type StepDraft, type StreamDraft } from "~/modules/streams";
import { numberOf, type Apply, type StreamEditorProps } from "./editor-types";

export function StepPanel({
  step,
  draft,
  ruleSets,
  error,
  apply,
  onRemove,
}: {
  step: StepDraft;
  draft: StreamDraft;
  ruleSets: StreamEditorProps["ruleSets"];
  error: (field: string) => string | undefined;
  apply: Apply;
  onRemove: () => void;
}) {
  const patch = (values: Partial<StepDraft>, field: string) => apply((current) => updateStep(current, step.id, values), `${step.id}:${field}`);
  const choices = connectionChoices(draft, step.id);
  const ruleSet = ruleSets.find((entry) => entry.id === step.ruleSetId);
  return (
    <div className="space-y-3" data-testid="step-panel">
      <h2 className="text-sm font-semibold text-slate-900">Step: {step.name || step.key}</h2>
      <Field label="Name" error={error("name")}>
        <Input value={step.name} onChange={(event) => patch({ name: event.target.value }, "name")} />
      </Field>
      <Field label="Key" error={error("key")} hint="Used in run data and by downstream steps">
        <Input value={step.key} className="font-mono" onChange={(event) => patch({ key: event.target.value }, "key")} />
      </Field>
      <Field label="Rule set" error={error("ruleSetId")}>
        <Select value={step.ruleSetId} onChange={(event) => patch({ ruleSetId: event.target.value, ruleSetVersion: null }, "ruleSetId")}>
          <option value="">Choose a rule set…</option>
          {ruleSets.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Rule set version" error={error("ruleSetVersion")}>
        <Select
          value={step.ruleSetVersion === null ? "" : String(step.ruleSetVersion)}
          onChange={(event) => patch({ ruleSetVersion: event.target.value ? Number(event.target.value) : null }, "ruleSetVersion")}
          disabled={!ruleSet}
        >
          <option value="">Latest when the run starts</option>
          {ruleSet
            ? Array.from({ length: ruleSet.latestVersion }, (_, index) => ruleSet.latestVersion - index).map((version) => (
                <option key={version} value={version}>
                  Version {version}
                </option>
              ))
            : null}
        </Select>
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Connect inputs</legend>
        {SIDES.map((side) => (
          <Field key={side} label={side === "source" ? "Source input" : "Target input"} error={error(`inputs.${side}`)}>
            <Select
              value={connectionValue(step.inputs[side])}
              onChange={(event) => {
                const choice = choices.find((entry) => entry.value === event.target.value);
                apply((current) => connect(current, step.id, side, choice?.connection ?? null));
              }}
            >
              <option value="">Not connected</option>
              {choices.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </Select>
          </Field>
        ))}
      </fieldset>
      <fieldset className="grid grid-cols-3 gap-2">
        <legend className="col-span-3 text-sm font-medium text-slate-800">Retry</legend>
        <Field label="Attempts" error={error("retry.maxAttempts")}>
          <Input type="number" min={1} max={20} value={step.retry.maxAttempts} onChange={(event) => patch({ retry: { ...step.retry, maxAttempts: numberOf(event.target.value, 1) } }, "retry.maxAttempts")} />
        </Field>
        <Field label="Base ms" error={error("retry.baseDelayMs")}>
          <Input type="number" min={0} value={step.retry.baseDelayMs} onChange={(event) => patch({ retry: { ...step.retry, baseDelayMs: numberOf(event.target.value, 0) } }, "retry.baseDelayMs")} />
        </Field>
        <Field label="Max ms" error={error("retry.maxDelayMs")}>
          <Input type="number" min={0} value={step.retry.maxDelayMs} onChange={(event) => patch({ retry: { ...step.retry, maxDelayMs: numberOf(event.target.value, 0) } }, "retry.maxDelayMs")} />
        </Field>
      </fieldset>
      <Field label="Timeout (seconds)" error={error("timeoutMs")}>
        <Input type="number" min={1} max={21600} value={Math.round(step.timeoutMs / 1000)} onChange={(event) => patch({ timeoutMs: numberOf(event.target.value, 1) * 1000 }, "timeoutMs")} />
      </Field>
      <label className="flex items-center gap-2 text-sm text-slate-800">
        <input type="checkbox" checked={step.critical} onChange={(event) => patch({ critical: event.target.checked }, "critical")} className="h-4 w-4 rounded border-slate-300" />
        Critical (a failure stops the stream)
      </label>
      <Button type="button" variant="secondary" size="sm" className="text-red-700" onClick={onRemove}>
        Remove step
      </Button>
    </div>
  );
}

