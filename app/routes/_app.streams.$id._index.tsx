import { json, redirect, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { roleAllows } from "~/core/access";
import { canonicalSchemaOfAdapter } from "~/core/canonical";
import { parametersFromForm } from "~/components/streams/parameter-pickers";
import type { RunSummary } from "~/components/streams/run-history";
import type { TriggerView } from "~/components/streams/triggers-panel";
import { StreamDetailPage } from "~/components/streams/detail/stream-detail-page";
import { parseForm, runFormAction } from "~/http/ui-action.server";
import { orNotFound } from "~/http/ui-loader.server";
import { requestLocale } from "~/http/display.server";
import { listFiles } from "~/modules/files/index.server";
import { listRuleSets } from "~/modules/rule-sets/index.server";
import { listRunsOfStream, manualTrigger, startStreamRun } from "~/modules/streams/index.server";
import {  } from "~/api/views/triggers";
import { serializeRun } from "~/api/views/runs";
import { createTrigger, deleteTrigger, listTriggers } from "~/modules/streams/index.server";
import { serializeTrigger } from "~/api/views/triggers";
import { definitionOf, getStream, listStreamVersions, loadParameterReaders, runFilePickers, type RunDialogFile, type SchemaOfAdapter } from "~/modules/streams/index.server";
import type { TriggerConfig } from "~/modules/streams";
import { flowLinks } from "~/components/streams/flow-styles";
import { TriggerFormSchema } from "~/http/forms/stream-forms.server";
import { uiAction, uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs, ActionFunctionArgs } from "@remix-run/node";

export const links = flowLinks;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.stream.name ?? "Stream"} · Reconstream` }];

const RUN_PAGE = 50;

/** Which canonical schema a recognized format's records are: core's adapter projections. */
const schemaOfAdapter: SchemaOfAdapter = canonicalSchemaOfAdapter;

/** What the Run dialog shows of a file, and judges it by. */
function runDialogFile(file: Awaited<ReturnType<typeof listFiles>>["data"][number]): RunDialogFile {
  return { id: file.id, name: file.name, format: file.format, columns: file.detectedSchema?.columns.map((column) => column.name) ?? null, rowCount: file.rowCount, createdAt: file.createdAt.toISOString(), tags: file.tags };
}

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ request, params, ctx, role, user }) => {
  const id = params.id!;
  const loaded = await getStream(ctx, id);
  const [versions, triggers, runs, ruleSets, files] = await Promise.all([
    listStreamVersions(ctx, id),
    listTriggers(ctx, id, { limit: 100 }),
    listRunsOfStream(ctx, id, { limit: RUN_PAGE }),
    listRuleSets(ctx, { limit: 200 }),
    roleAllows(role, "runs:execute") ? listFiles(ctx, { limit: 200, status: "ready", kind: "upload" }) : Promise.resolve({ data: [] }),
  ]);
  const definition = definitionOf(loaded.version, loaded.steps);
  const readers = roleAllows(role, "runs:execute") ? await loadParameterReaders(ctx, definition) : [];
  const runSummaries: RunSummary[] = runs.data.map((run) => {
    const serialized = serializeRun(run);
    return { id: serialized.id, state: serialized.state, streamVersion: serialized.streamVersion, createdAt: serialized.createdAt, trigger: { ...serialized.trigger }, metrics: serialized.metrics ? { ...serialized.metrics } : null };
  });
  const compareIds = new URL(request.url).searchParams.getAll("compare");
  const picked = compareIds.map((runId) => runSummaries.find((run) => run.id === runId)).filter((run): run is RunSummary => Boolean(run));
  return json({
    stream: { id, name: loaded.stream.name, description: loaded.stream.description, status: loaded.stream.status, version: loaded.version.version },
    definition,
    versions: versions.map((version) => ({ version: version.version, createdBy: version.createdBy, createdAt: version.createdAt.toISOString(), sha256: version.definitionSha256 })),
    triggers: triggers.data.map((trigger) => serializeTrigger({ trigger }) as TriggerView),
    runs: runSummaries,
    compare: picked.length === 2 ? ([picked[0]!, picked[1]!] as [RunSummary, RunSummary]) : null,
    compareAsked: compareIds.length > 0 && picked.length !== 2,
    ruleSets: ruleSets.data.map(({ ruleSet }) => ({ id: ruleSet.id, name: ruleSet.name })),
    files: files.data.map((file) => ({ id: file.id, name: file.name })),
    runFiles: runFilePickers(definition, files.data.map(runDialogFile), schemaOfAdapter, readers, { timeZone: user.timeZone, locale: requestLocale(request) }),
    can: { edit: roleAllows(role, "config:write"), run: roleAllows(role, "runs:execute") },
  });
});

export const action = (args: ActionFunctionArgs) =>
  uiAction(args, async ({ request, params, ctx, requirePermission }) => {
  const id = params.id!;
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");

  if (intent === "run") {
    requirePermission("runs:execute");
    const result = await runFormAction(request, () => orNotFound(startStreamRun(ctx, id, { parameters: parametersFromForm(formData), trigger: manualTrigger(ctx) })));
    if (result.ok) return redirect(`/runs/${result.id}`);
    return json({ intent, error: result.error, created: null }, { status: result.error.status });
  }
  if (intent === "create-trigger") {
    requirePermission("config:write");
    const result = await runFormAction(request, async () => {
      const form = parseForm(TriggerFormSchema(), formData);
      const config: TriggerConfig =
        form.kind === "schedule"
          ? { kind: "schedule", cron: form.cron ?? "", timeZone: form.timeZone || "UTC", missedPolicy: "skip", catchUpMax: 3 }
          : form.kind === "inbox"
            ? { kind: "inbox", inbox: form.inbox ?? "", parameter: form.parameter ?? "" }
            : { kind: "webhook" };
      const view = await orNotFound(createTrigger(ctx, id, { name: form.name || null, config, parameters: parametersFromForm(formData) }));
      return { created: serializeTrigger(view) as TriggerView };
    });
    // The webhook secret is in this response body only: never cache it.
    return json({ intent, ...(result.ok ? { error: null, created: result.created } : { error: result.error, created: null }) }, { status: result.ok ? 201 : result.error.status, headers: { "Cache-Control": "no-store" } });
  }
  if (intent === "delete-trigger") {
    requirePermission("config:write");
    const result = await runFormAction(request, async () => {
      await orNotFound(deleteTrigger(ctx, String(formData.get("triggerId") ?? "")));
      return {};
    });
    return json({ intent, error: result.ok ? null : result.error, created: null }, { status: result.ok ? 200 : result.error.status });
  }
  throw new Response("Unknown intent", { status: 400 });
});

export default function StreamRoute() {
  return <StreamDetailPage data={useLoaderData<typeof loader>()} actionData={useActionData<typeof action>()} />;
}
