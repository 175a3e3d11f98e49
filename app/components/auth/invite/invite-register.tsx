import { Form } from "@remix-run/react";
import { BrowserTimeZoneField } from "../browser-time-zone-field";
import { AuthLayout } from "../auth-layout";
import { Button } from "~/components/ui/button";
import { Field, Input } from "~/components/ui/input";
import type { InviteActionData, OpenInvite } from "./invite-data";
import { InviteErrorAlert, InviteSummary } from "./invite-summary";

interface InviteStepProps {
  data: OpenInvite;
  error: InviteActionData["error"] | undefined;
  submitting: boolean;
  /** The name typed before a failed attempt. */
  name: string | undefined;
}

/** No account yet for the invited email: create one and join. */
export function InviteRegister({ data, error, submitting, name }: InviteStepProps) {
  const fields = error?.fields ?? {};
  return (
    <AuthLayout
      title={`Join ${data.orgName}`}
      description={`Create your account for ${data.email} to join ${data.orgName} on Reconstream.`}
      footer={
        data.signedInAs ? (
          <>
            You're signed in as {data.signedInAs}. Joining creates a separate account for {data.email} and signs you in
            as it.
          </>
        ) : undefined
      }
    >
      <InviteErrorAlert error={error} />
      <InviteSummary data={data} />
      <Form method="post" className="space-y-5">
        <input type="hidden" name="intent" value="register" />
        <BrowserTimeZoneField />
        <Field label="Your name" error={fields.name} required>
          <Input name="name" autoComplete="name" defaultValue={name} maxLength={200} />
        </Field>
        <Field
          label="Password"
          error={fields.password}
          hint={`At least ${data.minPasswordLength} characters. A passphrase of a few unrelated words is easy to remember and hard to guess.`}
          required
        >
          <Input name="password" type="password" autoComplete="new-password" />
        </Field>
        {/* Lets password managers file the new credentials under the invited email. */}
        <input type="email" name="username" value={data.email} autoComplete="username" readOnly hidden />
        <Button type="submit" className="w-full" disabled={submitting}>
          {submitting ? "Joining…" : `Join ${data.orgName}`}
        </Button>
      </Form>
    </AuthLayout>
  );
}
