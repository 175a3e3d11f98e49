import { json, redirect, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { roleAllows } from "~/core/access";
import { RunPage } from "~/components/runs/run-page";
import type { LineageEdgeView, LineageNodeView } from "~/components/streams/lineage-graph";
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

export default function RunRoute() {
  return <RunPage data={useLoaderData<typeof loader>()} actionData={useActionData<typeof action>()} />;
}
