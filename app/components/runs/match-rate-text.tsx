import { formatRate, useDisplay } from "~/components/format";
import type { MatchRate } from "~/core/streams/match-rate";

/** "94.7% of rows · 96.1% of USD": the auto-match rate by count, then by amount per currency. */
export function matchRateParts(rate: MatchRate | null, locale: string): { count: string; amounts: string[] } {
  if (!rate || rate.byCount === null) return { count: "—", amounts: [] };
  return {
    count: formatRate(rate.matchedRows, rate.rowsIn, locale),
    amounts: rate.byAmount.filter((entry) => entry.totalMinor > 0).map((entry) => `${formatRate(entry.matchedMinor, entry.totalMinor, locale)} of ${entry.currency}`),
  };
}

export function MatchRateText({ rate, className }: { rate: MatchRate | null; className?: string }) {
  const { locale } = useDisplay();
  const parts = matchRateParts(rate, locale);
  if (parts.count === "—") return <span className={className}>—</span>;
  const title = rate ? `${rate.matchedRows} of ${rate.rowsIn} rows in scope matched by the rules` : undefined;
  return (
    <span className={className} title={title}>
      {parts.count} of rows
      {parts.amounts.length > 0 ? ` · ${parts.amounts.join(" · ")}` : ""}
    </span>
  );
}
