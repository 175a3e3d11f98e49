import { and, asc, eq } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { NotFound } from "~/core/errors/domain-errors";
import { getLogger } from "~/platform/observability/logger.server";
import { runStateMachine, type Run } from "~/modules/streams/runtime/state/run-state.server";
import type { StepRun } from "~/modules/streams/runtime/state/step-run-state.server";
import { reconciliationRuns, reconciliationStepRuns } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { selectVisibleRun } from "./stream-runs.server";

/**
 * A run's live timeline as Server-Sent Events. Runs advance in worker
 * processes, so the web process learns of changes by polling: a cheap probe
 * of the run's and its step runs' (updated_at, state, attempt) every
 * POLL_INTERVAL_MS, and the full rows only of what changed. Polling rather
 * than LISTEN/NOTIFY keeps no connection pinned per viewer and cannot miss a
 * change made while a notification channel was down.
 *
 * Events: `snapshot` ({run, stepRuns}) first, then `step_run` and `run` (the
 * whole changed resource; step runs before their run, so a client never sees
 * a finished run before its last step), a heartbeat comment when nothing was
 * written for HEARTBEAT_INTERVAL_MS (proxies drop idle connections), and
 * `end` ({runId, state}) once the run is in an end state, then the stream
 * closes. A client that reconnects gets a new snapshot, which is all state,
 * so Last-Event-ID is not needed.
 */
export const POLL_INTERVAL_MS = 500;
export const HEARTBEAT_INTERVAL_MS = 15_000;
/** Tells EventSource how long to wait before reconnecting after a dropped connection. */
const RECONNECT_MS = 2_000;

/** How the stream shapes what it sends: the web layer passes the API's views, so events match the REST reads. */
export interface RunEventPresenter {
  timeline(timeline: RunTimeline): unknown;
  run(run: Run): unknown;
  stepRun(stepRun: StepRun): unknown;
}

export interface RunEventStreamOptions {
  /** Aborts when the client goes away; polling stops with it. */
  signal: AbortSignal;
  present: RunEventPresenter;
  /** Runs of system streams (behind the classic reconciliation API) are hidden unless asked for, as in getRun. */
  includeSystem?: boolean;
  pollIntervalMs?: number;
  heartbeatIntervalMs?: number;
}

export interface RunTimeline {
  run: Run;
  stepRuns: StepRun[];
}

/**
 * Reads the snapshot before returning, so an unknown run is a 404 problem
 * rather than an event stream that closes at once.
 */
export async function openRunEventStream(ctx: OrgContext, runId: string, options: RunEventStreamOptions): Promise<ReadableStream<Uint8Array>> {
  const snapshot = await readTimeline(ctx, runId, { includeSystem: options.includeSystem });
  const pollIntervalMs = options.pollIntervalMs ?? POLL_INTERVAL_MS;
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS;
  const encoder = new TextEncoder();
  const stopper = new AbortController();
  const stop = () => stopper.abort();
  options.signal.addEventListener("abort", stop, { once: true });

  return new ReadableStream<Uint8Array>({
    start(controller) {
      let lastWriteAt = Date.now();
      const write = (text: string) => {
        if (stopper.signal.aborted) return;
        controller.enqueue(encoder.encode(text));
        lastWriteAt = Date.now();
      };
      const send = (event: string, data: unknown) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const close = () => {
        stop();
        options.signal.removeEventListener("abort", stop);
        try {
          controller.close();
        } catch {
          // Already cancelled by the consumer: nothing left to close.
        }
      };

      const follow = async () => {
        write(`retry: ${RECONNECT_MS}\n\n`);
        send("snapshot", options.present.timeline(snapshot));
        const seen = versionsOf(snapshot);
        let state = snapshot.run.state;
        while (!runStateMachine.terminal.has(state)) {
          await sleep(pollIntervalMs, stopper.signal);
          if (stopper.signal.aborted) return;
          const probe = await probeVersions(ctx, runId);
          const changed = [...probe].filter(([id, version]) => seen.get(id) !== version).map(([id]) => id);
          if (changed.length > 0) {
            const timeline = await readTimeline(ctx, runId, { includeSystem: true });
            // Compare what was read, not what was probed: a step that changed between the probe and
            // this read is sent now; marking it seen unsent would leave the client a step behind for good.
            const current = versionsOf(timeline);
            for (const stepRun of timeline.stepRuns) {
              if (seen.get(stepRun.id) !== current.get(stepRun.id)) send("step_run", options.present.stepRun(stepRun));
            }
            if (seen.get(runId) !== current.get(runId)) send("run", options.present.run(timeline.run));
            for (const [id, version] of current) seen.set(id, version);
            state = timeline.run.state;
          }
          if (Date.now() - lastWriteAt >= heartbeatIntervalMs) write(": heartbeat\n\n");
        }
        send("end", { runId, state });
      };

      follow()
        .catch((error: unknown) => {
          getLogger().error({ err: error, orgId: ctx.orgId, runId, requestId: ctx.requestId }, "run event stream failed");
          // The client's EventSource reconnects and starts again from a snapshot.
          send("error", { message: "The timeline could not be read; reconnect to resume" });
        })
        .finally(close);
    },
    cancel() {
      stop();
    },
  });
}

export async function readTimeline(ctx: OrgContext, runId: string, options: { includeSystem?: boolean } = {}): Promise<RunTimeline> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const run = await selectVisibleRun(tx, ctx, runId, options);
    const stepRuns = await tx
      .select()
      .from(reconciliationStepRuns)
      .where(and(eq(reconciliationStepRuns.orgId, ctx.orgId), eq(reconciliationStepRuns.runId, runId)))
      .orderBy(asc(reconciliationStepRuns.position), asc(reconciliationStepRuns.stepKey));
    return { run, stepRuns };
  });
}

/**
 * What identifies a version of a row: every state change and every metrics
 * or attempt write bumps updated_at; state and attempt are included too so
 * two writes within one millisecond are not mistaken for one.
 */
function versionKey(row: { updatedAt: Date; state: string; attempt?: number }): string {
  return `${row.updatedAt.getTime()}|${row.state}|${row.attempt ?? ""}`;
}

function versionsOf(timeline: RunTimeline): Map<string, string> {
  const versions = new Map<string, string>([[timeline.run.id, versionKey(timeline.run)]]);
  for (const stepRun of timeline.stepRuns) versions.set(stepRun.id, versionKey(stepRun));
  return versions;
}

async function probeVersions(ctx: OrgContext, runId: string): Promise<Map<string, string>> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [run] = await tx
      .select({ updatedAt: reconciliationRuns.updatedAt, state: reconciliationRuns.state })
      .from(reconciliationRuns)
      .where(and(eq(reconciliationRuns.orgId, ctx.orgId), eq(reconciliationRuns.id, runId)));
    if (!run) throw new NotFound("stream run", runId);
    const stepRuns = await tx
      .select({
        id: reconciliationStepRuns.id,
        updatedAt: reconciliationStepRuns.updatedAt,
        state: reconciliationStepRuns.state,
        attempt: reconciliationStepRuns.attempt,
      })
      .from(reconciliationStepRuns)
      .where(and(eq(reconciliationStepRuns.orgId, ctx.orgId), eq(reconciliationStepRuns.runId, runId)));
    const versions = new Map<string, string>([[runId, versionKey(run)]]);
    for (const stepRun of stepRuns) versions.set(stepRun.id, versionKey(stepRun));
    return versions;
  });
}

/** Resolves after `ms`, or at once when the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
