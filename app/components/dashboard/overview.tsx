import type { ReactNode } from "react";
import { lazy, Suspense } from "react";
import { formatCount, formatMoney, useDisplay } from "~/components/format";
import { Card, CardBody, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import type { Dashboard } from "./dashboard-data";
import { OverdueExceptionsCard, RecentRunsCard } from "./recent-lists";
import { Kpis } from "./kpis";

/*
 * The chart library is most of this page's JavaScript, and charts only draw
 * after hydration anyway (they measure the DOM): load it as its own chunk, behind
 * a placeholder of the chart's exact height, so the first load stays small and
 * nothing moves when the charts arrive.
 */
const RunsPerDayChart = lazy(() => import("./charts").then((module) => ({ default: module.RunsPerDayChart })));
const MatchRateChart = lazy(() => import("./charts").then((module) => ({ default: module.MatchRateChart })));
const OpenByAgeChart = lazy(() => import("./charts").then((module) => ({ default: module.OpenByAgeChart })));
const OpenTrendChart = lazy(() => import("./charts").then((module) => ({ default: module.OpenTrendChart })));

function ChartSlot({ children }: { children: ReactNode }) {
  return <Suspense fallback={<div className="h-[240px] w-full animate-pulse rounded bg-slate-50" aria-hidden="true" />}>{children}</Suspense>;
}

export function Overview({ dashboard }: { dashboard: Dashboard }) {
  const { locale } = useDisplay();
  return (
    <div className="space-y-6">
      <Kpis dashboard={dashboard} />

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Runs per day</CardTitle>
            <CardDescription>By outcome, on the days they started.</CardDescription>
          </CardHeader>
          <CardBody>
            <ChartSlot>
              <RunsPerDayChart data={dashboard.runsPerDay} locale={locale} />
            </ChartSlot>
          </CardBody>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Auto-match rate</CardTitle>
            <CardDescription>Rows matched by rules over rows in, per day of finished steps.</CardDescription>
          </CardHeader>
          <CardBody>
            <ChartSlot>
              <MatchRateChart data={dashboard.matchRatePerDay} locale={locale} />
            </ChartSlot>
          </CardBody>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Open exceptions by age</CardTitle>
            <CardDescription>Days since first seen, by severity.</CardDescription>
          </CardHeader>
          <CardBody>
            <ChartSlot>
              <OpenByAgeChart data={dashboard.openByAge} />
            </ChartSlot>
          </CardBody>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Open exceptions over time</CardTitle>
            <CardDescription>Open at the end of each day: first seen by then and not yet resolved.</CardDescription>
          </CardHeader>
          <CardBody>
            <ChartSlot>
              <OpenTrendChart data={dashboard.openPerDay} locale={locale} />
            </ChartSlot>
          </CardBody>
        </Card>
        <AmountAtRiskCard amountAtRisk={dashboard.amountAtRisk} locale={locale} />
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <RecentRunsCard runs={dashboard.recentRuns} />
        <OverdueExceptionsCard overdue={dashboard.overdue} />
      </div>
    </div>
  );
}

function AmountAtRiskCard({ amountAtRisk, locale }: { amountAtRisk: Dashboard["amountAtRisk"]; locale: string }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Amount at risk</CardTitle>
        <CardDescription>The size of every open exception, per currency (never added across currencies).</CardDescription>
      </CardHeader>
      <CardBody>
        {amountAtRisk.length === 0 ? (
          <p className="text-sm text-slate-600">No open exceptions carry an amount.</p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Amount at risk by currency">
            {amountAtRisk.map((row) => (
              <li key={row.currency} className="flex items-baseline justify-between py-2">
                <span className="text-sm text-slate-600">
                  {row.currency} · {formatCount(row.count, locale)} exceptions
                </span>
                <span className="text-xl font-semibold tabular-nums text-slate-900">{formatMoney(row.amountMinor, row.currency, locale)}</span>
              </li>
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}
