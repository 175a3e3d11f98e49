import { json } from "@remix-run/node";
import type { MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { roleAllows } from "~/core/access";
import { DashboardPage } from "~/components/dashboard/dashboard-page";
import { runFormAction } from "~/http/ui-action.server";
import { getDashboard } from "~/modules/dashboard/index.server";
import { loadDemoData } from "~/modules/operations/index.server";
import { uiAction, uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs, ActionFunctionArgs } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Dashboard · Reconstream" }];

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ ctx, org, role, user }) => {
  // Days on the charts are the reader's days, in the zone every page uses.
  const dashboard = await getDashboard(ctx, { timeZone: user.timeZone });
  return json({ orgName: org.name, dashboard, canLoadDemo: roleAllows(role, "config:write") });
});

export const action = (args: ActionFunctionArgs) =>
  uiAction(args, { permission: "config:write" }, async ({ request, ctx }) => {
  const formData = await request.formData();
  if (formData.get("intent") !== "demo") throw new Response("Unknown intent", { status: 400 });
  const result = await runFormAction(request, async () => ({ demo: await loadDemoData(ctx) }));
  return json(result, { status: result.ok ? 201 : result.error.status });
});

export default function DashboardRoute() {
  return <DashboardPage data={useLoaderData<typeof loader>()} actionData={useActionData<typeof action>()} />;
}
