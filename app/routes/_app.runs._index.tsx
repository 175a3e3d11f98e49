import { json, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { RunsListPage } from "~/components/runs/runs-list-page";
import { toRunListItem } from "~/components/runs/runs-data";
import { NotFound } from "~/core/errors/domain-errors";
import { listRecentRuns } from "~/modules/streams/index.server";
import { uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Runs · Reconstream" }];

const RECENT = 100;

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ ctx }) => {
  try {
    const runs = await listRecentRuns(ctx, { limit: RECENT });
    return json({ enabled: true, runs: runs.map(toRunListItem) });
  } catch (error) {
    if (error instanceof NotFound) return json({ enabled: false, runs: [] });
    throw error;
  }
});

export default function RunsRoute() {
  return <RunsListPage data={useLoaderData<typeof loader>()} />;
}
