import { Link } from "@remix-run/react";
import { usePollWhile } from "~/components/files/use-poll-while";
import { ProblemAlert } from "~/components/problem";
import { ArtifactTable } from "~/components/streams/artifact-table";
import { Alert } from "~/components/ui/alert";
import { buttonClasses } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/page-header";
import { failureProblem } from "./failure-problem";
import type { ResultsData } from "./results-data";
import { ResultsStatus } from "./results-status";
import { MatchRate } from "./match-rate";
import { Summary } from "./results-summary";

/** Until the run ends the page reloads its data; the run page has the step-by-step live timeline. */
const POLL_MS = 1_500;

export function QuickRunResultsPage({ data }: { data: ResultsData }) {
  const { reconciliation } = data;
  const inProgress = reconciliation.status === "pending" || reconciliation.status === "running";
  usePollWhile(inProgress, POLL_MS);

  const exceptionsUrl = `/exceptions?reconciliationId=${encodeURIComponent(reconciliation.id)}`;
  return (
    <div className="space-y-8">
      <PageHeader
        title={reconciliation.name}
        description={
          <>
            Quick Run · <span className="font-mono text-xs">{reconciliation.id}</span>
          </>
        }
        actions={
          <div className="flex flex-wrap gap-2">
            {reconciliation.streamRunId ? (
              <Link to={`/runs/${reconciliation.streamRunId}`} className={buttonClasses("secondary", "md")}>
                Open the run
              </Link>
            ) : null}
            <Link to="/quick-run" className={buttonClasses("secondary", "md")}>
              New Quick Run
            </Link>
          </div>
        }
      />

      <ResultsStatus data={data} />

      {inProgress ? (
        <Alert tone="info" title="Reconciling…">
          Both files are read in full and matched pass by pass. This page updates by itself; the run page shows each step live.
        </Alert>
      ) : null}
      {reconciliation.status === "failed" ? (
        <div className="space-y-2">
          <ProblemAlert problem={failureProblem(data.failure)} />
          {reconciliation.streamRunId ? (
            <p className="text-sm">
              <Link to={`/runs/${reconciliation.streamRunId}`} className="font-medium text-indigo-700 hover:underline">
                See the run for its steps and to retry
              </Link>
            </p>
          ) : null}
        </div>
      ) : null}
      {reconciliation.status === "completed" ? <MatchRate data={data} /> : null}
      {reconciliation.status === "completed" && reconciliation.summary ? <Summary data={data} exceptionsUrl={exceptionsUrl} /> : null}
      {data.artifacts.length > 0 ? <Artifacts artifacts={data.artifacts} /> : null}
    </div>
  );
}

function Artifacts({ artifacts }: { artifacts: ResultsData["artifacts"] }) {
  return (
    <section aria-labelledby="artifacts-heading" className="space-y-3">
      <h2 id="artifacts-heading" className="text-base font-semibold text-slate-900">
        Artifacts
      </h2>
      <ArtifactTable artifacts={artifacts} caption="Artifacts this reconciliation wrote" />
    </section>
  );
}
