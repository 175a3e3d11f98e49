import { Form } from "@remix-run/react";
import { useMemo, useState } from "react";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { CopyField } from "~/components/ui/copy-field";
import { Field, Input } from "~/components/ui/input";
import { LocalTime, useDisplay } from "~/components/format";
import { TimeZoneCombobox } from "~/components/ui/time-zone-combobox";
import { Select } from "~/components/ui/select";
import { cronProblem, isIanaTimeZone, nextFireTimes } from "~/modules/streams";
import { ParameterPickers, type RunParameter } from "./parameter-pickers";

/**
 * A stream's triggers: what is set up (schedules with their next fire times
 * in their own time zone, inboxes, webhooks) and, for admins, a form to add
 * one. The schedule form previews the next five fire times as you type; a
 * webhook's signing secret is shown once, right after it is created.
 */
export interface TriggerView {
  id: string;
  kind: string;
  name: string | null;
  enabled: boolean;
  config: Record<string, unknown>;
  schedule: { timeZone: string; nextFireAt: string | null; upcoming: string[] } | null;
  webhook: { path: string; secret?: string; signature: string } | null;
}

export interface TriggersPanelProps {
  triggers: TriggerView[];
  canEdit: boolean;
  parameters: RunParameter[];
  files: Array<{ id: string; name: string }>;
  created: TriggerView | null;
  error: { message: string; fields: Record<string, string> } | null;
}

function describe(trigger: TriggerView): string {
  const config = trigger.config;
  if (trigger.kind === "schedule") return `cron “${String(config.cron)}” in ${String(config.timeZone)}`;
  if (trigger.kind === "inbox") return `a file arriving in inbox “${String(config.inbox)}” → parameter ${String(config.parameter)}`;
  if (trigger.kind === "webhook") return `a signed POST to ${trigger.webhook?.path ?? ""}`;
  return `the end of a run of ${String(config.upstreamStreamId)}`;
}

