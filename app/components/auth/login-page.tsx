import { Form, useNavigation } from "@remix-run/react";
import { BrowserTimeZoneField } from "./browser-time-zone-field";
import { AuthLayout } from "./auth-layout";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Field, Input } from "~/components/ui/input";

/** A failed sign-in: the message, the fields at fault, and the email to fill in again. */
export interface LoginActionData {
  message: string;
  fields: Partial<Record<"email" | "password", string>>;
  email: string;
}

export function LoginPage({ redirectTo, actionData }: { redirectTo: string; actionData: LoginActionData | undefined }) {
  const navigation = useNavigation();
  const submitting = navigation.state !== "idle" && navigation.formMethod?.toLowerCase() === "post";
  const fields = actionData?.fields ?? {};

  return (
    <AuthLayout
      title="Sign in"
      description="Sign in to your Reconstream workspace."
      footer="New to the team? Ask an owner of your organization for an invitation link."
    >
      {actionData?.message ? (
        <Alert tone="danger" className="mb-6">
          {actionData.message}
        </Alert>
      ) : null}

      <Form method="post" className="space-y-5">
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <BrowserTimeZoneField />
        <Field label="Email" error={fields.email} required>
          <Input name="email" type="email" autoComplete="username" defaultValue={actionData?.email} maxLength={320} />
        </Field>
        <Field label="Password" error={fields.password} required>
          <Input name="password" type="password" autoComplete="current-password" />
        </Field>
        <Button type="submit" className="w-full" disabled={submitting}>
          {submitting ? "Signing in…" : "Sign in"}
        </Button>
      </Form>
    </AuthLayout>
  );
}
