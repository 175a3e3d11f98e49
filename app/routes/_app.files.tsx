import type { MetaFunction } from "@remix-run/node";
import { FilesIcon } from "~/components/app-shell";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";

export const meta: MetaFunction = () => [{ title: "Files · Reconstream" }];

export default function FilesPage() {
  return (
    <>
      <PageHeader
        title="Files"
        description="Source data for reconciliation: bank statements, PSP payout reports, ledgers and order exports."
      />
      <EmptyState
        icon={<FilesIcon className="h-6 w-6" />}
        title="File uploads are not available yet"
        description="Upload bank statements, PSP payout reports and order exports here. Reconstream will detect each file's schema and keep the original, so every reconciled record can be traced back to the row it came from."
      />
    </>
  );
}
