import { json, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { roleAllows } from "~/core/access";
import { NotFound } from "~/core/errors/domain-errors";
import { latestRunsOf, nextScheduledFires } from "~/modules/streams/index.server";
import { listStreams } from "~/modules/streams/index.server";
import { uiLoader } from "~/http/ui-route.server";
import { StreamsPage } from "~/components/streams/list/streams-page";
import type { StreamListRow } from "~/components/streams/list/streams-data";
import type { LoaderFunctionArgs } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Streams · Reconstream" }];

const PAGE = 100;

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ ctx, role }) => {
  const canEdit = roleAllows(role, "config:write");
  let page;
  try {
    page = await listStreams(ctx, { limit: PAGE, status: "active" });
  } catch (error) {
    // The org has not turned streams on: say so rather than show an empty list.
    if (error instanceof NotFound) return json({ enabled: false as const, canEdit, streams: [] as StreamListRow[], truncated: false });
    throw error;
  }
  const ids = page.data.map((entry) => entry.stream.id);
  const [latest, next] = await Promise.all([latestRunsOf(ctx, ids), nextScheduledFires(ctx, ids)]);
  return json({
    enabled: true as const,
    canEdit,
    truncated: page.nextCursor !== null,
    streams: page.data.map(({ stream, version, steps }) => {
      const run = latest.get(stream.id);
      return {
        id: stream.id,
        name: stream.name,
        description: stream.description,
        version: version.version,
        steps: steps.length,
        lastRun: run ? { id: run.id, state: run.state, createdAt: run.createdAt.toISOString() } : null,
        nextFireAt: next.get(stream.id)?.toISOString() ?? null,
      };
    }),
  });
});

export default function StreamsRoute() {
  return <StreamsPage data={useLoaderData<typeof loader>()} />;
}
