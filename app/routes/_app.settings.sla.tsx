import { json } from "@remix-run/node";
import type { MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { roleAllows } from "~/core/access";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardDescription, CardFooter, CardHeader, CardTitle } from "~/components/ui/card";
import { Field, Input } from "~/components/ui/input";
import { SlaFormSchema } from "~/http/forms/settings-forms.server";
import { parseForm, runFormAction } from "~/http/ui-action.server";
import { getSlaPolicy, updateSlaPolicy } from "~/modules/exceptions/index.server";
import { uiAction, uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs, ActionFunctionArgs } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Exception SLA · Reconstream" }];

const SEVERITIES = ["critical", "high", "medium", "low"] as const;

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ ctx, role }) => {
  return json({ days: await getSlaPolicy(ctx), canEdit: roleAllows(role, "config:write") });
});

export const action = (args: ActionFunctionArgs) =>
  uiAction(args, { permission: "config:write" }, async ({ request, ctx }) => {
  const formData = await request.formData();
  const result = await runFormAction(request, async () => ({ days: await updateSlaPolicy(ctx, parseForm(SlaFormSchema(), formData)) }));
  return json(result, { status: result.ok ? 200 : result.error.status });
});

export default function SlaSettingsPage() {
  const { days: current, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
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
