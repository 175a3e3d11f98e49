import type { MetaFunction } from "@remix-run/node";
import { ExceptionsIcon } from "~/components/app-shell";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";

export const meta: MetaFunction = () => [{ title: "Exceptions · Reconstream" }];

export default function ExceptionsPage() {
  return (
    <>
      <PageHeader
        title="Exceptions"
        description="Records that need a person to look at them."
      />
      <EmptyState
        icon={<ExceptionsIcon className="h-6 w-6" />}
        title="Exception triage is not available yet"
        description="Records that could not be matched automatically, or matched with a difference, will appear here for review. You will be able to assign, comment on and resolve them, with each decision recorded in the audit trail."
      />
    </>
  );
}
