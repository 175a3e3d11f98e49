import { Outlet, useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { DisplayProvider } from "~/components/format";
import { requestLocale } from "~/http/display.server";
import { uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ request, user, org, role, orgs }) => {
  // Every page below renders times in the user's zone and language, on the server as in the browser.
  return { user, org, role, orgs, display: { timeZone: user.timeZone, locale: requestLocale(request) } };
});

export default function AppLayout() {
  const data = useLoaderData<typeof loader>();
  return (
    <DisplayProvider value={data.display}>
      <AppShell user={data.user} org={data.org} role={data.role} orgs={data.orgs}>
        <Outlet />
      </AppShell>
    </DisplayProvider>
  );
}
