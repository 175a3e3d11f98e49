import { Alert } from "~/components/ui/alert";
import { RunHistory } from "../run-history";
import { StreamGraph } from "../stream-graph";
import { TriggersPanel } from "../triggers-panel";
import { RunErrorAlert } from "./run-error-alert";
import type { StreamActionData, StreamDetailData } from "./stream-detail-data";
import { StreamHeader } from "./stream-header";
import { VersionsList } from "./versions-list";

export function StreamDetailPage({ data, actionData }: { data: StreamDetailData; actionData: StreamActionData | undefined }) {
  const { stream, can } = data;
  const parameters = data.definition.settings.parameters;
  const runError = actionData?.intent === "run" ? actionData.error : null;
  return (
    <div className="space-y-8">
      <StreamHeader data={data} parameters={data.runFiles} />
      <RunErrorAlert runError={runError} />

      <section aria-labelledby="definition-heading" className="space-y-2">
        <h2 id="definition-heading" className="text-base font-semibold text-slate-900">
          Pipeline (version {stream.version})
        </h2>
        <StreamGraph definition={data.definition} ruleSets={data.ruleSets} />
      </section>

      <section aria-labelledby="runs-heading" className="space-y-2">
        <h2 id="runs-heading" className="text-base font-semibold text-slate-900">
          Runs
        </h2>
        {data.compareAsked ? <Alert tone="warning">Select exactly two runs to compare.</Alert> : null}
        <RunHistory runs={data.runs} compare={data.compare} />
      </section>

      <section aria-labelledby="triggers-heading" className="space-y-2">
        <h2 id="triggers-heading" className="text-base font-semibold text-slate-900">
          Triggers
        </h2>
        <TriggersPanel
          triggers={data.triggers}
          canEdit={can.edit && stream.status === "active"}
          parameters={parameters}
          files={data.files}
          created={actionData?.intent === "create-trigger" ? actionData.created : null}
          error={actionData && actionData.intent !== "run" ? actionData.error : null}
        />
      </section>

      <section aria-labelledby="versions-heading" className="space-y-2">
        <h2 id="versions-heading" className="text-base font-semibold text-slate-900">
          Versions
        </h2>
        <VersionsList versions={data.versions} />
      </section>
    </div>
  );
}
