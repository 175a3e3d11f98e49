import { LocalTime } from "~/components/format";

/** A day in the reader's zone (the server renders it in that zone too). */
export function DateCell({ iso }: { iso: string }) {
  return (
    <LocalTime iso={iso} style="date" />
  );
}
