import { Badge, type BadgeTone } from "~/components/ui/badge";

/** Run and step-run states as badges, in the same words the API uses. */
const TONES: Record<string, BadgeTone> = {
  queued: "neutral",
  pending: "neutral",
  running: "info",
  retrying: "warning",
  cancelling: "warning",
  succeeded: "success",
  partially_succeeded: "warning",
  failed: "danger",
  skipped: "neutral",
  cancelled: "neutral",
};

export const RUN_END_STATES = new Set(["succeeded", "failed", "partially_succeeded", "cancelled"]);

export function StateBadge({ state }: { state: string }) {
  return (
    <Badge tone={TONES[state] ?? "neutral"} dot data-state={state}>
      {state.replace(/_/g, " ")}
    </Badge>
  );
}
