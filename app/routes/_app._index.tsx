import { json } from "@remix-run/node";
import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import type { ComponentType, ReactNode, SVGProps } from "react";
import { lazy, Suspense, useEffect } from "react";
import { roleAllows } from "~/core/access";
import { FilesIcon, RuleSetsIcon, StreamsIcon } from "~/components/app-shell";
import { formatCount, formatMoney, LocalTime } from "~/components/format";
import { ProblemAlert } from "~/components/problem";
import { Alert } from "~/components/ui/alert";
import { Badge, type BadgeTone } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { PageHeader } from "~/components/ui/page-header";
import { runFormAction } from "~/http/ui-action.server";
import { getDashboard } from "~/modules/dashboard/index.server";
import { loadDemoData } from "~/modules/operations/index.server";
import { uiAction, uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs, ActionFunctionArgs } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Dashboard · Reconstream" }];

/*
 * The chart library is most of this page's JavaScript, and charts only draw
 * after hydration anyway (they measure the DOM): load it as its own chunk, behind
 * a placeholder of the chart's exact height, so the first load stays small and
 * nothing moves when the charts arrive.
 */
const RunsPerDayChart = lazy(() => import("~/components/dashboard/charts").then((module) => ({ default: module.RunsPerDayChart })));
const MatchRateChart = lazy(() => import("~/components/dashboard/charts").then((module) => ({ default: module.MatchRateChart })));
const OpenByAgeChart = lazy(() => import("~/components/dashboard/charts").then((module) => ({ default: module.OpenByAgeChart })));

function ChartSlot({ children }: { children: ReactNode }) {
  return <Suspense fallback={<div className="h-[240px] w-full animate-pulse rounded bg-slate-50" aria-hidden="true" />}>{children}</Suspense>;
}

/** The browser tells us its zone in this cookie (set below), so days on the charts are the reader's days. */
const TZ_COOKIE = "rs_tz";

function timeZoneFrom(request: Request): string {
  const cookie = request.headers.get("cookie") ?? "";
  const match = cookie.match(new RegExp(`(?:^|;\\s*)${TZ_COOKIE}=([^;]+)`));
  if (!match) return "UTC";
  try {
    const zone = decodeURIComponent(match[1]!);
    return /^[A-Za-z0-9_+\-/]{1,64}$/.test(zone) ? zone : "UTC";
  } catch {
    return "UTC";
  }
}

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ request, ctx, org, role }) => {
  const dashboard = await getDashboard(ctx, { timeZone: timeZoneFrom(request) });
  return json({ orgName: org.name, dashboard, canLoadDemo: roleAllows(role, "config:write") });
});

export const action = (args: ActionFunctionArgs) =>
  uiAction(args, { permission: "config:write" }, async ({ request, ctx }) => {
  const formData = await request.formData();
  if (formData.get("intent") !== "demo") throw new Response("Unknown intent", { status: 400 });
  const result = await runFormAction(request, async () => ({ demo: await loadDemoData(ctx) }));
  return json(result, { status: result.ok ? 201 : result.error.status });
});

const POLL_MS = 3000;
const LIVE_STATES = new Set(["queued", "running", "cancelling"]);