export function TriggersPanel({ triggers, canEdit, parameters, files, created, error }: TriggersPanelProps) {
  return (
    <div className="space-y-4">
      {created?.webhook?.secret ? (
        <div className="space-y-2" data-testid="webhook-secret">
          <Alert tone="warning" title="Webhook trigger created">
            Copy the signing secret now. You will not be able to see it again. {created.webhook.signature}
          </Alert>
          <CopyField label="Signing secret" value={created.webhook.secret} />
          <CopyField label="Webhook URL path" value={created.webhook.path} />
        </div>
      ) : null}
      {triggers.length === 0 ? (
        <p className="text-sm text-slate-600">No triggers: the stream runs only when someone starts it.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {triggers.map((trigger) => (
            <li key={trigger.id} className="space-y-2 p-4">
              <div className="flex flex-wrap items-center gap-2">
                <Badge tone="info">{trigger.kind}</Badge>
                {trigger.enabled ? null : <Badge>disabled</Badge>}
                <span className="font-medium text-slate-900">{trigger.name ?? trigger.id}</span>
                <span className="text-sm text-slate-600">Runs on {describe(trigger)}</span>
                {canEdit ? (
                  <span className="ml-auto">
                    <ConfirmDialog
                      label={`Delete trigger ${trigger.name ?? trigger.id}`}
                      title="Delete this trigger?"
                      description="Runs it already started are kept; it starts no new ones."
                      confirmLabel="Delete trigger"
                      confirmVariant="danger"
                      fields={{ intent: "delete-trigger", triggerId: trigger.id }}
                    />
                  </span>
                ) : null}
              </div>
              {trigger.schedule ? (
                <div className="text-sm">
                  <p className="text-slate-700">Next fire times ({trigger.schedule.timeZone}):</p>
                  <ol className="ml-5 list-decimal text-slate-800">
                    {trigger.schedule.upcoming.map((instant) => (
                      <li key={instant}>
                        <LocalTime iso={instant} timeZone={trigger.schedule!.timeZone} />
                      </li>
                    ))}
                  </ol>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canEdit ? <NewTriggerForm parameters={parameters} files={files} error={error} /> : null}
    </div>
  );
}

function NewTriggerForm({ parameters, files, error }: Pick<TriggersPanelProps, "parameters" | "files" | "error">) {
  const [kind, setKind] = useState("schedule");
  const [cron, setCron] = useState("0 6 * * 1-5");
  // A schedule starts in the reader's own zone: "6 am" most likely means their 6 am.
  const [timeZone, setTimeZone] = useState(useDisplay().timeZone);
  const preview = useMemo(() => {
    const problem = cronProblem(cron);
    if (problem) return { problem, times: [] as string[] };
    if (!isIanaTimeZone(timeZone)) return { problem: "is not an IANA time zone (e.g. Europe/Berlin)", times: [] as string[] };
    return { problem: null, times: nextFireTimes({ cron, timeZone }, new Date(), 5).map((date) => date.toISOString()) };
  }, [cron, timeZone]);
  return (
    <Form method="post" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="new-trigger-heading">
      <input type="hidden" name="intent" value="create-trigger" />
      <h3 id="new-trigger-heading" className="text-sm font-semibold text-slate-900">
        Add a trigger
      </h3>
      {error ? <Alert tone="danger">{error.message}</Alert> : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Kind">
          <Select name="kind" value={kind} onChange={(event) => setKind(event.target.value)}>
            <option value="schedule">Schedule</option>
            <option value="inbox">File arrives in an inbox</option>
            <option value="webhook">Webhook</option>
          </Select>
        </Field>
        <Field label="Trigger name" error={error?.fields.name}>
          <Input name="name" maxLength={200} placeholder="e.g. Weekday mornings" />
        </Field>
      </div>
      {kind === "schedule" ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Cron expression" hint="minute hour day-of-month month day-of-week" error={error?.fields["config/cron"] ?? (preview.problem && cronProblem(cron) ? preview.problem : undefined)}>
            <Input name="cron" value={cron} onChange={(event) => setCron(event.target.value)} className="font-mono" />
          </Field>
          <Field label="Time zone" error={error?.fields["config/timeZone"] ?? (!cronProblem(cron) && preview.problem ? preview.problem : undefined)}>
            <TimeZoneCombobox name="timeZone" defaultValue={timeZone} onValueChange={setTimeZone} />
          </Field>
          <div className="sm:col-span-2" aria-live="polite">
            <p className="text-sm font-medium text-slate-800">Next 5 fire times in {timeZone}</p>
            {preview.times.length ? (
              <ol className="ml-5 list-decimal text-sm text-slate-700" data-testid="schedule-preview">
                {preview.times.map((instant) => (
                  <li key={instant}>
                    <LocalTime iso={instant} timeZone={isIanaTimeZone(timeZone) ? timeZone : undefined} />
                  </li>
                ))}
              </ol>
            ) : (
              <p className="text-sm text-slate-500">Fix the expression to see when it fires.</p>
            )}
          </div>
        </div>
      ) : kind === "inbox" ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Inbox" hint="A name, or a pattern with * and ?" error={error?.fields["config/inbox"]}>
            <Input name="inbox" />
          </Field>
          <Field label="Parameter that receives the file" error={error?.fields["config/parameter"]}>
            <Select name="parameter" defaultValue={parameters[0]?.name ?? ""}>
              {parameters.map((parameter) => (
                <option key={parameter.name} value={parameter.name}>
                  {parameter.name}
                </option>
              ))}
            </Select>
          </Field>
        </div>
      ) : (
        <p className="text-sm text-slate-600">A signed POST to the trigger's URL starts a run. The signing secret is shown once, after you add it.</p>
      )}
      {parameters.length > 0 ? (
        <details className="text-sm">
          <summary className="cursor-pointer text-slate-700">Fixed run parameters for every run it starts</summary>
          <div className="mt-2">
            <ParameterPickers parameters={parameters.map((parameter) => ({ ...parameter, required: false, preselected: null }))} files={files} errors={error?.fields} />
          </div>
        </details>
      ) : null}
      <Button type="submit" size="sm">
        Add trigger
      </Button>
    </Form>
  );
}
