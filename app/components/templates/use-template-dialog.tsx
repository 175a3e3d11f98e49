import { Form, Link, useNavigation } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import { Alert } from "~/components/ui/alert";
import { Button, buttonClasses } from "~/components/ui/button";
import { Field, Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { ParameterField, type ParameterFieldView } from "./parameter-field";

/**
 * "Use this template": a modal form for the copy's name, the pack version and
 * every pack parameter. The service's located errors come back on their
 * fields (`parameters/<name>`, `name`) with the dialog still open. A pack
 * with one stream redirects to it; with several, the dialog lists what was
 * created so the user picks where to go.
 */
export interface InstantiationView {
  version: string;
  ruleSets: Array<{ key: string; id: string; name: string }>;
  streams: Array<{ key: string; id: string; name: string }>;
}

export interface UseTemplateDialogProps {
  template: { id: string; name: string; version: string; versions: string[]; parameters: ParameterFieldView[]; streamCount: number };
  timeZones: string[];
  /** Opens the dialog at once (arriving from the new-stream wizard). */
  openInitially: boolean;
  error: { message: string; fields: Record<string, string> } | null;
  created: InstantiationView | null;
}

export function UseTemplateDialog({ template, timeZones, openInitially, error, created }: UseTemplateDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const navigation = useNavigation();
  const creating = navigation.state === "submitting" && navigation.formData?.get("intent") === "instantiate";

  // Once closed, the result of the last creation gives way to a fresh form.
  const [resultDismissed, setResultDismissed] = useState(false);
  useEffect(() => setResultDismissed(false), [created]);

  useEffect(() => {
    if ((openInitially || error || created) && dialog.current && !dialog.current.open) dialog.current.showModal();
    // The first field the service refused gets focus, which also scrolls it into view.
    if (error) dialog.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [openInitially, error, created]);

  const fieldError = (name: string) => error?.fields[name];
  // A money or duration value is refused as a whole or by part (/parameters/x/amount).
  const parameterError = (name: string) => fieldError(`parameters/${name}`) ?? fieldError(`parameters/${name}/amount`) ?? fieldError(`parameters/${name}/currency`);
  const fieldLabel = (field: string) => {
    if (field === "name") return "Name";
    if (field === "version") return "Version";
    const parameter = field.startsWith("parameters/") ? template.parameters.find((candidate) => field.split("/")[1] === candidate.name) : undefined;
    return parameter?.title ?? `/${field}`;
  };

  return (
    <>
      <Button type="button" variant="primary" size="md" onClick={() => dialog.current?.showModal()}>
        Use this template
      </Button>
      <dialog ref={dialog} aria-labelledby={titleId} className="w-full max-w-2xl rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40" onClose={() => setResultDismissed(true)}>
        {created && !resultDismissed ? (
          <CreatedSummary created={created} titleId={titleId} onClose={() => dialog.current?.close()} />
        ) : (
          <Form method="post" className="flex max-h-[85vh] flex-col" noValidate>
            <input type="hidden" name="intent" value="instantiate" />
            <div className="border-b border-slate-200 px-6 py-4">
              <h2 id={titleId} className="text-base font-semibold text-slate-900">
                Use {template.name}
              </h2>
              <p className="mt-1 text-sm text-slate-600">
                Creates your own copy: {template.streamCount === 1 ? "a stream" : `${template.streamCount} streams`} and the rule sets they use, which you can change at any time. File inputs are chosen
                when a run starts.
              </p>
            </div>
            <div className="space-y-4 overflow-y-auto px-6 py-4">
              {error ? (
                <Alert tone="danger" title="Nothing was created">
                  <p>{error.message}</p>
                  {Object.keys(error.fields).length > 0 ? (
                    <ul className="list-disc pl-5">
                      {Object.entries(error.fields).map(([field, message]) => (
                        <li key={field}>
                          <span className="font-medium">{fieldLabel(field)}</span>: {message}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </Alert>
              ) : null}
              <Field label="Name" hint={template.streamCount === 1 ? "The new stream's name." : "The new streams are named after it, e.g. “Name · Stream”."} error={fieldError("name")} required>
                <Input name="name" defaultValue={template.name} maxLength={150} autoComplete="off" />
              </Field>
              {template.versions.length > 1 ? (
                <Field label="Version" error={fieldError("version")}>
                  <Select name="version" defaultValue={template.version}>
                    {template.versions.map((version) => (
                      <option key={version} value={version}>
                        {version}
                        {version === template.version ? " (latest)" : ""}
                      </option>
                    ))}
                  </Select>
                </Field>
              ) : (
                <input type="hidden" name="version" value={template.version} />
              )}
              {template.parameters.length > 0 ? (
                <fieldset className="space-y-4">
                  <legend className="text-sm font-semibold text-slate-900">Parameters</legend>
                  {template.parameters.map((parameter) => (
                    <ParameterField key={parameter.name} parameter={parameter} timeZones={timeZones} error={parameterError(parameter.name)} titleOf={(name) => template.parameters.find((candidate) => candidate.name === name)?.title ?? name} />
                  ))}
                </fieldset>
              ) : (
                <p className="text-sm text-slate-600">This template takes no parameters.</p>
              )}
            </div>
            <div className="flex justify-end gap-2 border-t border-slate-200 bg-slate-50 px-6 py-3">
              <Button type="button" variant="secondary" onClick={() => dialog.current?.close()}>
                Cancel
              </Button>
              <Button type="submit" variant="primary" disabled={creating} aria-disabled={creating || undefined}>
                {creating ? "Creating…" : template.streamCount === 1 ? "Create stream" : "Create streams"}
              </Button>
            </div>
          </Form>
        )}
      </dialog>
    </>
  );
}

function CreatedSummary({ created, titleId, onClose }: { created: InstantiationView; titleId: string; onClose: () => void }) {
  return (
    <div className="space-y-4 p-6" data-testid="instantiation-result">
      <h2 id={titleId} className="text-base font-semibold text-slate-900">
        Created {created.streams.length} streams and {created.ruleSets.length} rule sets
      </h2>
      <p className="text-sm text-slate-600">From version {created.version}. Open a stream to review it, then start a run with your files.</p>
      <ul className="divide-y divide-slate-200 rounded-md border border-slate-200">
        {created.streams.map((stream, index) => (
          <li key={stream.id} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
            <span className="font-medium text-slate-900">{stream.name}</span>
            {/* The first stream is where most people go next. */}
            <Link to={`/streams/${stream.id}`} className={buttonClasses(index === 0 ? "primary" : "secondary", "sm")} autoFocus={index === 0} aria-label={`Open ${stream.name}`}>
              Open
            </Link>
          </li>
        ))}
      </ul>
      <div className="flex justify-end">
        <Button type="button" variant="secondary" onClick={onClose}>
          Close
        </Button>
      </div>
    </div>
  );
}
