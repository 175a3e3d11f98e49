import { json, redirect, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useCallback } from "react";
import { roleAllows } from "~/core/access";
import { LineageGraph, type LineageEdgeView, type LineageNodeView } from "~/components/streams/lineage-graph";
import { RUN_END_STATES, StateBadge } from "~/components/streams/run-state";
import { RunTimeline } from "~/components/streams/run-timeline";
import { useRunEvents, type Timeline } from "~/components/streams/use-run-events";
import { Alert } from "~/components/ui/alert";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { formatDuration, LocalTime } from "~/components/ui/local-time";
import { PageHeader } from "~/components/ui/page-header";
import { runFormAction } from "~/http/ui-action.server";
import { orNotFound } from "~/http/ui-loader.server";
import { listStepRunArtifacts } from "~/modules/streams/index.server";
import { serializeTimeline } from "~/api/views/runs";
import { serializeArtifact } from "~/api/views/runs";
import { getRunLineage } from "~/modules/streams/index.server";
import { readTimeline } from "~/modules/streams/index.server";
import { cancelRun, getStepRun, rerunRun, retryStepRun } from "~/modules/streams/index.server";
import { getStreamVersion } from "~/modules/streams/index.server";
import { flowLinks } from "~/components/streams/flow-styles";
import { ArtifactTable } from "~/components/streams/artifact-table";
import { uiAction, uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs, ActionFunctionArgs } from "@remix-run/node";

export const links = flowLinks;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Run of ${data?.streamName ?? "a stream"} · Reconstream` }];

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ params, ctx, role }) => {
  const runId = params.id!;
  const timeline = serializeTimeline(await readTimeline(ctx, runId));
  const [stream, lineage, artifacts] = await Promise.all([
    getStreamVersion(ctx, timeline.run.streamId, timeline.run.streamVersion),
    getRunLineage(ctx, runId),
    Promise.all(timeline.stepRuns.map((stepRun) => listStepRunArtifacts(ctx, stepRun.id))),
  ]);
  return json({
    timeline,
    streamName: stream.stream.name,
    stepNames: Object.fromEntries(stream.steps.map((step) => [step.key, step.name])),
    artifacts: artifacts.flat().map(serializeArtifact),
    lineage: { nodes: lineage.nodes as LineageNodeView[], edges: lineage.edges as LineageEdgeView[] },
    can: { execute: roleAllows(role, "runs:execute") },
  });
});

export const action = (args: ActionFunctionArgs) =>
  uiAction(args, { permission: "runs:execute" }, async ({ request, params, ctx }) => {
  const runId = params.id!;
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  if (intent === "rerun") {
    const result = await runFormAction(request, () => orNotFound(rerunRun(ctx, runId)));
    if (result.ok) return redirect(`/runs/${result.id}`);
    return json({ error: result.error }, { status: result.error.status });
  }
  if (intent === "cancel" || intent === "retry-step") {
    const result = await runFormAction(request, async () => {
      if (intent === "cancel") await orNotFound(cancelRun(ctx, runId));
      else {
        const stepRunId = String(formData.get("stepRunId") ?? "");
        // A step run of another run is not this page's to retry.
        const stepRun = await orNotFound(getStepRun(ctx, stepRunId));
        if (stepRun.runId !== runId) throw new Response("Not found", { status: 404 });
        await retryStepRun(ctx, stepRunId);
      }
      return {};
    });
    return json({ error: result.ok ? null : result.error }, { status: result.ok ? 200 : result.error.status });
  }
  throw new Response("Unknown intent", { status: 400 });
});

export default function RunPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const revalidator = useRevalidator();
  // The run ended: artifacts and lineage are now complete, so fetch them once more.
  const onEnd = useCallback(() => revalidator.revalidate(), [revalidator]);
  const { timeline, connection } = useRunEvents(data.timeline.run.id, data.timeline as unknown as Timeline, onEnd);
  const { run } = timeline;
  const ended = RUN_END_STATES.has(run.state);
  const metrics = run.metrics as { matches?: number; exceptions?: number; durationMs?: number | null } | null;

  return (
    <div className="space-y-8">
      <PageHeader
        title={`Run of ${data.streamName}`}
        description={`Version ${data.timeline.run.streamVersion} · ${data.timeline.run.id}`}
        actions={
          data.can.execute ? (
            <div className="flex items-center gap-2">
              {!ended && run.state !== "cancelling" ? (
                <ConfirmDialog
                  label="Cancel run"
                  title="Cancel this run?"
                  description="Steps not started are cancelled; running steps stop at their next checkpoint without committing anything."
                  confirmLabel="Cancel run"
                  confirmVariant="danger"
                  fields={{ intent: "cancel" }}
                />
              ) : null}
              {ended ? (
                <ConfirmDialog
                  label="Rerun"
                  title="Run this again?"
                  description="A new run of the same version with the same files. This run is kept."
                  confirmLabel="Start rerun"
                  fields={{ intent: "rerun" }}
                />
              ) : null}
            </div>
          ) : null
        }
      />
      {actionData?.error ? <Alert tone="danger">{actionData.error.message}</Alert> : null}

      <section aria-labelledby="status-heading" className="flex flex-wrap items-center gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm tabular-nums">
        <h2 id="status-heading" className="sr-only">
          Status
        </h2>
        <span className="flex items-center gap-2" data-testid="run-state" data-state={run.state} aria-live="polite">
          Run <StateBadge state={run.state} />
        </span>
        <span>
          Started <LocalTime iso={run.startedAt} />
        </span>
        <span>Duration {ended ? formatDuration(metrics?.durationMs ?? null) : "—"}</span>
        <span>Matches {metrics?.matches ?? "—"}</span>
        <span>
          Exceptions{" "}
          {metrics?.exceptions ? (
            <Link
              to={`/exceptions?streamRunId=${encodeURIComponent(run.id)}`}
              aria-label={`Open the ${metrics.exceptions} exceptions of this run`}
              className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
            >
              {metrics.exceptions}
            </Link>
          ) : (
            (metrics?.exceptions ?? "—")
          )}
        </span>
        <span className="ml-auto text-xs text-slate-500">{connection === "live" ? "Live" : connection === "reconnecting" ? "Reconnecting…" : connection === "ended" ? "Final" : "Connecting…"}</span>
      </section>

      <section aria-labelledby="timeline-heading" className="space-y-2">
        <h2 id="timeline-heading" className="text-base font-semibold text-slate-900">
          Steps
        </h2>
        <RunTimeline stepRuns={timeline.stepRuns} stepNames={data.stepNames} canRetry={data.can.execute} />
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
