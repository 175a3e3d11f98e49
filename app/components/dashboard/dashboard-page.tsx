import { Link } from "@remix-run/react";
import { ProblemAlert } from "~/components/problem";
import { Alert } from "~/components/ui/alert";
import { PageHeader } from "~/components/ui/page-header";
import type { DashboardData, DemoActionData } from "./dashboard-data";
import { GettingStarted } from "./getting-started";
import { Overview } from "./overview";
import { useDashboardRefresh } from "./use-dashboard-refresh";

export function DashboardPage({ data, actionData }: { data: DashboardData; actionData: DemoActionData | undefined }) {
  const { orgName, dashboard, canLoadDemo } = data;
  useDashboardRefresh(dashboard);

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
