import { json, redirect, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { roleAllows } from "~/core/access";
import { flowLinks } from "~/components/streams/flow-styles";
import { type InstantiationView } from "~/components/templates/use-template-dialog";
import { instantiateInputFromForm } from "~/http/forms/template-forms.server";
import { runFormAction } from "~/http/ui-action.server";
import { orNotFound } from "~/http/ui-loader.server";
import { isFeatureEnabled } from "~/modules/tenancy/index.server";
import { templatePageView, templateParameters } from "~/modules/templates/index.server";
import { getTemplate, instantiateTemplate } from "~/modules/templates/index.server";
import { uiAction, uiLoader } from "~/http/ui-route.server";
import { TemplatePage } from "~/components/templates/template-page";
import type { LoaderFunctionArgs, ActionFunctionArgs } from "@remix-run/node";

export const links = flowLinks;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.template.name ?? "Template"} · Templates · Reconstream` }];

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ request, params, ctx, role }) => {
  const template = templatePageView(await getTemplate(ctx, params.id!));
  const canUse = roleAllows(role, "config:write") && (await isFeatureEnabled(ctx, "streams"));
  return json({
    template,
    canUse,
    openUse: canUse && new URL(request.url).searchParams.get("use") === "1",
    timeZones: canUse ? timeZoneChoices() : [],
  });
});

export const action = (args: ActionFunctionArgs) =>
  uiAction(args, { permission: "config:write" }, async ({ request, params, ctx }) => {
  const formData = await request.formData();
  if (formData.get("intent") !== "instantiate") throw new Response("Unknown intent", { status: 400 });
  const result = await runFormAction(request, async () => {
    const summary = await orNotFound(getTemplate(ctx, params.id!));
    const version = String(formData.get("version") ?? "").trim() || undefined;
    const input = instantiateInputFromForm(formData, templateParameters(summary, version));
    const created = await instantiateTemplate(ctx, summary.id, input);
    return { created: { version: created.version, ruleSets: created.ruleSets, streams: created.streams } satisfies InstantiationView };
  });
  if (!result.ok) return json({ error: result.error, created: null }, { status: result.error.status });
  if (result.created.streams.length === 1) return redirect(`/streams/${result.created.streams[0]!.id}`);
  return json({ error: null, created: result.created }, { status: 201 });
});

function timeZoneChoices(): string[] {
  return ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
}

export default function TemplateRoute() {
  return <TemplatePage data={useLoaderData<typeof loader>()} actionData={useActionData<typeof action>()} />;
}
