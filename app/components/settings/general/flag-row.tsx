import { useFetcher } from "@remix-run/react";
import { Badge } from "~/components/ui/badge";
import { cn } from "~/components/ui/cn";
import type { FlagView, GeneralActionData } from "./general-data";

export function FlagRow({ flag, canEdit }: { flag: FlagView; canEdit: boolean }) {
  const fetcher = useFetcher<GeneralActionData>();
  const pending = fetcher.state !== "idle";
  // Optimistic: show the requested state while the change is saving.
  const enabled = fetcher.formData ? fetcher.formData.get("enabled") === "true" : flag.enabled;
  const error = fetcher.data && !fetcher.data.ok && fetcher.state === "idle" ? fetcher.data.error : undefined;
  const descriptionId = `flag-${flag.flag}-description`;

  return (
    <li className="flex items-start justify-between gap-6 px-6 py-4">
      <div className="min-w-0">
        <p className="text-sm font-medium text-slate-900">
          {flag.label} <span className="ml-1 font-mono text-xs font-normal text-slate-500">{flag.flag}</span>
        </p>
        <p id={descriptionId} className="mt-0.5 text-sm text-slate-600">
          {flag.description}
        </p>
        {error ? (
          <p className="mt-1 text-sm text-red-700" role="alert">
            {error.message}
          </p>
        ) : null}
      </div>
      {canEdit ? (
        <fetcher.Form method="post" className="shrink-0">
          <input type="hidden" name="intent" value="setFlag" />
          <input type="hidden" name="flag" value={flag.flag} />
          <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
          <button
            type="submit"
            role="switch"
            aria-checked={enabled}
            aria-label={flag.label}
            aria-describedby={descriptionId}
            disabled={pending}
            className={cn(
              "relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors",
              "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2",
              "disabled:cursor-wait disabled:opacity-70",
              enabled ? "bg-indigo-600" : "bg-slate-300"
            )}
          >
            <span
              aria-hidden="true"
              className={cn(
                "inline-block h-5 w-5 rounded-full bg-white shadow transition-transform",
                enabled ? "translate-x-[22px]" : "translate-x-0.5"
              )}
            />
          </button>
        </fetcher.Form>
      ) : (
        <Badge tone={flag.enabled ? "success" : "neutral"} dot className="shrink-0">
          {flag.enabled ? "On" : "Off"}
        </Badge>
      )}
    </li>
  );
}
