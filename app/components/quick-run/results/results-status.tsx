import { Link } from "@remix-run/react";
import { LocalTime } from "~/components/format";
import { ReconciliationStatusBadge } from "../status-badge";
import type { ResultsData } from "./results-data";

export function ResultsStatus({ data }: { data: ResultsData }) {
  const { reconciliation } = data;
  return (
    <section aria-labelledby="status-heading" className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm">
      <h2 id="status-heading" className="sr-only">
        Status
      </h2>
      <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <dt className="text-xs text-slate-600">Status</dt>
          <dd className="mt-1" aria-live="polite">
            <ReconciliationStatusBadge status={reconciliation.status} />
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">Source</dt>
          <dd className="mt-1">
            <Link to={`/files/${data.sourceFile.id}`} className="text-indigo-700 hover:underline">
              {data.sourceFile.name}
            </Link>
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">Target</dt>
          <dd className="mt-1">
            <Link to={`/files/${data.targetFile.id}`} className="text-indigo-700 hover:underline">
              {data.targetFile.name}
            </Link>
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">Rule set</dt>
          <dd className="mt-1 text-slate-900">
            {data.ruleSet.name} <span className="text-slate-600">· version {data.ruleSet.version}</span>
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">Started</dt>
          <dd className="mt-1">{reconciliation.startedAt ? <LocalTime iso={reconciliation.startedAt} /> : "—"}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">Finished</dt>
          <dd className="mt-1">{reconciliation.finishedAt ? <LocalTime iso={reconciliation.finishedAt} /> : "—"}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">Started by</dt>
          <dd className="mt-1">{reconciliation.createdBy}</dd>
        </div>
      </dl>
    </section>
  );
}
