import { Link } from "@remix-run/react";
import { formatCount, useDisplay } from "~/components/format";
import { RunsIcon } from "~/components/app-shell";
import { StateBadge } from "~/components/streams/run-state";
import { EmptyState } from "~/components/ui/empty-state";
import { formatDuration, LocalTime } from "~/components/ui/local-time";
import { PageHeader } from "~/components/ui/page-header";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import type { RunsListData } from "./runs-data";

export function RunsListPage({ data }: { data: RunsListData }) {
  const { locale } = useDisplay();
  const { enabled, runs } = data;
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
                <TD numeric>{run.matches === null ? "—" : formatCount(run.matches, locale)}</TD>
                <TD numeric>{run.exceptions === null ? "—" : formatCount(run.exceptions, locale)}</TD>
                <TD numeric>{formatDuration(run.durationMs)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </>
  );
}
