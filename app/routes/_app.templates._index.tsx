import { json, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { roleAllows } from "~/core/access";
import type { PackUploadResult } from "~/components/templates/pack-upload-form";
import { TemplatesGalleryPage } from "~/components/templates/gallery/templates-gallery-page";
import { DomainError, NotFound } from "~/core/errors/domain-errors";
import { isFeatureEnabled } from "~/modules/tenancy/index.server";
import { rejectedPackView, templateCardView, type TemplateCardView } from "~/modules/templates/index.server";
import { listTemplates, uploadTemplate } from "~/modules/templates/index.server";
import { readPackUpload } from "~/modules/templates/index.server";
import { uiAction, uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs, ActionFunctionArgs } from "@remix-run/node";

type RejectedPack = ReturnType<typeof rejectedPackView>;

export const meta: MetaFunction = () => [{ title: "Templates · Reconstream" }];

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ ctx, role }) => {
  const isAdmin = roleAllows(role, "config:write");
  let catalog: Awaited<ReturnType<typeof listTemplates>>;
  try {
    catalog = await listTemplates(ctx);
  } catch (error) {
    // listTemplates answers NotFound when the org's `templates` flag is off.
    if (error instanceof NotFound) return json({ enabled: false as const, templates: [] as TemplateCardView[], rejected: [] as RejectedPack[], can: { use: false, upload: false } });
    throw error;
  }
  return json({
    enabled: true as const,
    templates: catalog.templates.map(templateCardView),
    // Problems name files and pointers inside packs: for the people who fix them.
    rejected: isAdmin ? catalog.rejected.map(rejectedPackView) : [],
    can: { use: isAdmin && (await isFeatureEnabled(ctx, "streams")), upload: isAdmin },
  });
});

/** Filtering happens in the browser: a change of `q` or `industry` alone does not reload the catalog. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, formMethod, defaultShouldRevalidate }) => {
  if (formMethod === undefined && currentUrl.pathname === nextUrl.pathname) return false;
  return defaultShouldRevalidate;
};

export const action = (args: ActionFunctionArgs) =>
  uiAction(args, { permission: "config:write" }, async ({ request, ctx }) => {
  try {
    const { summary, created } = await uploadTemplate(ctx, await readPackUpload(request));
    const result: PackUploadResult = { ok: true, created, template: { id: summary.id, name: summary.latest.name, version: summary.latest.version } };
    return json(result, { status: created ? 201 : 200 });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const result: PackUploadResult = { ok: false, problem: { title: error.title, status: error.status, detail: error.message, errors: error.errors } };
    return json(result, { status: error.status });
  }
});

export default function TemplatesRoute() {
  return <TemplatesGalleryPage data={useLoaderData<typeof loader>()} uploadResult={useActionData<typeof action>() ?? null} />;
}
