import { json, redirect, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { flowLinks } from "~/components/streams/flow-styles";
import { NewStreamPage } from "~/components/streams/new/new-stream-page";
import { scratchStartOf } from "~/http/forms/stream-wizard-forms.server";
import { editorChoices, runEditorSave } from "~/http/stream-editor.server";
import { isFeatureEnabled } from "~/modules/tenancy/index.server";
import { createStream } from "~/modules/streams/index.server";
import { assertStreamsEnabled } from "~/modules/streams/index.server";
import { templateCardView } from "~/modules/templates/index.server";
import { listTemplates } from "~/modules/templates/index.server";
import { uiAction, uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs, ActionFunctionArgs } from "@remix-run/node";

export const links = flowLinks;

export const meta: MetaFunction = () => [{ title: "New stream · Reconstream" }];

/**
 * The new-stream wizard: start from scratch (a name, the file inputs, how
 * many steps → the visual editor with those in place) or from a template
 * (→ the pack's "Use this template" dialog). The editor itself saves here.
 */
export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, { permission: "config:write" }, async ({ request, ctx }) => {
  await assertStreamsEnabled(ctx);
  const scratch = scratchStartOf(new URL(request.url).searchParams);
  if (scratch) return json({ step: "editor" as const, scratch, choices: await editorChoices(ctx), templates: [] });
  const templates = (await isFeatureEnabled(ctx, "templates")) ? (await listTemplates(ctx)).templates.map(templateCardView) : [];
  return json({ step: "choose" as const, scratch: null, choices: null, templates });
});

export const action = (args: ActionFunctionArgs) =>
  uiAction(args, { permission: "config:write" }, async ({ request, ctx }) => {
  const result = await runEditorSave(request, await request.formData(), (input) => createStream(ctx, input));
  if (result.ok) return redirect(`/streams/${result.value.stream.id}/edit?saved=1`);
  return json({ error: result.error }, { status: 422 });
});

export default function NewStreamRoute() {
  return <NewStreamPage data={useLoaderData<typeof loader>()} saveError={useActionData<typeof action>()?.error ?? null} />;
}
