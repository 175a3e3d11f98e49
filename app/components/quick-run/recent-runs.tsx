import { Link } from "@remix-run/react";
import { formatCount, LocalTime } from "~/components/format";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import { ReconciliationStatusBadge } from "./status-badge";

export interface RecentRun {
  id: string;
  name: string;
  status: "pending" | "running" | "completed" | "failed";
  createdAt: string;
  summary: { matched: number; exceptionsByType: Record<string, number> } | null;
}

/** The org's latest classic reconciliations, Quick Runs among them, each linking to its results. */
export function RecentQuickRuns({ runs }: { runs: RecentRun[] }) {
  return (
    <section aria-labelledby="recent-runs-heading" className="mt-10 space-y-3">
      <h2 id="recent-runs-heading" className="text-base font-semibold text-slate-900">
        Recent reconciliations
      </h2>
      {runs.length === 0 ? (
        <p className="text-sm text-slate-600">None yet. Runs started here are listed with their results.</p>
      ) : (
        <Table>
          <TableCaption srOnly>Recent reconciliations, newest first</TableCaption>
          <THead>
            <TR>
              <TH>Name</TH>
              <TH>Status</TH>
              <TH numeric>Matched</TH>
              <TH numeric>Exceptions</TH>
              <TH>Created</TH>
            </TR>
          </THead>
          <TBody>
            {runs.map((run) => (
              <TR key={run.id}>
                <TD>
                  <Link to={`/quick-run/${run.id}`} className="font-medium text-indigo-700 hover:underline">
                    {run.name}
                  </Link>
                </TD>
                <TD>
                  <ReconciliationStatusBadge status={run.status} />
                </TD>
                <TD numeric>{run.summary ? formatCount(run.summary.matched) : "—"}</TD>
                <TD numeric>{run.summary ? formatCount(Object.values(run.summary.exceptionsByType).reduce((sum, count) => sum + count, 0)) : "—"}</TD>
                <TD className="whitespace-nowrap text-slate-600">
                  <LocalTime iso={run.createdAt} />
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </section>
  );
}
