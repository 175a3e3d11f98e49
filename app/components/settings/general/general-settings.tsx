import { Form, useNavigation } from "@remix-run/react";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardDescription, CardFooter, CardHeader, CardTitle } from "~/components/ui/card";
import { Field, Input } from "~/components/ui/input";
import { FlagRow } from "./flag-row";
import type { GeneralActionData, GeneralSettingsData } from "./general-data";
import { OrgFacts } from "./org-facts";
import { TimeZoneCard } from "./time-zone-card";

export function GeneralSettings({ data, actionData }: { data: GeneralSettingsData; actionData: GeneralActionData | undefined }) {
  const { organization, flags, canEdit } = data;
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

      <TimeZoneCard timeZone={data.timeZone} actionData={actionData} />

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
