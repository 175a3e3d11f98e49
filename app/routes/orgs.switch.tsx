import { redirect } from "@remix-run/node";
import { safeRedirectPath } from "~/http/session-user.server";
import { ValidationFailed } from "~/core/errors/domain-errors";
import { runFormAction } from "~/http/ui-action.server";
import { switchSessionOrganization } from "~/modules/tenancy/index.server";
import { SwitchOrgSchema } from "~/http/forms/auth-forms.server";
import { uiAction } from "~/http/ui-route.server";
import type { ActionFunctionArgs } from "@remix-run/node";

/** Only the org switcher posts here; a GET (e.g. after signing in again) goes home. */
export async function loader() {
  return redirect("/");
}

export const action = (args: ActionFunctionArgs) =>
  uiAction(args, async ({ request, token, user }) => {
  const formData = await request.formData();
  let redirectTo = "/";
  const result = await runFormAction(request, async () => {
    const parsed = SwitchOrgSchema().safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      throw new ValidationFailed("Choose an organization", { errors: [{ pointer: "/orgId", message: "is required" }] });
    }
    redirectTo = safeRedirectPath(parsed.data.redirectTo);
    await switchSessionOrganization(token, user.id, parsed.data.orgId);
    return {};
  });
  if (!result.ok) {
    const status = result.error.status;
    throw new Response(status === 404 ? "Not found" : result.error.message, { status });
  }
  return redirect(redirectTo);
});
