import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireSessionUser } from "~/auth/session-user.server";
import { StreamEditorPage } from "~/components/streams/stream-editor-page";
import { PageHeader } from "~/components/ui/page-header";
import { readLoadContext } from "~/http/load-context";
import { editorChoices, runEditorSave } from "~/http/stream-editor.server";
import { orNotFound, requireRole } from "~/http/ui-loader.server";
import { createStream } from "~/services/streams.server";
import { assertStreamsEnabled } from "~/services/streams-feature.server";
import { emptyDraft } from "~/streams/editor-model";
import { flowLinks } from "~/components/streams/flow-styles";

export const links = flowLinks;

export const meta: MetaFunction = () => [{ title: "New stream · Reconstream" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, role } = await requireSessionUser(request, readLoadContext(context).requestId);
  requireRole(role, "config:write");
  await orNotFound(assertStreamsEnabled(ctx));
  return json({ choices: await editorChoices(ctx) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx, role } = await requireSessionUser(request, readLoadContext(context).requestId);
  requireRole(role, "config:write");
  const result = await runEditorSave(request, await request.formData(), (input) => createStream(ctx, input));
  if (result.ok) return redirect(`/streams/${result.value.stream.id}/edit?saved=1`);
  return json({ error: result.error }, { status: 422 });
}

export default function NewStreamPage() {
  const { choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader title="New stream" description="Add inputs and steps, connect them, and save. Nothing runs until you start a run." />
      <StreamEditorPage draft={emptyDraft()} draftKey="new" choices={choices} validation={null} saved={null} saveError={actionData?.error ?? null} />
    </>
  );
}
