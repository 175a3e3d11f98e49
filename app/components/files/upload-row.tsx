import { Link } from "@remix-run/react";
import { formatBytes } from "~/components/format";
import { ProblemAlert, type ProblemView } from "~/components/problem";
import { Button } from "~/components/ui/button";
import { cn } from "~/components/ui/cn";

/** One file on its way: its progress, and once the server answered, what became of it. */
export interface UploadItem {
  key: string;
  name: string;
  size: number;
  loaded: number;
  state: "uploading" | "processing" | "done" | "failed" | "cancelled";
  problem?: ProblemView;
  fileId?: string;
  warning?: string | null;
}

export function UploadRow({ item, onCancel }: { item: UploadItem; onCancel: () => void }) {
  const percent = item.size === 0 ? 100 : Math.floor((item.loaded / item.size) * 100);
  const label = `Upload of ${item.name}`;
  return (
    <li className="rounded-lg border border-slate-200 bg-white px-4 py-3">
      <div className="flex items-center justify-between gap-4">
        <div className="min-w-0">
          <p className="truncate text-sm font-medium text-slate-900">
            {item.fileId ? (
              <Link to={`/files/${item.fileId}`} className="text-indigo-700 underline">
                {item.name}
              </Link>
            ) : (
              item.name
            )}
          </p>
          <p className="text-xs tabular-nums text-slate-500" aria-live="polite">
            {item.state === "uploading"
              ? `${formatBytes(item.loaded)} of ${formatBytes(item.size)} sent`
              : item.state === "processing"
                ? `${formatBytes(item.size)} sent, checking…`
                : item.state === "done"
                  ? `Uploaded ${formatBytes(item.size)}; profiling in the background`
                  : item.state === "cancelled"
                    ? "Cancelled; nothing was kept"
                    : "Failed"}
          </p>
        </div>
        {item.state === "uploading" || item.state === "processing" ? (
          <Button type="button" variant="secondary" size="sm" onClick={onCancel} aria-label={`Cancel upload of ${item.name}`}>
            Cancel
          </Button>
        ) : null}
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}% (${formatBytes(item.loaded)} of ${formatBytes(item.size)})`}
        className="mt-2 h-2 w-full overflow-hidden rounded-full bg-slate-100"
      >
        <div
          className={cn(
            "h-full rounded-full transition-[width] duration-150",
            item.state === "failed" ? "bg-red-500" : item.state === "cancelled" ? "bg-slate-400" : item.state === "done" ? "bg-emerald-500" : "bg-indigo-600",
          )}
          style={{ width: `${percent}%` }}
        />
      </div>
      {item.warning ? <p className="mt-2 text-xs text-amber-800">{item.warning}</p> : null}
      {item.problem ? <ProblemAlert problem={item.problem} className="mt-2" /> : null}
    </li>
  );
}
