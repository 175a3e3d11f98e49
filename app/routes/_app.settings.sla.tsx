import { json } from "@remix-run/node";
import type { MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { roleAllows } from "~/core/access";
import { SlaFormSchema } from "~/http/forms/settings-forms.server";
import { parseForm, runFormAction } from "~/http/ui-action.server";
import { getSlaPolicy, updateSlaPolicy } from "~/modules/exceptions/index.server";
import { uiAction, uiLoader } from "~/http/ui-route.server";
import { SlaSettings } from "~/components/settings/sla/sla-settings";
import type { LoaderFunctionArgs, ActionFunctionArgs } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Exception SLA · Reconstream" }];

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ ctx, role }) => {
  return json({ days: await getSlaPolicy(ctx), canEdit: roleAllows(role, "config:write") });
});

export const action = (args: ActionFunctionArgs) =>
  uiAction(args, { permission: "config:write" }, async ({ request, ctx }) => {
  const formData = await request.formData();
  const result = await runFormAction(request, async () => ({ days: await updateSlaPolicy(ctx, parseForm(SlaFormSchema(), formData)) }));
  return json(result, { status: result.ok ? 200 : result.error.status });
});

export default function SlaSettingsRoute() {
  return <SlaSettings data={useLoaderData<typeof loader>()} actionData={useActionData<typeof action>()} />;
}
