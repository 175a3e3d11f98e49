import { json, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getQuickRunResults } from "~/api/views/quick-run.server";
import { QuickRunResultsPage } from "~/components/quick-run/results/quick-run-results-page";
import { uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.reconciliation.name ?? "Quick Run"} · Quick Run · Reconstream` }];

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ params, ctx }) => {
  const results = await getQuickRunResults(ctx, params.id!);
  return json(results);
});

export default function QuickRunResultsRoute() {
  return <QuickRunResultsPage data={useLoaderData<typeof loader>()} />;
}
