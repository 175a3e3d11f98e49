import { json, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { MIN_PASSWORD_LENGTH } from "~/modules/tenancy/index.server";
import { getOptionalSessionUser } from "~/http/session-user.server";
import { DomainError, NotFound, ValidationFailed } from "~/core/errors/domain-errors";
import { readLoadContext } from "~/http/load-context";
import { commitSessionToken } from "~/http/session-cookie.server";
import { toFormError, requireSameOriginForm } from "~/http/ui-action.server";
import { acceptInvitation, findOpenInvitationByToken } from "~/modules/tenancy/index.server";
import { adoptBrowserTimeZone, createSession, destroySession } from "~/modules/tenancy/index.server";
import { findUserByEmail, normalizeEmail } from "~/modules/tenancy/index.server";
import { RegisterSchema } from "~/http/forms/auth-forms.server";
import { InvitePage } from "~/components/auth/invite/invite-page";
import type { InviteState } from "~/components/auth/invite/invite-data";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data && data.state !== "invalid" ? `Join ${data.orgName} · Reconstream` : "Invitation · Reconstream" },
  { name: "referrer", content: "no-referrer" },
];

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
    await adoptBrowserTimeZone(accepted.userId, formData.get("timeZone"));
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

export default function InviteRoute() {
  return <InvitePage data={useLoaderData<typeof loader>()} actionData={useActionData<typeof action>()} />;
}
