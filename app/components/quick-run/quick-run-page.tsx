import type { AdapterChoice } from "~/components/files/file-format";
import { PageHeader } from "~/components/ui/page-header";
import { RecentQuickRuns, type RecentRun } from "./recent-runs";
import type { WizardFile } from "./types";
import { QuickRunWizard } from "./wizard";

export interface QuickRunPageData {
  files: WizardFile[];
  adapters: AdapterChoice[];
  recentRuns: RecentRun[];
  canonicalFields: string[];
  can: { upload: boolean; run: boolean };
}

export function QuickRunPage({ data }: { data: QuickRunPageData }) {
  return (
    <>
      <PageHeader
        title="Quick Run"
        description="Reconcile two files in one go: pick them, check the suggested mappings and matching rules against a live preview, then run."
      />
      <QuickRunWizard files={data.files} canonicalFields={data.canonicalFields} can={data.can} adapters={data.adapters} />
      <RecentQuickRuns runs={data.recentRuns} />
    </>
  );
}
