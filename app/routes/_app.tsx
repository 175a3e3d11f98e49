import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { requireSessionUser } from "~/http/session-user.server";
import { readLoadContext } from "~/http/load-context";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, org, role, orgs } = await requireSessionUser(request, readLoadContext(context).requestId);
  return { user, org, role, orgs };
}

export default function AppLayout() {
  const data = useLoaderData<typeof loader>();
  return (
    <AppShell user={data.user} org={data.org} role={data.role} orgs={data.orgs}>
      <Outlet />
    </AppShell>
  );
}
