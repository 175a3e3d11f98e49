import { json } from "@remix-run/node";
import type { MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { roleAllows } from "~/core/access";
import { runFormAction, parseForm } from "~/http/ui-action.server";
import { listFeatureFlags, setFeatureFlag, type FeatureFlag } from "~/modules/tenancy/index.server";
import { getOrganization, renameOrganization, setUserTimeZone, validTimeZone } from "~/modules/tenancy/index.server";
import { ValidationFailed } from "~/core/errors/domain-errors";
import { FeatureFlagSchema, RenameOrganizationSchema } from "~/http/forms/settings-forms.server";
import { uiAction, uiLoader } from "~/http/ui-route.server";
import { GeneralSettings } from "~/components/settings/general/general-settings";
import type { LoaderFunctionArgs, ActionFunctionArgs } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "General settings · Reconstream" }];

const FLAG_LABELS: Record<FeatureFlag, string> = {
  streams: "Streams",
  templates: "Templates",
  dataSources: "Data sources",
};

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ ctx, role, user }) => {
  const [organization, flags] = await Promise.all([getOrganization(ctx), listFeatureFlags(ctx)]);
  return json({
    organization: { id: organization.id, name: organization.name, createdAt: organization.createdAt.toISOString() },
    flags: flags.map((f) => ({ ...f, label: FLAG_LABELS[f.flag] ?? f.flag })),
    canEdit: roleAllows(role, "org:settings"),
    timeZone: user.timeZone,
  });
});

export const action = (args: ActionFunctionArgs) =>
  uiAction(args, async ({ request, ctx, user, requirePermission }) => {
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");

  // A member's own display zone is theirs to set, whatever their role; the rest is the org's and needs org:settings.
  if (intent === "timeZone") {
    const result = await runFormAction(request, async () => {
      const timeZone = validTimeZone(String(formData.get("timeZone") ?? "").trim());
      if (!timeZone) throw new ValidationFailed("Choose a time zone from the list.", { errors: [{ pointer: "/timeZone", message: "Not a known time zone" }] });
      await setUserTimeZone(user.id, timeZone);
      return { timeZone };
    });
    return json({ intent: "timeZone" as const, ...result }, { status: result.ok ? 200 : result.error.status });
  }
  requirePermission("org:settings");

  if (intent === "rename") {
    const result = await runFormAction(request, async () => {
      const { name } = parseForm(RenameOrganizationSchema(), formData);
      const organization = await renameOrganization(ctx, name);
      return { name: organization.name };
    });
    return json({ intent: "rename" as const, ...result }, { status: result.ok ? 200 : result.error.status });
  }
  if (intent === "setFlag") {
    const result = await runFormAction(request, async () => {
      const { flag, enabled } = parseForm(FeatureFlagSchema(), formData);
      await setFeatureFlag(ctx, flag, enabled === "true");
      return { flag, enabled: enabled === "true" };
    });
    return json({ intent: "setFlag" as const, ...result }, { status: result.ok ? 200 : result.error.status });
  }
  throw new Response("Unknown intent", { status: 400 });
});

export default function GeneralSettingsRoute() {
  return <GeneralSettings data={useLoaderData<typeof loader>()} actionData={useActionData<typeof action>()} />;
}
