import type { MetaFunction } from "@remix-run/node";
import { StreamsIcon } from "~/components/app-shell";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";

export const meta: MetaFunction = () => [{ title: "Streams · Reconstream" }];

export default function StreamsPage() {
  return (
    <>
      <PageHeader
        title="Streams"
        description="Recurring reconciliations between your sources."
      />
      <EmptyState
        icon={<StreamsIcon className="h-6 w-6" />}
        title="Streams are not available yet"
        description="A stream pairs two or more sources, for example a bank account and a PSP's payout reports, with a rule set, and reconciles new files as they arrive. Each stream will show its sources, its schedule and the result of its latest run."
      />
    </>
  );
}
