import { json, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { MIN_PASSWORD_LENGTH } from "~/modules/tenancy/index.server";
import { AuthLayout } from "~/components/auth-layout";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Field, Input } from "~/components/ui/input";
import { DomainError } from "~/core/errors/domain-errors";
import { readLoadContext } from "~/http/load-context";
import { commitSessionToken } from "~/http/session-cookie.server";
import { toFormError, parseForm, requireSameOriginForm } from "~/http/ui-action.server";
import { completeFirstRunSetup, isSetupRequired } from "~/modules/tenancy/index.server";
import { createSession } from "~/modules/tenancy/index.server";
import { SetupSchema } from "~/http/forms/auth-forms.server";

export const meta: MetaFunction = () => [{ title: "Set up Reconstream" }];

export async function loader(_args: LoaderFunctionArgs) {
  if (!(await isSetupRequired())) throw redirect("/login");
  return json({ minPasswordLength: MIN_PASSWORD_LENGTH });
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireSameOriginForm(request);
  const { requestId, clientIp } = readLoadContext(context);
  const formData = await request.formData();
  const values = {
    name: String(formData.get("name") ?? ""),
    ownerName: String(formData.get("ownerName") ?? ""),
    email: String(formData.get("email") ?? ""),
  };
  try {
    const input = parseForm(SetupSchema(), formData);
    const { organization, user } = await completeFirstRunSetup({
      name: input.name,
      owner: { email: input.email, name: input.ownerName, password: input.password },
      password: input.password,
      requestId,
    });
    const { token } = await createSession({
      userId: user.id,
      orgId: organization.id,
      ip: clientIp,
      userAgent: request.headers.get("user-agent"),
    });
    return redirect("/", { headers: { "Set-Cookie": await commitSessionToken(token) } });
  } catch (error) {
    if (error instanceof DomainError) {
      return json({ error: toFormError(error), values }, { status: error.status });
    }
    throw error;
  }
}

export default function SetupPage() {
  const { minPasswordLength } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
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
