import { Form, Link } from "@remix-run/react";
import { AuthLayout } from "../auth-layout";
import { Alert } from "~/components/ui/alert";
import { Button, buttonClasses } from "~/components/ui/button";
import type { InviteActionData, OpenInvite } from "./invite-data";
import { InviteErrorAlert, InviteSummary } from "./invite-summary";

interface InviteStepProps {
  data: OpenInvite;
  error: InviteActionData["error"] | undefined;
  submitting: boolean;
  pathname: string;
}

/** The invitee has an account: sign in as them (signing out first if someone else is in). */
export function InviteSignin({ data, error, submitting, pathname }: InviteStepProps) {
  return (
    <AuthLayout
      title={`Join ${data.orgName}`}
      description={`${data.email} already has a Reconstream account. Sign in as ${data.email} to accept this invitation.`}
    >
      <InviteErrorAlert error={error} />
      <InviteSummary data={data} />
      {data.signedInAs ? (
        <>
          <Alert tone="warning" className="mb-6">
            You're signed in as <span className="font-medium">{data.signedInAs}</span>. Sign out, then sign in as{" "}
            <span className="font-medium">{data.email}</span> to accept.
          </Alert>
          <Form method="post" action="/logout">
            <input type="hidden" name="redirectTo" value={pathname} />
            <Button type="submit" className="w-full" disabled={submitting}>
              {submitting ? "Signing out…" : `Sign out and continue as ${data.email}`}
            </Button>
          </Form>
        </>
      ) : (
        <Link
          to={`/login?redirectTo=${encodeURIComponent(pathname)}`}
          className={buttonClasses("primary", "md", "w-full")}
        >
          Sign in as {data.email}
        </Link>
      )}
    </AuthLayout>
  );
}
