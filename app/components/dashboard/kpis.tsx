import { formatCount, formatMoney, formatRate, useDisplay } from "~/components/format";
import type { Dashboard } from "./dashboard-data";
import { Stat } from "./stat";

/** How many days back the open-exceptions trend compares with. */
const TREND_DAYS = 7;

/**
 * The four numbers an operator looks at first: the auto-match rate (by count
 * and by amount), the unreconciled amount, the open exceptions with their
 * week's trend, and what is overdue.
 */
export function Kpis({ dashboard }: { dashboard: Dashboard }) {
  const { locale } = useDisplay();
  const { matchRate, amountAtRisk, openPerDay } = dashboard;
  const byAmount = matchRate.byAmount.filter((entry) => entry.totalMinor > 0);
  const [largest, ...otherCurrencies] = amountAtRisk;
  const today = openPerDay.at(-1)?.open ?? dashboard.openExceptions;
  const weekAgo = openPerDay.at(-1 - TREND_DAYS)?.open ?? 0;
  const change = today - weekAgo;

  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      <Stat
        label={`Auto-match rate (${dashboard.days.length} days)`}
        value={matchRate.byCount === null ? "—" : formatRate(matchRate.matchedRows, matchRate.rowsIn, locale)}
        testId="kpi-match-rate"
        detail={
          matchRate.byCount === null
            ? "No finished steps in the period."
            : `of ${formatCount(matchRate.rowsIn, locale)} rows${byAmount.length > 0 ? ` · by amount ${byAmount.map((entry) => `${formatRate(entry.matchedMinor, entry.totalMinor, locale)} of ${entry.currency}`).join(", ")}` : ""}`
        }
      />
      <Stat
        label="Unreconciled amount"
        value={largest ? formatMoney(largest.amountMinor, largest.currency, locale) : "0"}
        testId="kpi-unreconciled"
        detail={
          largest
            ? `${formatCount(largest.count, locale)} open exceptions${otherCurrencies.length > 0 ? ` · also ${otherCurrencies.map((row) => formatMoney(row.amountMinor, row.currency, locale)).join(", ")}` : ""}`
            : "No open exception carries an amount."
        }
      />
      <Stat
        label="Open exceptions"
        value={formatCount(dashboard.openExceptions, locale)}
        testId="kpi-open"
        detail={change === 0 ? `No change in ${TREND_DAYS} days` : `${change > 0 ? "▲ up" : "▼ down"} ${formatCount(Math.abs(change), locale)} in ${TREND_DAYS} days`}
      />
      <Stat
        label="Overdue exceptions"
        value={formatCount(dashboard.overdueCount, locale)}
        tone={dashboard.overdueCount > 0 ? "danger" : undefined}
        detail={`${formatCount(dashboard.totals.runs, locale)} run${dashboard.totals.runs === 1 ? "" : "s"} in all`}
      />
    </div>
  );
}
