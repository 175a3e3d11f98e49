import { Link } from "@remix-run/react";
import { StateBadge } from "~/components/streams/run-state";
import { LocalTime } from "~/components/ui/local-time";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import type { StreamListRow } from "./streams-data";

/** Active streams with their latest run and next scheduled fire. */
export function StreamsTable({ streams }: { streams: StreamListRow[] }) {
  return (
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
  );
}
