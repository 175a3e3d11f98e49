import { json, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { MIN_PASSWORD_LENGTH } from "~/modules/tenancy/index.server";
import { DomainError } from "~/core/errors/domain-errors";
import { readLoadContext } from "~/http/load-context";
import { commitSessionToken } from "~/http/session-cookie.server";
import { toFormError, parseForm, requireSameOriginForm } from "~/http/ui-action.server";
import { completeFirstRunSetup, isSetupRequired } from "~/modules/tenancy/index.server";
import { adoptBrowserTimeZone, createSession } from "~/modules/tenancy/index.server";
import { SetupSchema } from "~/http/forms/auth-forms.server";
import { SetupPage } from "~/components/auth/setup-page";

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
    await adoptBrowserTimeZone(user.id, formData.get("timeZone"));
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

export default function SetupRoute() {
  return <SetupPage minPasswordLength={useLoaderData<typeof loader>().minPasswordLength} actionData={useActionData<typeof action>()} />;
}
