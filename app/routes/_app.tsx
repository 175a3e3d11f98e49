import { Outlet, useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ user, org, role, orgs }) => {
  return { user, org, role, orgs };
});

export default function AppLayout() {
  const data = useLoaderData<typeof loader>();
  return (
    <AppShell user={data.user} org={data.org} role={data.role} orgs={data.orgs}>
      <Outlet />
    </AppShell>
  );
}
