import { RuleSetsIcon } from "~/components/app-shell";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";

export function RuleSetsPage() {
  return (
    <>
      <PageHeader
        title="Rule sets"
        description="The matching logic that decides which records belong together."
      />
      <EmptyState
        icon={<RuleSetsIcon className="h-6 w-6" />}
        title="Rule sets are not available yet"
        description="A rule set defines how records are matched across sources: which fields must agree, the tolerances allowed on amounts and dates, and how one-to-many matches such as batched payouts are handled. Rule sets will be versioned, so you can show which rules produced a given result."
      />
    </>
  );
}
