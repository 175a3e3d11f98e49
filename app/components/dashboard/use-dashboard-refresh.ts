import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import type { Dashboard } from "./dashboard-data";
import { TZ_COOKIE } from "./time-zone-cookie";

const POLL_MS = 3000;
const LIVE_STATES = new Set(["queued", "running", "cancelling"]);

/** Keeps the numbers current: bucketed in the reader's zone, and following any run still going. */
export function useDashboardRefresh(dashboard: Dashboard): void {
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
}
