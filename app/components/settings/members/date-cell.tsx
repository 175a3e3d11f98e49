const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** Dates in UTC, so the server render and the browser agree. */
export function DateCell({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={iso}>
      {dateFormat.format(new Date(iso))}
    </time>
  );
}
