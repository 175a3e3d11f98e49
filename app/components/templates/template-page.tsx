import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Badge } from "~/components/ui/badge";
import { PageHeader } from "~/components/ui/page-header";
import type { FormError } from "~/http/ui-action.server";
import { industryLabel } from "./industry";
import { InputsSection, ParametersSection, PipelinesSection, RunbookSection, SamplesSection, VersionsSection, type TemplateView } from "./template-sections";
import { UseTemplateDialog, type InstantiationView } from "./use-template-dialog";

export interface TemplatePageData {
  template: TemplateView;
  canUse: boolean;
  openUse: boolean;
  timeZones: string[];
}

export function TemplatePage({ data, actionData }: { data: TemplatePageData; actionData: { error: FormError | null; created: InstantiationView | null } | undefined }) {
  const { template, canUse, openUse, timeZones } = data;
  return (
    <div className="space-y-10">
      <div>
        <nav aria-label="Breadcrumb" className="mb-2 text-sm">
          <Link to="/templates" className="text-indigo-700 underline hover:text-indigo-900">
            Templates
          </Link>
          <span aria-hidden="true" className="text-slate-400">
            {" "}
            /{" "}
          </span>
          <span className="text-slate-600">{industryLabel(template.industry)}</span>
        </nav>
        <PageHeader
          title={template.name}
          description={template.description}
          actions={
            canUse ? (
              <UseTemplateDialog
                template={{
                  id: template.id,
                  name: template.name,
                  version: template.version,
                  versions: template.versions.map((version) => version.version),
                  parameters: template.parameters,
                  streamCount: template.streamCount,
                }}
                timeZones={timeZones}
                openInitially={openUse}
                error={actionData?.error ?? null}
                created={actionData?.created ?? null}
              />
            ) : null
          }
        />
        <dl className="-mt-4 flex flex-wrap gap-x-6 gap-y-2 text-sm" data-testid="template-facts">
          <Fact label="Version">
            {template.version}
            {template.versionCount > 1 ? ` (${template.versionCount} versions)` : ""}
          </Fact>
          <Fact label="Industry">{industryLabel(template.industry)}</Fact>
          <Fact label="Pipelines">
            {template.streamCount} stream{template.streamCount === 1 ? "" : "s"}, {template.stepCount} step{template.stepCount === 1 ? "" : "s"}
          </Fact>
          <Fact label="Author">{template.author}</Fact>
          <Fact label="License">{template.license}</Fact>
          <Fact label="Engine">{template.engine}</Fact>
          <Fact label="Visibility">{template.visibility === "private" ? <Badge tone="info">Private to your organization</Badge> : "Public"}</Fact>
        </dl>
        {template.keywords.length > 0 ? (
          <ul className="mt-3 flex flex-wrap gap-1.5" aria-label="Keywords">
            {template.keywords.map((keyword) => (
              <li key={keyword}>
                <Badge>{keyword}</Badge>
              </li>
            ))}
          </ul>
        ) : null}
      </div>

      <PipelinesSection template={template} />

      <ParametersSection template={template} />

      <InputsSection template={template} />

      <SamplesSection template={template} />

      <RunbookSection template={template} />

      <VersionsSection template={template} />
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex gap-1.5">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-slate-900">{children}</dd>
    </div>
  );
}
