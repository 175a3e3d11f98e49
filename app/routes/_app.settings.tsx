import { json } from "@remix-run/node";
import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SettingsLayout } from "~/components/settings/layout/settings-layout";
import { uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Settings · Reconstream" }];

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ role }) => {
  return json({ role });
});

export default function SettingsLayoutRoute() {
  return <SettingsLayout role={useLoaderData<typeof loader>().role} />;
}
