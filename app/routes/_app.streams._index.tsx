import { json, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { roleAllows } from "~/core/access";
import { StreamsIcon } from "~/components/app-shell";
import { StateBadge } from "~/components/streams/run-state";
import { buttonClasses } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { LocalTime } from "~/components/ui/local-time";
import { PageHeader } from "~/components/ui/page-header";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import { NotFound } from "~/core/errors/domain-errors";
import { latestRunsOf, nextScheduledFires } from "~/modules/streams/index.server";
import { listStreams } from "~/modules/streams/index.server";
import { uiLoader } from "~/http/ui-route.server";
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
    if (error instanceof NotFound) return json({ enabled: false as const, canEdit, streams: [], truncated: false });
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

export default function StreamsPage() {
  const { enabled, canEdit, streams, truncated } = useLoaderData<typeof loader>();
  const newButton = canEdit && enabled ? (
    <Link to="/streams/new" className={buttonClasses("primary", "md")}>
      New stream
    </Link>
  ) : null;
  return (
    <>
      <PageHeader title="Streams" description="Pipelines of reconciliation steps: where the files come from, which rule sets match them, and what runs next." actions={newButton} />
      {!enabled ? (
        <EmptyState
          icon={<StreamsIcon className="h-6 w-6" />}
          title="Streams are turned off for this organization"
          description="An admin can turn on the “streams” feature flag in Settings. Until then, reconciliations run one at a time."
        />
      ) : streams.length === 0 ? (
        <EmptyState
          icon={<StreamsIcon className="h-6 w-6" />}
          title="No streams yet"
          description={canEdit ? "Create a stream in the visual editor: add inputs and steps, connect them, then run it." : "An admin creates streams; they will be listed here with their latest run."}
        />
      ) : (
        <Table>
          <TableCaption srOnly>Streams</TableCaption>
          <THead>
            <TR>
              <TH>Name</TH>
              <TH numeric>Version</TH>
              <TH numeric>Steps</TH>
              <TH>Last run</TH>
              <TH>Next scheduled</TH>
            </TR>
          </THead>
          <TBody>
            {streams.map((stream) => (
              <TR key={stream.id}>
                <TD>
                  <Link to={`/streams/${stream.id}`} className="font-medium text-indigo-700 hover:text-indigo-900">
                    {stream.name}
                  </Link>
                  {stream.description ? <p className="truncate text-xs text-slate-500">{stream.description}</p> : null}
                </TD>
                <TD numeric>v{stream.version}</TD>
                <TD numeric>{stream.steps}</TD>
                <TD>
                  {stream.lastRun ? (
                    <Link to={`/runs/${stream.lastRun.id}`} className="inline-flex items-center gap-2 text-sm text-slate-700 hover:text-indigo-700">
                      <StateBadge state={stream.lastRun.state} />
                      <LocalTime iso={stream.lastRun.createdAt} />
                    </Link>
                  ) : (
                    <span className="text-sm text-slate-500">Never run</span>
                  )}
                </TD>
                <TD>{stream.nextFireAt ? <LocalTime iso={stream.nextFireAt} /> : <span className="text-sm text-slate-500">No schedule</span>}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      {truncated ? <p className="mt-2 text-sm text-slate-500">Showing the {streams.length} newest streams.</p> : null}
    </>
  );
}
