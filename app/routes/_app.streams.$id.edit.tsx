import { json, redirect, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { EditStreamPage } from "~/components/streams/editor/edit-stream-page";
import { editorChoices, runEditorSave } from "~/http/stream-editor.server";
import { orNotFound } from "~/http/ui-loader.server";
import { validateStream } from "~/modules/streams/index.server";
import { definitionOf, getStream, getStreamVersion, updateStream } from "~/modules/streams/index.server";
import { diffDefinitions } from "~/modules/streams";
import { definitionToDraft } from "~/modules/streams";
import { flowLinks } from "~/components/streams/flow-styles";
import { uiAction, uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs, ActionFunctionArgs } from "@remix-run/node";

export const links = flowLinks;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Edit ${data?.name ?? "stream"} · Reconstream` }];

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, { permission: "config:write" }, async ({ request, params, ctx }) => {
  const id = params.id!;
  const loaded = await getStream(ctx, id);
  const definition = definitionOf(loaded.version, loaded.steps);
  const [choices, report] = await Promise.all([editorChoices(ctx), validateStream(ctx, id)]);
  // ?saved=n: the page right after a save shows what changed against version n-1.
  const savedParam = Number(new URL(request.url).searchParams.get("saved"));
  let saved = null;
  if (Number.isInteger(savedParam) && savedParam === loaded.version.version) {
    const previous = savedParam > 1 ? await getStreamVersion(ctx, id, savedParam - 1) : null;
    saved = { version: savedParam, streamId: id, diff: previous ? diffDefinitions(definitionOf(previous.version, previous.steps), definition) : null };
  }
  return json({
    id,
    name: loaded.stream.name,
    version: loaded.version.version,
    versionId: loaded.version.id,
    draft: definitionToDraft(definition, { name: loaded.stream.name, description: loaded.stream.description }),
    choices,
    validation: { ready: report.ready, problems: report.problems },
    saved,
  });
});

export const action = (args: ActionFunctionArgs) =>
  uiAction(args, { permission: "config:write" }, async ({ request, params, ctx }) => {
  const id = params.id!;
  const result = await runEditorSave(request, await request.formData(), (input) => orNotFound(updateStream(ctx, id, input)));
  if (result.ok) return redirect(`/streams/${id}/edit?saved=${result.value.version.version}`);
  return json({ error: result.error }, { status: 422 });
});

export default function EditStreamRoute() {
  return <EditStreamPage data={useLoaderData<typeof loader>()} saveError={useActionData<typeof action>()?.error ?? null} />;
}
