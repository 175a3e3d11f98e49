import { json, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RunsIcon } from "~/components/app-shell";
import { StateBadge } from "~/components/streams/run-state";
import { EmptyState } from "~/components/ui/empty-state";
import { formatDuration, LocalTime } from "~/components/ui/local-time";
import { PageHeader } from "~/components/ui/page-header";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
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
    return json({
      enabled: true,
      runs: runs.map(({ run, streamName }) => {
        const metrics = run.metrics as { matches?: number; exceptions?: number; durationMs?: number | null } | null;
        return {
          id: run.id,
          streamId: run.streamId,
          streamName,
          state: run.state,
          createdAt: run.createdAt.toISOString(),
          matches: metrics?.matches ?? null,
          exceptions: metrics?.exceptions ?? null,
          durationMs: metrics?.durationMs ?? null,
        };
      }),
    });
  } catch (error) {
    if (error instanceof NotFound) return json({ enabled: false, runs: [] });
    throw error;
  }
});

export default function RunsPage() {
  const { enabled, runs } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Runs" description="Recent runs of every stream, newest first." />
      {runs.length === 0 ? (
        <EmptyState
          icon={<RunsIcon className="h-6 w-6" />}
          title={enabled ? "No runs yet" : "Streams are turned off for this organization"}
          description={enabled ? "Start a run from a stream's page, or let a trigger start one." : "An admin can turn on the “streams” feature flag in Settings."}
        />
      ) : (
        <Table>
          <TableCaption srOnly>Recent runs</TableCaption>
          <THead>
            <TR>
              <TH>Started</TH>
              <TH>Stream</TH>
              <TH>State</TH>
              <TH numeric>Matches</TH>
              <TH numeric>Exceptions</TH>
              <TH numeric>Duration</TH>
            </TR>
          </THead>
          <TBody>
            {runs.map((run) => (
              <TR key={run.id}>
                <TD>
                  <Link to={`/runs/${run.id}`} className="text-indigo-700 hover:text-indigo-900">
                    <LocalTime iso={run.createdAt} />
                  </Link>
                </TD>
                <TD>
                  <Link to={`/streams/${run.streamId}`} className="text-slate-800 hover:text-indigo-700">
                    {run.streamName}
                  </Link>
                </TD>
                <TD>
                  <StateBadge state={run.state} />
                </TD>
                <TD numeric>{run.matches ?? "—"}</TD>
                <TD numeric>{run.exceptions ?? "—"}</TD>
                <TD numeric>{formatDuration(run.durationMs)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </>
  );
}
