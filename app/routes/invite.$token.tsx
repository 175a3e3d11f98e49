import { json, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { MIN_PASSWORD_LENGTH } from "~/modules/tenancy/index.server";
import { getOptionalSessionUser } from "~/http/session-user.server";
import { AuthLayout } from "~/components/auth-layout";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button, buttonClasses } from "~/components/ui/button";
import { Field, Input } from "~/components/ui/input";
import { DomainError, NotFound, ValidationFailed } from "~/core/errors/domain-errors";
import { readLoadContext } from "~/http/load-context";
import { commitSessionToken } from "~/http/session-cookie.server";
import { toFormError, requireSameOriginForm } from "~/http/ui-action.server";
import { acceptInvitation, findOpenInvitationByToken } from "~/modules/tenancy/index.server";
import { createSession, destroySession } from "~/modules/tenancy/index.server";
import { findUserByEmail, normalizeEmail } from "~/modules/tenancy/index.server";
import { RegisterSchema } from "~/http/forms/auth-forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data && data.state !== "invalid" ? `Join ${data.orgName} · Reconstream` : "Invitation · Reconstream" },
  { name: "referrer", content: "no-referrer" },
];

type InviteState =
  | { state: "invalid" }
  | {
      state: "register" | "accept" | "signin";
      orgName: string;
      email: string;
      role: string;
      /** Email of whoever is signed in on this browser, if anyone. */
      signedInAs: string | null;
      minPasswordLength: number;
    };

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  let found: Awaited<ReturnType<typeof findOpenInvitationByToken>>;
  try {
    found = await findOpenInvitationByToken(token);
  } catch (error) {
    if (error instanceof NotFound) return json<InviteState>({ state: "invalid" }, { status: 404 });
    throw error;
  }
  const { invitation, orgName } = found;
  const sessionUser = await getOptionalSessionUser(request, readLoadContext(context).requestId);
  const existing = await findUserByEmail(invitation.email);
  const signedInAsInvitee =
    sessionUser !== undefined &&
    (existing ? sessionUser.user.id === existing.id : normalizeEmail(sessionUser.user.email) === invitation.email);

  const state: "register" | "accept" | "signin" = signedInAsInvitee ? "accept" : existing ? "signin" : "register";
  return json<InviteState>({
    state,
    orgName,
    email: invitation.email,
    role: invitation.role,
    signedInAs: sessionUser?.user.email ?? null,
    minPasswordLength: MIN_PASSWORD_LENGTH,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  requireSameOriginForm(request);
  const { requestId, clientIp } = readLoadContext(context);
  const token = params.token ?? "";
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const name = String(formData.get("name") ?? "");

  try {
    const sessionUser = await getOptionalSessionUser(request, requestId);
    let accepted: { userId: string; orgId: string };
    if (intent === "register") {
      const parsed = RegisterSchema().safeParse({ name, password: formData.get("password") ?? "" });
      if (!parsed.success) {
        throw new ValidationFailed("Check the highlighted fields and try again.", {
          errors: parsed.error.issues.map((issue) => ({
            pointer: `/${issue.path.map(String).join("/")}`,
            message: issue.message,
          })),
        });
      }
      accepted = await acceptInvitation({ token, signedInUserId: sessionUser?.user.id, ...parsed.data });
    } else if (intent === "accept") {
      accepted = await acceptInvitation({ token, signedInUserId: sessionUser?.user.id });
    } else {
      return json(
        { error: { message: "Unknown action.", status: 400, fields: {} as Record<string, string> }, name },
        { status: 400 }
      );
    }

    // Start a fresh session in the org just joined; the old one (if any) ends.
    if (sessionUser) await destroySession(sessionUser.token);
    const { token: sessionToken } = await createSession({
      userId: accepted.userId,
      orgId: accepted.orgId,
      ip: clientIp,
      userAgent: request.headers.get("user-agent"),
    });
    return redirect("/", { headers: { "Set-Cookie": await commitSessionToken(sessionToken) } });
  } catch (error) {
    if (error instanceof DomainError) {
      return json({ error: toFormError(error), name }, { status: error.status });
    }
    throw error;
  }
}

const linkClasses = "font-medium text-indigo-600 hover:text-indigo-500";

function roleLabel(role: string) {
  return role.charAt(0).toUpperCase() + role.slice(1);
}

export default function InvitePage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { pathname } = useLocation();
  const submitting = navigation.state !== "idle" && navigation.formMethod?.toLowerCase() === "post";

  if (data.state === "invalid") {
    return (
      <AuthLayout
        title="This invitation can't be used"
        description="This invitation link is invalid, used, revoked or expired."
        footer={
          <>
            Already have an account?{" "}
            <Link to="/login" className={linkClasses}>
              Sign in
            </Link>
          </>
        }
      >
        <p className="text-sm leading-6 text-slate-600">
          Invitation links work once and expire after 7 days. Ask an owner of the organization to send you a new one.
        </p>
      </AuthLayout>
    );
  }

  const error = actionData?.error;
  const fields = error?.fields ?? {};
  const summary = (
    <dl className="mb-6 grid grid-cols-[auto,1fr] gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-slate-50 px-4 py-3 text-sm">
      <dt className="text-slate-500">Organization</dt>
      <dd className="font-medium text-slate-900">{data.orgName}</dd>
      <dt className="text-slate-500">Invited email</dt>
      <dd className="break-all font-medium text-slate-900">{data.email}</dd>
      <dt className="text-slate-500">Role</dt>
      <dd>
        <Badge tone="info">{roleLabel(data.role)}</Badge>
      </dd>
    </dl>
  );

  const errorAlert = error ? (
    <Alert tone="danger" className="mb-6">
      {error.message}
    </Alert>
  ) : null;

  if (data.state === "accept") {
    return (
      <AuthLayout
        title={`Join ${data.orgName}`}
        description={`You're signed in as ${data.email}. Accept to join ${data.orgName} on Reconstream.`}
      >
        {errorAlert}
        {summary}
        <Form method="post">
          <input type="hidden" name="intent" value="accept" />
          <Button type="submit" className="w-full" disabled={submitting}>
            {submitting ? "Accepting…" : "Accept invitation"}
          </Button>
        </Form>
      </AuthLayout>
    );
  }

  if (data.state === "signin") {
    return (
      <AuthLayout
        title={`Join ${data.orgName}`}
        description={`${data.email} already has a Reconstream account. Sign in as ${data.email} to accept this invitation.`}
      >
        {errorAlert}
        {summary}
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
      {errorAlert}
      {summary}
      <Form method="post" className="space-y-5">
        <input type="hidden" name="intent" value="register" />
        <Field label="Your name" error={fields.name} required>
          <Input name="name" autoComplete="name" defaultValue={actionData?.name} maxLength={200} />
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
