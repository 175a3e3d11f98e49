import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";

/** While something is still processing the page reloads its data; it stops once nothing is, or while the tab is hidden. */
export function usePollWhile(active: boolean, intervalMs: number) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs, revalidator]);
  return revalidator;
}