export default function DashboardPage() {
  const { orgName, dashboard, canLoadDemo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const revalidator = useRevalidator();
  const live = dashboard.recentRuns.some((run) => LIVE_STATES.has(run.state));

  // Tell the server the browser's zone once; reload the numbers if they were bucketed in another.
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    document.cookie = `${TZ_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
    if (zone !== dashboard.timeZone) revalidator.revalidate();
    // Only on mount: the zone does not change while the page is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // While a run is going, the numbers follow it.
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [live, revalidator]);

  const empty = dashboard.totals.runs === 0;

  return (
    <>
      <PageHeader title="Dashboard" description={`Reconciliation overview for ${orgName}, last ${dashboard.days.length} days (${dashboard.timeZone}).`} />
      {actionData && !actionData.ok ? <ProblemAlert className="mb-6" problem={{ title: actionData.error.message }} /> : null}
      {actionData?.ok ? (
        <Alert tone="success" className="mb-6">
          Demo data loaded: the e-commerce template's stream is running on its sample files.{" "}
          <Link to={`/runs/${actionData.demo.runId}`} className="font-medium underline">
            Watch the run
          </Link>
          .
        </Alert>
      ) : null}
      {empty ? <GettingStarted canLoadDemo={canLoadDemo} /> : <Overview dashboard={dashboard} />}
    </>
  );
}

type Dashboard = ReturnType<typeof useLoaderData<typeof loader>>["dashboard"];

const RUN_TONES: Record<string, BadgeTone> = {
  succeeded: "success",
  partially_succeeded: "warning",
  failed: "danger",
  cancelled: "neutral",
  cancelling: "neutral",
  queued: "info",
  running: "info",
};

const SEVERITY_TONES: Record<string, BadgeTone> = { critical: "danger", high: "danger", medium: "warning", low: "neutral" };

function Overview({ dashboard }: { dashboard: Dashboard }) {
  return (
    <div className="space-y-6">
      <div className="grid gap-4 sm:grid-cols-3">
        <Stat label="Runs (all time)" value={formatCount(dashboard.totals.runs)} />
        <Stat label="Open exceptions" value={formatCount(dashboard.openExceptions)} />
        <Stat label="Overdue exceptions" value={formatCount(dashboard.overdueCount)} tone={dashboard.overdueCount > 0 ? "danger" : undefined} />
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Runs per day</CardTitle>
            <CardDescription>By outcome, on the days they started.</CardDescription>
          </CardHeader>
          <CardBody>
            <ChartSlot>
              <RunsPerDayChart data={dashboard.runsPerDay} />
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
              <MatchRateChart data={dashboard.matchRatePerDay} />
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
            <CardTitle>Amount at risk</CardTitle>
            <CardDescription>The size of every open exception, per currency (never added across currencies).</CardDescription>
          </CardHeader>
          <CardBody>
            {dashboard.amountAtRisk.length === 0 ? (
              <p className="text-sm text-slate-600">No open exceptions carry an amount.</p>
            ) : (
              <ul className="divide-y divide-slate-100" aria-label="Amount at risk by currency">
                {dashboard.amountAtRisk.map((row) => (
                  <li key={row.currency} className="flex items-baseline justify-between py-2">
                    <span className="text-sm text-slate-600">
                      {row.currency} · {formatCount(row.count)} exceptions
                    </span>
                    <span className="text-xl font-semibold tabular-nums text-slate-900">{formatMoney(row.amountMinor, row.currency)}</span>
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Recent runs</CardTitle>
            <CardDescription>Failures first, then the newest.</CardDescription>
          </CardHeader>
          <ul className="divide-y divide-slate-100" aria-label="Recent runs">
            {dashboard.recentRuns.map((run) => (
              <li key={run.id} className="flex items-center justify-between gap-3 px-6 py-3">
                <div className="min-w-0">
                  <Link to={`/runs/${run.id}`} className="block truncate text-sm font-medium text-indigo-700 hover:underline">
                    {run.streamName}
                  </Link>
                  <p className="text-xs text-slate-500">
                    <LocalTime iso={run.createdAt} />
                    {run.matches !== null ? ` · ${formatCount(run.matches)} matches` : ""}
                    {run.exceptions !== null ? ` · ${formatCount(run.exceptions)} exceptions` : ""}
                  </p>
                  {run.failure ? <p className="truncate text-xs text-red-700">{run.failure}</p> : null}
                </div>
                <Badge tone={RUN_TONES[run.state] ?? "neutral"} dot>
                  {run.state.replace("_", " ")}
                </Badge>
              </li>
            ))}
          </ul>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Overdue exceptions</CardTitle>
            <CardDescription>Past their due date (set by hand, or first seen plus the severity's SLA days), oldest due first.</CardDescription>
          </CardHeader>
          {dashboard.overdue.length === 0 ? (
            <CardBody className="text-sm text-slate-600">Nothing is overdue.</CardBody>
          ) : (
            <ul className="divide-y divide-slate-100" aria-label="Overdue exceptions">
              {dashboard.overdue.map((exception) => (
                <li key={exception.id} className="flex items-center justify-between gap-3 px-6 py-3">
                  <div className="min-w-0">
                    <Link to={`/exceptions?open=${exception.id}`} className="block truncate text-sm font-medium text-indigo-700 hover:underline">
                      {exception.type} · {exception.streamName}
                    </Link>
                    <p className="truncate text-xs text-slate-500">
                      due <LocalTime iso={exception.dueAt} style="date" /> · {exception.message}
                    </p>
                  </div>
                  <div className="flex shrink-0 items-center gap-2">
                    {exception.amountMinor !== null && exception.currency ? (
                      <span className="text-sm tabular-nums text-slate-900">{formatMoney(exception.amountMinor, exception.currency)}</span>
                    ) : null}
                    <Badge tone={SEVERITY_TONES[exception.severity] ?? "neutral"}>{exception.severity}</Badge>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}

function Stat({ label, value, tone }: { label: string; value: string; tone?: "danger" }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-sm">
      <p className="text-sm text-slate-600">{label}</p>
      <p className={`mt-1 text-2xl font-semibold tabular-nums ${tone === "danger" ? "text-red-700" : "text-slate-900"}`}>{value}</p>
    </div>
  );
}

interface Step {
  to: string;
  title: string;
  description: string;
  cta: string;
  icon: ComponentType<SVGProps<SVGSVGElement>>;
}

const steps: Step[] = [
  {
    to: "/files",
    title: "Upload files",
    description:
      "Bring in the data you reconcile: bank statements, PSP payout reports, ledger exports and order files. Every original is kept, so each match can be traced to its source row.",
    cta: "Go to Files",
    icon: FilesIcon,
  },
  {
    to: "/rule-sets",
    title: "Define rule sets",
    description:
      "Describe how records match: keys, amount and date tolerances, many-to-one groupings. Rule sets are versioned, so past runs stay explainable.",
    cta: "Go to Rule sets",
    icon: RuleSetsIcon,
  },
  {
    to: "/streams",
    title: "Build a stream",
    description:
      "Chain inputs and rule sets into a repeatable reconciliation, then run it on demand or on a schedule. Unmatched items land in Exceptions for your team to work.",
    cta: "Go to Streams",
    icon: StreamsIcon,
  },
];

function GettingStarted({ canLoadDemo }: { canLoadDemo: boolean }) {
  const navigation = useNavigation();
  const loading = navigation.state !== "idle" && navigation.formData?.get("intent") === "demo";
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader>
          <CardTitle>Getting started</CardTitle>
          <CardDescription>Three steps from raw exports to a reconciliation you can run every day.</CardDescription>
        </CardHeader>
        <CardBody>
          <ol className="grid gap-4 md:grid-cols-3" aria-label="Getting started steps">
            {steps.map((step, index) => {
              const StepIcon = step.icon;
              return (
                <li key={step.to} className="flex flex-col rounded-lg border border-slate-200 p-5">
                  <div className="flex items-center gap-3">
                    <span className="flex h-9 w-9 shrink-0 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600" aria-hidden="true">
                      <StepIcon className="h-5 w-5" />
                    </span>
                    <div>
                      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Step {index + 1}</p>
                      <h3 className="text-sm font-semibold text-slate-900">{step.title}</h3>
                    </div>
                  </div>
                  <p className="mt-3 flex-1 text-sm leading-6 text-slate-600">{step.description}</p>
                  <Link
                    to={step.to}
                    prefetch="intent"
                    className="mt-4 inline-flex items-center gap-1 text-sm font-medium text-indigo-600 hover:text-indigo-500 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
                  >
                    {step.cta}
                    <span aria-hidden="true">→</span>
                  </Link>
                </li>
              );
            })}
          </ol>
        </CardBody>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Try it with demo data</CardTitle>
          <CardDescription>
            Sets up the e-commerce payouts template (Shopify orders → Stripe charges → payouts → bank) with its sample files and runs it once, so
            you can explore matches, exceptions and lineage before bringing your own data.
          </CardDescription>
        </CardHeader>
        <CardBody>
          {canLoadDemo ? (
            <Form method="post">
              <input type="hidden" name="intent" value="demo" />
              <Button type="submit" disabled={loading}>
                {loading ? "Loading demo data…" : "Load demo data"}
              </Button>
            </Form>
          ) : (
            <p className="text-sm text-slate-600">An admin of this organization can load the demo data.</p>
          )}
        </CardBody>
      </Card>
    </div>
  );
}
