import type { MetaFunction } from "@remix-run/node";
import { RunsIcon } from "~/components/app-shell";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";

export const meta: MetaFunction = () => [{ title: "Runs · Reconstream" }];

export default function RunsPage() {
  return (
    <>
      <PageHeader
        title="Runs"
        description="The history of every reconciliation that has been run."
      />
      <EmptyState
        icon={<RunsIcon className="h-6 w-6" />}
        title="Runs are not available yet"
        description="Each run will be listed here with its input files, the rule set version it used, and its results: matched, partially matched and unmatched records, with totals per currency. Runs will be kept so that results can be reproduced for an audit."
      />
    </>
  );
}
