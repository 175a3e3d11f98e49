import type { MetaFunction } from "@remix-run/node";
import { TemplatesIcon } from "~/components/app-shell";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";

export const meta: MetaFunction = () => [{ title: "Templates · Reconstream" }];

export default function TemplatesPage() {
  return (
    <>
      <PageHeader
        title="Templates"
        description="Starting points for common reconciliations."
      />
      <EmptyState
        icon={<TemplatesIcon className="h-6 w-6" />}
        title="Templates are not available yet"
        description="Templates will provide preconfigured sources and rule sets for common cases, such as payment processor payouts against bank deposits or orders against PSP settlements. Starting from a template will create a stream you can review and adjust before it runs."
      />
    </>
  );
}
