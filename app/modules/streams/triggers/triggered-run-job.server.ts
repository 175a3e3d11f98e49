import type { RunTrigger } from "~/core/streams/runtime-types";
import type { Tx } from "~/platform/db/client";
import { enqueue } from "~/platform/jobs";

export interface TriggeredRunJob {
  triggerId: string;
  /** The firing's dedupe key: the tick's ISO instant, a file id, a run id. */
  dedupeKey: string;
  /** Only schedules and events are queued; the start_triggered_run job's schema accepts no other kind. */
  runTrigger: Extract<RunTrigger, { kind: "schedule" | "event" }>;
  /** Event-supplied parameters, applied over the trigger's own. */
  parameters: Record<string, string>;
}

/** Queues the start_triggered_run task in the caller's tenant transaction (it commits with the event). */
export async function enqueueTriggeredRun(tx: Tx, job: TriggeredRunJob & { jobKey: string; delaySeconds?: number }): Promise<void> {
  const { jobKey, delaySeconds = 0, ...payload } = job;
  await enqueue(tx, "start_triggered_run", payload, { jobKey, delaySeconds });
}
