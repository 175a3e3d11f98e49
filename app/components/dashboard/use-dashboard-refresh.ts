import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import type { Dashboard } from "./dashboard-data";

const POLL_MS = 3000;
const LIVE_STATES = new Set(["queued", "running", "cancelling"]);

/** Keeps the numbers current while a run is still going. */
export function useDashboardRefresh(dashboard: Dashboard): void {
  const revalidator = useRevalidator();
  const live = dashboard.recentRuns.some((run) => LIVE_STATES.has(run.state));

  // While a run is going, the numbers follow it.
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [live, revalidator]);
}
