import { json } from "@remix-run/node";
import type { MetaFunction } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { roleAllows } from "~/core/access";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardDescription, CardFooter, CardHeader, CardTitle } from "~/components/ui/card";
import { cn } from "~/components/ui/cn";
import { Field, Input } from "~/components/ui/input";
import { runFormAction, parseForm } from "~/http/ui-action.server";
import { listFeatureFlags, setFeatureFlag, type FeatureFlag } from "~/modules/tenancy/index.server";
import { getOrganization, renameOrganization } from "~/modules/tenancy/index.server";
import { FeatureFlagSchema, RenameOrganizationSchema } from "~/http/forms/settings-forms.server";
import { uiAction, uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs, ActionFunctionArgs } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "General settings · Reconstream" }];

const FLAG_LABELS: Record<FeatureFlag, string> = {
  streams: "Streams",
  templates: "Templates",
  dataSources: "Data sources",
};

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ ctx, role }) => {
  const [organization, flags] = await Promise.all([getOrganization(ctx), listFeatureFlags(ctx)]);
  return json({
    organization: { id: organization.id, name: organization.name, createdAt: organization.createdAt.toISOString() },
    flags: flags.map((f) => ({ ...f, label: FLAG_LABELS[f.flag] ?? f.flag })),
    canEdit: roleAllows(role, "org:settings"),
  });
});

export const action = (args: ActionFunctionArgs) =>
  uiAction(args, { permission: "org:settings" }, async ({ request, ctx }) => {
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");

  if (intent === "rename") {
    const result = await runFormAction(request, async () => {
      const { name } = parseForm(RenameOrganizationSchema(), formData);
      const organization = await renameOrganization(ctx, name);
      return { name: organization.name };
    });
    return json({ intent: "rename" as const, ...result }, { status: result.ok ? 200 : result.error.status });
  }
  if (intent === "setFlag") {
    const result = await runFormAction(request, async () => {
      const { flag, enabled } = parseForm(FeatureFlagSchema(), formData);
      await setFeatureFlag(ctx, flag, enabled === "true");
      return { flag, enabled: enabled === "true" };
    });
    return json({ intent: "setFlag" as const, ...result }, { status: result.ok ? 200 : result.error.status });
  }
  throw new Response("Unknown intent", { status: 400 });
});

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

export default function GeneralSettingsPage() {
  const { organization, flags, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const renaming = navigation.state !== "idle" && navigation.formData?.get("intent") === "rename";
  const renameResult = actionData?.intent === "rename" ? actionData : undefined;
  const renameError = renameResult && !renameResult.ok ? renameResult.error : undefined;

  return (
    <div className="space-y-8">
      <Card>
        <CardHeader>
          <CardTitle>Organization</CardTitle>
          <CardDescription>
            {canEdit
              ? "The name your team sees in the organization switcher, on invitations and in exports."
              : "Only owners can rename the organization."}
          </CardDescription>
        </CardHeader>
        {canEdit ? (
          <Form method="post">
            <input type="hidden" name="intent" value="rename" />
            <CardBody className="space-y-4">
              {renameError ? <Alert tone="danger">{renameError.message}</Alert> : null}
              {renameResult?.ok && navigation.state === "idle" ? (
                <Alert tone="success">Organization renamed to {renameResult.name}.</Alert>
              ) : null}
              <Field label="Organization name" error={renameError?.fields.name} required className="max-w-md">
                <Input name="name" defaultValue={organization.name} autoComplete="organization" maxLength={200} />
              </Field>
              <OrgFacts id={organization.id} createdAt={organization.createdAt} />
            </CardBody>
            <CardFooter>
              <Button type="submit" disabled={renaming}>
                {renaming ? "Saving…" : "Save"}
              </Button>
            </CardFooter>
          </Form>
        ) : (
          <CardBody className="space-y-4">
            <dl>
              <dt className="text-sm font-medium text-slate-800">Organization name</dt>
              <dd className="mt-1 text-sm text-slate-900">{organization.name}</dd>
            </dl>
            <OrgFacts id={organization.id} createdAt={organization.createdAt} />
          </CardBody>
        )}
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Feature flags</CardTitle>
          <CardDescription>
            {canEdit
              ? "Turn capabilities on or off for everyone in this organization. Every change is recorded in the audit log."
              : "Capabilities enabled for this organization. Only owners can change them."}
          </CardDescription>
        </CardHeader>
        <ul className="divide-y divide-slate-100" role="list">
          {flags.map((flag) => (
            <FlagRow key={flag.flag} flag={flag} canEdit={canEdit} />
          ))}
        </ul>
      </Card>
    </div>
  );
}

function OrgFacts({ id, createdAt }: { id: string; createdAt: string }) {
  return (
    <dl className="grid gap-x-8 gap-y-1 text-sm sm:grid-cols-[auto,1fr]">
      <dt className="text-slate-500">Organization ID</dt>
      <dd className="font-mono text-slate-700">{id}</dd>
      <dt className="text-slate-500">Created</dt>
      <dd className="text-slate-700">
        <time dateTime={createdAt}>{dateFormat.format(new Date(createdAt))}</time>
      </dd>
    </dl>
  );
}

interface FlagView {
  flag: string;
  label: string;
  description: string;
  enabled: boolean;
}

function FlagRow({ flag, canEdit }: { flag: FlagView; canEdit: boolean }) {
  const fetcher = useFetcher<typeof action>();
  const pending = fetcher.state !== "idle";
  // Optimistic: show the requested state while the change is saving.
  const enabled = fetcher.formData ? fetcher.formData.get("enabled") === "true" : flag.enabled;
  const error = fetcher.data && !fetcher.data.ok && fetcher.state === "idle" ? fetcher.data.error : undefined;
  const descriptionId = `flag-${flag.flag}-description`;

  return (
    <li className="flex items-start justify-between gap-6 px-6 py-4">
      <div className="min-w-0">
        <p className="text-sm font-medium text-slate-900">
          {flag.label} <span className="ml-1 font-mono text-xs font-normal text-slate-500">{flag.flag}</span>
        </p>
        <p id={descriptionId} className="mt-0.5 text-sm text-slate-600">
          {flag.description}
        </p>
        {error ? (
          <p className="mt-1 text-sm text-red-700" role="alert">
            {error.message}
          </p>
        ) : null}
      </div>
      {canEdit ? (
        <fetcher.Form method="post" className="shrink-0">
          <input type="hidden" name="intent" value="setFlag" />
          <input type="hidden" name="flag" value={flag.flag} />
          <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
          <button
            type="submit"
            role="switch"
            aria-checked={enabled}
            aria-label={flag.label}
            aria-describedby={descriptionId}
            disabled={pending}
            className={cn(
              "relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors",
              "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2",
              "disabled:cursor-wait disabled:opacity-70",
              enabled ? "bg-indigo-600" : "bg-slate-300"
            )}
          >
            <span
              aria-hidden="true"
              className={cn(
                "inline-block h-5 w-5 rounded-full bg-white shadow transition-transform",
                enabled ? "translate-x-[22px]" : "translate-x-0.5"
              )}
            />
          </button>
        </fetcher.Form>
      ) : (
        <Badge tone={flag.enabled ? "success" : "neutral"} dot className="shrink-0">
          {flag.enabled ? "On" : "Off"}
        </Badge>
      )}
    </li>
  );
}
