import { json, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireSameOriginForm } from "~/http/ui-action.server";
import { getOptionalSessionUser, safeRedirectPath } from "~/http/session-user.server";
import { TooManyRequests, Unauthenticated } from "~/core/errors/domain-errors";
import { readLoadContext } from "~/http/load-context";
import { commitSessionToken } from "~/http/session-cookie.server";
import { logIn } from "~/modules/tenancy/index.server";
import { isSetupRequired } from "~/modules/tenancy/index.server";
import { LoginSchema } from "~/http/forms/auth-forms.server";
import { LoginPage } from "~/components/auth/login-page";

export const meta: MetaFunction = () => [{ title: "Sign in · Reconstream" }];

/** Document responses only carry action headers that the route passes on; 429 needs its Retry-After. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  const passed: Record<string, string> = {};
  if (retryAfter) passed["Retry-After"] = retryAfter;
  return passed;
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await isSetupRequired()) throw redirect("/setup");
  const url = new URL(request.url);
  const redirectTo = safeRedirectPath(url.searchParams.get("redirectTo"));
  const sessionUser = await getOptionalSessionUser(request, readLoadContext(context).requestId);
  if (sessionUser) throw redirect(redirectTo);
  return json({ redirectTo });
}

type FieldErrors = Partial<Record<"email" | "password", string>>;

export async function action({ request, context }: ActionFunctionArgs) {
  requireSameOriginForm(request);
  const { clientIp, requestId } = readLoadContext(context);
  const formData = await request.formData();
  const redirectTo = safeRedirectPath(formData.get("redirectTo"));
  const email = String(formData.get("email") ?? "");

  const parsed = LoginSchema().safeParse({ email, password: formData.get("password") ?? "" });
  if (!parsed.success) {
    const fields: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const name = issue.path[0];
      if ((name === "email" || name === "password") && !fields[name]) fields[name] = issue.message;
    }
    return json({ message: "Enter your email and password.", fields, email }, { status: 400 });
  }

  try {
    const { token } = await logIn({
      email: parsed.data.email,
      password: parsed.data.password,
      ip: clientIp,
      userAgent: request.headers.get("user-agent"),
      requestId,
      browserTimeZone: String(formData.get("timeZone") ?? ""),
    });
    return redirect(redirectTo, { headers: { "Set-Cookie": await commitSessionToken(token) } });
  } catch (error) {
    if (error instanceof TooManyRequests) {
      const retryAfter = String(Math.max(1, Math.ceil(error.retryAfterSeconds)));
      return json(
        { message: error.message, fields: {} as FieldErrors, email },
        { status: 429, headers: { "Retry-After": retryAfter } }
      );
    }
    if (error instanceof Unauthenticated) {
      return json({ message: "Email or password is incorrect.", fields: {} as FieldErrors, email }, { status: 401 });
    }
    throw error;
  }
}

export default function LoginRoute() {
  return <LoginPage redirectTo={useLoaderData<typeof loader>().redirectTo} actionData={useActionData<typeof action>()} />;
}
