import { Form, useNavigation } from "@remix-run/react";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardDescription, CardFooter, CardHeader, CardTitle } from "~/components/ui/card";
import { Field, Input } from "~/components/ui/input";
import type { FormResultView } from "../form-result";

const SEVERITIES = ["critical", "high", "medium", "low"] as const;

type SlaDays = Record<(typeof SEVERITIES)[number], number>;

interface SlaSettingsProps {
  data: { days: SlaDays; canEdit: boolean };
  actionData: FormResultView<{ days: SlaDays }> | undefined;
}

export function SlaSettings({ data, actionData }: SlaSettingsProps) {
  const { days: current, canEdit } = data;
  const busy = useNavigation().state !== "idle";
  const error = actionData && !actionData.ok ? actionData.error : undefined;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Exception SLA</CardTitle>
        <CardDescription>
          Days an open exception may stay open, by severity, counted from when it was first seen. Past that it is overdue on the dashboard and in
          the exceptions list, unless someone set its due date by hand.
        </CardDescription>
      </CardHeader>
      <Form method="post">
        <CardBody className="space-y-4">
          {error ? <Alert tone="danger">{error.message}</Alert> : null}
          {actionData?.ok && !busy ? <Alert tone="success">SLA saved.</Alert> : null}
          <div className="grid gap-4 sm:grid-cols-4">
            {SEVERITIES.map((severity) => (
              <Field key={severity} label={`${severity.charAt(0).toUpperCase()}${severity.slice(1)} (days)`} error={error?.fields[severity]}>
                <Input name={severity} type="number" min={0} max={3650} step={1} defaultValue={current[severity]} disabled={!canEdit} inputMode="numeric" />
              </Field>
            ))}
          </div>
          {!canEdit ? <p className="text-sm text-slate-600">Only admins can change the SLA.</p> : null}
        </CardBody>
        {canEdit ? (
          <CardFooter>
            <Button type="submit" disabled={busy}>
              Save SLA
            </Button>
          </CardFooter>
        ) : null}
      </Form>
    </Card>
  );
}
