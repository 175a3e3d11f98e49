import { Button } from "~/components/ui/button";
import { Field, Input, Textarea } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { INPUT_KIND_LABELS, updateInput, type InputNodeDraft } from "~/modules/streams";
import type { Apply, StreamEditorProps } from "./editor-types";

export function InputPanel({
  input,
  files,
  dataSources,
  error,
  apply,
  onRemove,
}: {
  input: InputNodeDraft;
  files: StreamEditorProps["files"];
  dataSources: StreamEditorProps["dataSources"];
  error: (field: string) => string | undefined;
  apply: Apply;
  onRemove: () => void;
}) {
  const patch = (values: Partial<InputNodeDraft>, field: string) => apply((current) => updateInput(current, input.id, values), `${input.id}:${field}`);
  return (
    <div className="space-y-3" data-testid="input-panel">
      <h2 className="text-sm font-semibold text-slate-900">{INPUT_KIND_LABELS[input.kind]}</h2>
      {input.kind === "parameter" ? (
        <>
          <Field label="Parameter name" error={error("value")} hint="The run asks for a file for it">
            <Input value={input.value} className="font-mono" onChange={(event) => patch({ value: event.target.value }, "value")} />
          </Field>
          <Field label="Description">
            <Input value={input.description} onChange={(event) => patch({ description: event.target.value }, "description")} />
          </Field>
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" checked={input.required} onChange={(event) => patch({ required: event.target.checked }, "required")} className="h-4 w-4 rounded border-slate-300" />
            Required
          </label>
        </>
      ) : input.kind === "file" ? (
        <Field label="File" error={error("value")}>
          <Select value={input.value} onChange={(event) => patch({ value: event.target.value }, "value")}>
            <option value="">Choose a file…</option>
            {files.map((file) => (
              <option key={file.id} value={file.id}>
                {file.name}
              </option>
            ))}
          </Select>
        </Field>
      ) : input.kind === "inbox" ? (
        <Field label="Inbox" error={error("value")} hint="The newest ready file in this inbox when the run starts">
          <Input value={input.value} onChange={(event) => patch({ value: event.target.value }, "value")} />
        </Field>
      ) : (
        <>
          <Field label="Data source" error={error("value")}>
            <Select value={input.value} onChange={(event) => patch({ value: event.target.value }, "value")}>
              <option value="">Choose a data source…</option>
              {dataSources.map((source) => (
                <option key={source.id} value={source.id}>
                  {source.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Query (SQL sources)" error={error("query")}>
            <Textarea value={input.query} rows={3} className="font-mono text-xs" onChange={(event) => patch({ query: event.target.value }, "query")} />
          </Field>
        </>
      )}
      <Field label="Adapter (optional)" error={error("adapter")} hint="A format adapter, e.g. shopify_orders">
        <Input value={input.adapter} className="font-mono" onChange={(event) => patch({ adapter: event.target.value }, "adapter")} />
      </Field>
      <Button type="button" variant="secondary" size="sm" className="text-red-700" onClick={onRemove}>
        Remove input
      </Button>
    </div>
  );
}

