import { sql } from "drizzle-orm";
import type { RunTrigger } from "~/core/streams/runtime-types";
import type { Tx } from "~/platform/db/client";

export interface TriggeredRunJob {
  triggerId: string;
  /** The firing's dedupe key: the tick's ISO instant, a file id, a run id. */
  dedupeKey: string;
  runTrigger: RunTrigger;
  /** Event-supplied parameters, applied over the trigger's own. */
  parameters: Record<string, string>;
}

/** Queues the start_triggered_run task in the caller's tenant transaction (it commits with the event). */
export async function enqueueTriggeredRun(tx: Tx, job: TriggeredRunJob & { jobKey: string; delaySeconds?: number }): Promise<void> {
  const { jobKey, delaySeconds = 0, ...payload } = job;
  await tx.execute(
    sql`select app_enqueue_org_job('start_triggered_run', ${JSON.stringify(payload)}::jsonb, ${jobKey}, now() + make_interval(secs => ${delaySeconds}))`,
  );
}
