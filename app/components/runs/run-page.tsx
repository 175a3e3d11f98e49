import { Link, useRevalidator } from "@remix-run/react";
import { useCallback } from "react";
import { ArtifactTable } from "~/components/streams/artifact-table";
import { LineageGraph } from "~/components/streams/lineage-graph";
import { RUN_END_STATES } from "~/components/streams/run-state";
import { RunTimeline } from "~/components/streams/run-timeline";
import { useRunEvents, type Timeline } from "~/components/streams/use-run-events";
import { Alert } from "~/components/ui/alert";
import { PageHeader } from "~/components/ui/page-header";
import { combineMatchRates, stepMatchRate } from "~/core/streams/match-rate";
import { RunActions } from "./run-actions";
import { RunStatusBar } from "./run-status-bar";
import type { RunActionData, RunPageData } from "./runs-data";

export function RunPage({ data, actionData }: { data: RunPageData; actionData: RunActionData | undefined }) {
  const revalidator = useRevalidator();
  // The run ended: artifacts and lineage are now complete, so fetch them once more.
  const onEnd = useCallback(() => revalidator.revalidate(), [revalidator]);
  const { timeline, connection } = useRunEvents(data.timeline.run.id, data.timeline as unknown as Timeline, onEnd);
  const { run } = timeline;
  const ended = RUN_END_STATES.has(run.state);

  return (
    <div className="space-y-8">
      <PageHeader
        title={`Run of ${data.streamName}`}
        description={`Version ${data.timeline.run.streamVersion} · ${data.timeline.run.id}`}
        actions={data.can.execute ? <RunActions ended={ended} state={run.state} /> : null}
      />
      {actionData?.error ? <Alert tone="danger">{actionData.error.message}</Alert> : null}

      <RunStatusBar run={run} ended={ended} connection={connection} matchRate={combineMatchRates(timeline.stepRuns.map((stepRun) => stepMatchRate(stepRun.metrics)))} />

      <section aria-labelledby="timeline-heading" className="space-y-2">
        <h2 id="timeline-heading" className="text-base font-semibold text-slate-900">
          Steps
        </h2>
        <RunTimeline stepRuns={timeline.stepRuns} stepNames={data.stepNames} canRetry={data.can.execute} rechoose={data.rechoose} />
      </section>

      <section aria-labelledby="artifacts-heading" className="space-y-2">
        <h2 id="artifacts-heading" className="text-base font-semibold text-slate-900">
          Artifacts
        </h2>
        {data.artifacts.length === 0 ? (
          <p className="text-sm text-slate-600">{ended ? "This run wrote no artifacts." : "Artifacts appear as steps finish."}</p>
        ) : (
          <ArtifactTable artifacts={data.artifacts} caption="Artifacts of this run" showStep />
        )}
      </section>

      <section aria-labelledby="lineage-heading" className="space-y-2">
        <h2 id="lineage-heading" className="text-base font-semibold text-slate-900">
          Lineage
        </h2>
        <p className="text-sm text-slate-600">From the input files through each step run to the artifacts it wrote. Select a node for its details.</p>
        <LineageGraph nodes={data.lineage.nodes} edges={data.lineage.edges} />
      </section>

      <p className="text-sm">
        <Link to={`/streams/${data.timeline.run.streamId}`} className="text-indigo-700 hover:text-indigo-900">
          Back to the stream
        </Link>
      </p>
    </div>
  );
}
