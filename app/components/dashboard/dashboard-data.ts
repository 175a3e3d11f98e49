import type { SerializeFrom } from "@remix-run/node";
import type { getDashboard } from "~/modules/dashboard/index.server";

/** The dashboard as the page receives it: the loader sends getDashboard's result as JSON. */
export type Dashboard = SerializeFrom<Awaited<ReturnType<typeof getDashboard>>>;

export interface DashboardData {
  orgName: string;
  dashboard: Dashboard;
  canLoadDemo: boolean;
}

/** What the "Load demo data" action answers: the run it started, or why it could not. */
export type DemoActionData = { ok: true; demo: { runId: string } } | { ok: false; error: { message: string } };
