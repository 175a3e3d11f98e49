import { Form } from "@remix-run/react";
import { AuthLayout } from "../auth-layout";
import { Button } from "~/components/ui/button";
import type { InviteActionData, OpenInvite } from "./invite-data";
import { InviteErrorAlert, InviteSummary } from "./invite-summary";

interface InviteStepProps {
  data: OpenInvite;
  error: InviteActionData["error"] | undefined;
  submitting: boolean;
}

/** Signed in as the invitee already: one click joins. */
export function InviteAccept({ data, error, submitting }: InviteStepProps) {
  return (
    <AuthLayout
      title={`Join ${data.orgName}`}
      description={`You're signed in as ${data.email}. Accept to join ${data.orgName} on Reconstream.`}
    >
      <InviteErrorAlert error={error} />
      <InviteSummary data={data} />
      <Form method="post">
        <input type="hidden" name="intent" value="accept" />
        <Button type="submit" className="w-full" disabled={submitting}>
          {submitting ? "Accepting…" : "Accept invitation"}
        </Button>
      </Form>
    </AuthLayout>
  );
}
