import { json, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSearchParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { useMemo, useState } from "react";
import { roleAllows } from "~/core/access";
import { TemplatesIcon } from "~/components/app-shell";
import { CatalogProblems } from "~/components/templates/catalog-problems";
import { industryLabel } from "~/components/templates/industry";
import { PackUploadForm, type PackUploadResult } from "~/components/templates/pack-upload-form";
import { TemplateCard } from "~/components/templates/template-card";
import { Button, buttonClasses } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { Field, Input } from "~/components/ui/input";
import { PageHeader } from "~/components/ui/page-header";
import { Select } from "~/components/ui/select";
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

export default function TemplatesPage() {
  const { enabled, templates, rejected, can } = useLoaderData<typeof loader>();
  const uploadResult = useActionData<typeof action>() ?? null;
  const navigation = useNavigation();
  const [searchParams, setSearchParams] = useSearchParams();
  const [query, setQuery] = useState(searchParams.get("q") ?? "");
  const [industry, setIndustry] = useState(searchParams.get("industry") ?? "");

  const industries = useMemo(() => [...new Set(templates.map((template) => template.industry))].sort((a, b) => industryLabel(a).localeCompare(industryLabel(b))), [templates]);
  const shown = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return templates.filter((template) => {
      if (industry && template.industry !== industry) return false;
      const haystack = [template.name, template.description, template.id, industryLabel(template.industry), template.author, ...template.keywords].join(" ").toLowerCase();
      return words.every((word) => haystack.includes(word));
    });
  }, [templates, query, industry]);
  const groups = useMemo(() => industries.map((key) => ({ key, templates: shown.filter((template) => template.industry === key) })).filter((group) => group.templates.length > 0), [industries, shown]);

  // The filters live in the URL too, so a filtered gallery can be shared and survives a reload.
  const updateFilters = (next: { q?: string; industry?: string }) => {
    const params = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(next)) {
      if (value) params.set(key, value);
      else params.delete(key);
    }
    setSearchParams(params, { replace: true, preventScrollReset: true });
  };
  const clearFilters = () => {
    setQuery("");
    setIndustry("");
    updateFilters({ q: "", industry: "" });
  };

  // Opening a pack from the gallery: the gallery dims until the pack page is there.
  const loading = navigation.state === "loading" && navigation.location.pathname.startsWith("/templates/");

  return (
    <>
      <PageHeader
        title="Templates"
        description="Ready reconciliations by industry: the file kinds, rule sets and pipelines, tested on sample data. Use one to get your own copy, then adjust it."
        actions={
          enabled && can.upload ? (
            <a href="#upload-pack" className={buttonClasses("secondary", "md")}>
              Upload a private pack
            </a>
          ) : null
        }
      />
      {!enabled ? (
        <EmptyState
          icon={<TemplatesIcon className="h-6 w-6" />}
          title="Templates are turned off for this organization"
          description="An owner can turn on the “templates” feature flag in Settings."
        />
      ) : (
        <div className={loading ? "space-y-8 opacity-60 transition-opacity" : "space-y-8"} aria-busy={loading || undefined}>
          {rejected.length > 0 ? <CatalogProblems packs={rejected} /> : null}
          {templates.length === 0 ? (
            <EmptyState
              icon={<TemplatesIcon className="h-6 w-6" />}
              title="No templates installed"
              description={can.upload ? "Bundled packs load from plugins/ when the app starts. Upload a private pack below." : "An admin can install or upload template packs."}
            />
          ) : (
            <>
              <div role="search" className="flex flex-wrap items-end gap-3" aria-label="Filter templates">
                <Field label="Search templates" className="min-w-[16rem] flex-1">
                  <Input
                    type="search"
                    value={query}
                    placeholder="Name, provider, keyword…"
                    onChange={(event) => {
                      setQuery(event.target.value);
                      updateFilters({ q: event.target.value.trim() });
                    }}
                  />
                </Field>
                <Field label="Industry" className="w-56">
                  <Select
                    value={industry}
                    onChange={(event) => {
                      setIndustry(event.target.value);
                      updateFilters({ industry: event.target.value });
                    }}
                  >
                    <option value="">All industries</option>
                    {industries.map((key) => (
                      <option key={key} value={key}>
                        {industryLabel(key)}
                      </option>
                    ))}
                  </Select>
                </Field>
              </div>
              <p className="text-sm text-slate-600" role="status" aria-live="polite">
                {shown.length === templates.length ? `${templates.length} template${templates.length === 1 ? "" : "s"}` : `${shown.length} of ${templates.length} templates match`}
              </p>
              {groups.length === 0 ? (
                <EmptyState
                  title="No template matches"
                  description="Try another word, or look in all industries."
                  action={
                    <Button type="button" variant="secondary" onClick={clearFilters}>
                      Clear filters
                    </Button>
                  }
                />
              ) : (
                groups.map((group) => (
                  <section key={group.key} aria-labelledby={`industry-${group.key}`} className="space-y-3" data-testid={`industry-${group.key}`}>
                    <h2 id={`industry-${group.key}`} className="text-base font-semibold text-slate-900">
                      {industryLabel(group.key)}
                    </h2>
                    <ul className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
                      {group.templates.map((template) => (
                        <li key={template.id}>
                          <TemplateCard template={template} canUse={can.use} />
                        </li>
                      ))}
                    </ul>
                  </section>
                ))
              )}
            </>
          )}
          {can.upload ? (
            <div id="upload-pack" className="scroll-mt-6">
              <PackUploadForm result={uploadResult} />
            </div>
          ) : null}
        </div>
      )}
    </>
  );
}
