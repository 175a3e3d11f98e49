import { useEffect, useState } from "react";

/**
 * A timestamp in the reader's time zone. The server does not know it, so the
 * first render (server and hydration) shows UTC, marked as such, and the
 * browser swaps in local time after hydration; both fit the same width.
 */
const utcFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

export function LocalTime({ iso, timeZone, className }: { iso: string | null | undefined; timeZone?: string; className?: string }) {
  const [text, setText] = useState(() => (iso ? `${utcFormat.format(new Date(iso))} UTC` : "—"));
  useEffect(() => {
    if (!iso) return;
    // dateStyle/timeStyle cannot be combined with timeZoneName, so a named zone spells the parts out.
    const format = timeZone
      ? new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone, timeZoneName: "short" })
      : new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium" });
    setText(format.format(new Date(iso)));
  }, [iso, timeZone]);
  if (!iso) return <span className={className}>—</span>;
  return (
    <time dateTime={iso} title={iso} className={className}>
      {text}
    </time>
  );
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}
