import { Form, Link, useNavigation } from "@remix-run/react";
import { BrowserTimeZoneField } from "./browser-time-zone-field";
import { AuthLayout } from "./auth-layout";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Field, Input } from "~/components/ui/input";

/** A failed setup: the error and what was typed, so the form keeps it (never the password). */
export interface SetupActionData {
  error: { message: string; status: number; fields: Record<string, string> };
  values: { name: string; ownerName: string; email: string };
}

export function SetupPage({ minPasswordLength, actionData }: { minPasswordLength: number; actionData: SetupActionData | undefined }) {
  const navigation = useNavigation();
  const submitting = navigation.state !== "idle" && navigation.formMethod?.toLowerCase() === "post";
  const error = actionData?.error;
  const fields = error?.fields ?? {};
  const values = actionData?.values;
  const alreadyDone = error?.status === 409;

  return (
    <AuthLayout
      title="Set up Reconstream"
      description="Create your organization and the first owner account. You can invite your team once you're in."
      footer={
        <>
          Already set up?{" "}
          <Link to="/login" className="font-medium text-indigo-600 hover:text-indigo-500">
            Sign in
          </Link>
        </>
      }
    >
      {error ? (
        <Alert
          tone="danger"
          className="mb-6"
          title={alreadyDone ? "Setup is already complete" : "We couldn't create your organization"}
        >
          {alreadyDone ? (
            <>
              Someone has already finished setup.{" "}
              <Link to="/login" className="font-medium underline">
                Sign in instead
              </Link>
              .
            </>
          ) : (
            error.message
          )}
        </Alert>
      ) : null}

      <Form method="post" className="space-y-5">
        <BrowserTimeZoneField />
        <Field label="Organization name" error={fields.name} required>
          <Input name="name" autoComplete="organization" defaultValue={values?.name} maxLength={200} />
        </Field>
        <Field label="Your name" error={fields.ownerName} required>
          <Input name="ownerName" autoComplete="name" defaultValue={values?.ownerName} maxLength={200} />
        </Field>
        <Field label="Email" error={fields.email ?? fields["owner/email"]} required>
          <Input name="email" type="email" autoComplete="email" defaultValue={values?.email} maxLength={320} />
        </Field>
        <Field
          label="Password"
          error={fields.password}
          hint={`At least ${minPasswordLength} characters. A passphrase of a few unrelated words is easy to remember and hard to guess.`}
          required
        >
          <Input name="password" type="password" autoComplete="new-password" />
        </Field>
        <Button type="submit" className="w-full" disabled={submitting}>
          {submitting ? "Creating organization…" : "Create organization"}
        </Button>
      </Form>
    </AuthLayout>
  );
}
