import { useNavigation } from "@remix-run/react";
import { TemplatesIcon } from "~/components/app-shell";
import { buttonClasses } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import { CatalogProblems, type RejectedPackView } from "../catalog-problems";
import { PackUploadForm, type PackUploadResult } from "../pack-upload-form";
import { TemplateFilterBar } from "./template-filter-bar";
import { TemplateGroups } from "./template-groups";
import { useTemplateFilters, type GalleryTemplate } from "./use-template-filters";

export interface TemplatesGalleryData {
  /** False when the org's `templates` flag is off. */
  enabled: boolean;
  templates: GalleryTemplate[];
  rejected: RejectedPackView[];
  can: { use: boolean; upload: boolean };
}

export function TemplatesGalleryPage({ data, uploadResult }: { data: TemplatesGalleryData; uploadResult: PackUploadResult | null }) {
  const { enabled, templates, rejected, can } = data;
  const navigation = useNavigation();
  const filters = useTemplateFilters(templates);
  const { shown } = filters;

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
              <TemplateFilterBar filters={filters} />
              <p className="text-sm text-slate-600" role="status" aria-live="polite">
                {shown.length === templates.length ? `${templates.length} template${templates.length === 1 ? "" : "s"}` : `${shown.length} of ${templates.length} templates match`}
              </p>
              <TemplateGroups filters={filters} canUse={can.use} />
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
