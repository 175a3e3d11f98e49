import { Link } from "@remix-run/react";
import { Badge } from "~/components/ui/badge";
import { buttonClasses } from "~/components/ui/button";

/** One pack in the gallery: what it reconciles, its version and size, and the way in. */
export interface TemplateCardData {
  id: string;
  name: string;
  description: string;
  version: string;
  visibility: "public" | "private";
  author: string;
  keywords: string[];
  streamCount: number;
  stepCount: number;
}

export function TemplateCard({ template, canUse }: { template: TemplateCardData; canUse: boolean }) {
  const headingId = `template-${template.id}`;
  return (
    <article aria-labelledby={headingId} className="flex h-full flex-col rounded-xl border border-slate-200 bg-white p-5 shadow-sm" data-testid={`template-card-${template.id}`}>
      <div className="flex items-start justify-between gap-3">
        <h3 id={headingId} className="text-base font-semibold text-slate-900">
          <Link to={`/templates/${template.id}`} className="hover:text-indigo-700 hover:underline">
            {template.name}
          </Link>
        </h3>
        {template.visibility === "private" ? <Badge tone="info">Private</Badge> : null}
      </div>
      <p className="mt-2 line-clamp-4 flex-1 text-sm leading-6 text-slate-600">{template.description}</p>
      <dl className="mt-4 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        <div className="flex gap-1">
          <dt>Version</dt>
          <dd className="font-medium text-slate-900">{template.version}</dd>
        </div>
        <div className="flex gap-1">
          <dt>Steps</dt>
          <dd className="font-medium text-slate-900" data-testid="template-step-count">
            {template.stepCount}
          </dd>
        </div>
        <div className="flex gap-1">
          <dt>Streams</dt>
          <dd className="font-medium text-slate-900">{template.streamCount}</dd>
        </div>
        <div className="flex gap-1">
          <dt>By</dt>
          <dd className="font-medium text-slate-900">{template.author}</dd>
        </div>
      </dl>
      {canUse ? (
        <div className="mt-4 flex gap-2">
          <Link to={`/templates/${template.id}?use=1`} className={buttonClasses("primary", "sm")} aria-label={`Use ${template.name}`}>
            Use this template
          </Link>
        </div>
      ) : null}
    </article>
  );
}
