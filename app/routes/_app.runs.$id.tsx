import { json, redirect, type MetaFunction } from "@remix-run/node";
import { requestLocale } from "~/http/display.server";
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
import { definitionOf, getStreamVersion, loadParameterReaders, runFilePickers, type RunDialogDisplay } from "~/modules/streams/index.server";
import type { StreamDefinition } from "~/modules/streams";
import { listFiles } from "~/modules/files/index.server";
import { canonicalSchemaOfAdapter } from "~/core/canonical";
import type { OrgContext } from "~/core/access";
import { CHOOSE_FILE_CODES, failedParameters } from "~/components/streams/choose-file-dialog";
import { parametersFromForm, type RunParameter } from "~/components/streams/parameter-pickers";
import { flowLinks } from "~/components/streams/flow-styles";
import { uiAction, uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs, ActionFunctionArgs } from "@remix-run/node";

export const links = flowLinks;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Run of ${data?.streamName ?? "a stream"} · Reconstream` }];

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ request, params, ctx, role, user }) => {
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
    rechoose: roleAllows(role, "runs:execute") ? await rechoosePickers(ctx, timeline, definitionOf(stream.version, stream.steps), { timeZone: user.timeZone, locale: requestLocale(request) }) : null,
  });
});

/**
 * When a step could not read the file a parameter gave it, the Run dialog's
 * pickers for a rerun: the failed parameter pre-set to the newest file that
 * fits, the others to the files this run had.
 */
async function rechoosePickers(ctx: OrgContext, timeline: ReturnType<typeof serializeTimeline>, definition: StreamDefinition, display: RunDialogDisplay): Promise<RunParameter[] | null> {
  const declared = definition.settings.parameters.map((parameter) => parameter.name);
  const failed = timeline.stepRuns.filter((stepRun) => stepRun.state === "failed" && CHOOSE_FILE_CODES.has(String(stepRun.failure?.code ?? "")));
  if (failed.length === 0) return null;
  const rechosen = new Set(failed.flatMap((stepRun) => failedParameters(stepRun.failure as { errors?: Array<Record<string, unknown>> }, declared)));
  const [files, readers] = await Promise.all([listFiles(ctx, { limit: 200, status: "ready", kind: "upload" }), loadParameterReaders(ctx, definition)]);
  const runDialogFiles = files.data.map((file) => ({ id: file.id, name: file.name, format: file.format, columns: file.detectedSchema?.columns.map((column) => column.name) ?? null, rowCount: file.rowCount, createdAt: file.createdAt.toISOString(), tags: file.tags }));
  const given = timeline.run.parameters as Record<string, string>;
  return runFilePickers(definition, runDialogFiles, canonicalSchemaOfAdapter, readers, display).map((picker) => ({
    ...picker,
    preselected: rechosen.has(picker.name) ? (picker.preselected !== given[picker.name] ? picker.preselected : null) : (given[picker.name] ?? null),
  }));
}

export const action = (args: ActionFunctionArgs) =>
  uiAction(args, { permission: "runs:execute" }, async ({ request, params, ctx }) => {
  const runId = params.id!;
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  if (intent === "rerun-with-files") {
    const result = await runFormAction(request, () => orNotFound(rerunRun(ctx, runId, { parameters: parametersFromForm(formData) })));
    if (result.ok) return redirect(`/runs/${result.id}`);
    return json({ error: result.error }, { status: result.error.status });
  }
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
