import { LocalTime } from "~/components/ui/local-time";
import type { StreamVersionRow } from "./stream-detail-data";

export function VersionsList({ versions }: { versions: StreamVersionRow[] }) {
  return (
    <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
      {versions.map((version) => (
        <li key={version.version} className="flex flex-wrap items-center gap-3 px-4 py-2">
          <span className="font-medium text-slate-900">v{version.version}</span>
          <LocalTime iso={version.createdAt} className="text-slate-700" />
          <span className="text-slate-600">by {version.createdBy}</span>
          <span className="font-mono text-xs text-slate-500" title={version.sha256}>
            sha256 {version.sha256.slice(0, 12)}…
          </span>
        </li>
      ))}
    </ol>
  );
}
