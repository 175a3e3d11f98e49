import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { industryLabel } from "../industry";
import { TemplateCard } from "../template-card";
import type { TemplateFilters } from "./use-template-filters";

/** The filtered templates, one section per industry. */
export function TemplateGroups({ filters, canUse }: { filters: TemplateFilters; canUse: boolean }) {
  const { groups, clearFilters } = filters;
  if (groups.length === 0) {
    return (
      <EmptyState
        title="No template matches"
        description="Try another word, or look in all industries."
        action={
          <Button type="button" variant="secondary" onClick={clearFilters}>
            Clear filters
          </Button>
        }
      />
    );
  }
  return (
    <>
      {groups.map((group) => (
        <section key={group.key} aria-labelledby={`industry-${group.key}`} className="space-y-3" data-testid={`industry-${group.key}`}>
          <h2 id={`industry-${group.key}`} className="text-base font-semibold text-slate-900">
            {industryLabel(group.key)}
          </h2>
          <ul className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
            {group.templates.map((template) => (
              <li key={template.id}>
                <TemplateCard template={template} canUse={canUse} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
