import { sql, type SQL } from "drizzle-orm";
import type { AddJobFunction, TaskSpec } from "graphile-worker";
import { z } from "zod";
import type { RunTrigger } from "~/core/streams/runtime-types";
import type { Tx } from "~/platform/db/client";

/**
 * Every graphile-worker job, by name: the payload it carries (the worker
 * parses each job with this schema before its handler sees it), when cron
 * fires it, and how a tenant transaction may queue it. The worker's task list
 * is built from these names and the services enqueue through `enqueue`, so a
 * job name is never a loose string and a payload never drifts from its reader.
 */

/**
 * Graphile-worker runs numerically smaller priorities first. The heartbeat and
 * the scheduler tick are due at a time, and a queue full of step runs (the
 * default 0) must not hold them back until it drains: a schedule would fire
 * minutes late. They still wait for a free slot, never preempt a step.
 */
export const CLOCK_JOB_PRIORITY = -10;

/**
 * The SECURITY DEFINER function through which a tenant transaction queues a
 * job (the tenant role has no rights on graphile_worker's tables):
 * - org_job: app_enqueue_org_job (streams_isolation migration), which sets
 *   the payload's orgId from app.org_id;
 * - file_profiling: app_enqueue_file_profiling (files_isolation migration),
 *   which also checks the file is the org's and fixes the key and attempts.
 */
type TenantGate = "org_job" | "file_profiling";

interface JobDefinition {
  payload: z.ZodType;
  /** Fired by cron with at most one job per tick (`?max=1`). */
  cron?: { pattern: string; priority?: number };
  tenantGate?: TenantGate;
}

const id = z.string().min(1);
const noPayload = z.object({}).passthrough();

/** The run triggers a queued start carries: a schedule's tick or an event, never a person. */
const runTrigger = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("schedule"), triggerId: id, scheduledFor: id }),
  z.object({ kind: z.literal("event"), triggerId: id, event: z.enum(["inbox", "webhook", "run_completion"]), eventId: id }),
]) satisfies z.ZodType<Extract<RunTrigger, { kind: "schedule" | "event" }>>;

/** Listed in crontab order. */
export const jobCatalog = {
  /** Proves the job loop works; /api/v1/health reads the row it writes. */
  heartbeat: { payload: noPayload, cron: { pattern: "* * * * *", priority: CLOCK_JOB_PRIORITY } },
  /** Queues a start_triggered_run for every due schedule tick, across orgs. */
  scheduler_tick: { payload: noPayload, cron: { pattern: "* * * * *", priority: CLOCK_JOB_PRIORITY } },
  /** Hourly housekeeping of rows whose purpose has lapsed. */
  purge_expired: { payload: noPayload, cron: { pattern: "17 * * * *" } },
  /** Hourly artifact retention. */
  purge_artifacts: { payload: noPayload, cron: { pattern: "37 * * * *" } },
  /** Anchors each org's audit chain head (or the given org's) in a signed checkpoint. */
  audit_checkpoint: { payload: z.object({ orgId: id.optional() }).passthrough(), cron: { pattern: "* * * * *" } },
  /** Profiles one uploaded file (job key `profile_file:<fileId>`). */
  profile_file: { payload: z.object({ orgId: id, fileId: id }), tenantGate: "file_profiling" },
  /** One attempt of one step run (job key `run_step:<stepRunId>`). */
  run_step: { payload: z.object({ orgId: id, stepRunId: id }), tenantGate: "org_job" },
  /** Starts the run of one trigger occurrence (job keys `trigger:<id>:tick|file|run:<key>`). */
  start_triggered_run: {
    payload: z.object({ orgId: id, triggerId: id, dedupeKey: id, runTrigger, parameters: z.record(z.string(), z.string()).default({}) }),
    tenantGate: "org_job",
  },
} as const satisfies Record<string, JobDefinition>;

type Catalog = typeof jobCatalog;
export type JobName = keyof Catalog;
/** What a handler receives: the payload after its schema's parse (defaults applied). */
export type JobPayload<N extends JobName> = z.output<Catalog[N]["payload"]>;
/** What an enqueuer supplies. */
export type JobInput<N extends JobName> = z.input<Catalog[N]["payload"]>;

export const jobNames = Object.keys(jobCatalog) as JobName[];

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobCatalog, name);
}

/** The worker's crontab, from the catalog's cron entries. */
export const crontab = jobNames
  .flatMap((name) => {
    const definition: JobDefinition = jobCatalog[name];
    if (!definition.cron) return [];
    const { pattern, priority } = definition.cron;
    return [`${pattern} ${name} ?max=1${priority === undefined ? "" : `&priority=${priority}`}`];
  })
  .join("\n");

// ---- Enqueueing

type GateOf<N extends JobName> = Catalog[N] extends { tenantGate: infer G } ? G : never;
export type TenantJobName = { [N in JobName]: GateOf<N> extends never ? never : N }[JobName];
/** A tenant never names the org: the gate takes it from app.org_id. */
export type TenantJobInput<N extends TenantJobName> = Omit<JobInput<N>, "orgId">;

export interface OrgJobOptions {
  jobKey: string;
  /** When to run; otherwise `delaySeconds` after the database's now (default 0). */
  runAt?: Date | null;
  delaySeconds?: number;
}
/** app_enqueue_file_profiling fixes the key and attempts itself. */
type TenantOptionArgs<N extends TenantJobName> = GateOf<N> extends "org_job" ? [options: OrgJobOptions] : [];

/** graphile-worker's own queue handle: a Runner, WorkerUtils or a task's helpers. */
export interface WorkerQueue {
  addJob: AddJobFunction;
}

/**
 * Queues a job. On a tenant transaction (a service's `tx`), it goes through
 * the job's SECURITY DEFINER gate and commits or rolls back with the caller's
 * work. On a graphile-worker handle (the worker and its tasks), it is added
 * directly, with the full payload.
 */
export async function enqueue<N extends TenantJobName>(tx: Tx, name: N, payload: TenantJobInput<N>, ...options: TenantOptionArgs<N>): Promise<void>;
export async function enqueue<N extends JobName>(queue: WorkerQueue, name: N, payload: JobInput<N>, spec?: TaskSpec): Promise<void>;
export async function enqueue(handle: Tx | WorkerQueue, name: JobName, payload: Record<string, unknown>, options?: OrgJobOptions | TaskSpec): Promise<void> {
  if ("addJob" in handle) {
    await handle.addJob(name, payload, options as TaskSpec | undefined);
    return;
  }
  await handle.execute(tenantEnqueueSql(name, payload, options as OrgJobOptions | undefined));
}

function tenantEnqueueSql(name: JobName, payload: Record<string, unknown>, options: OrgJobOptions | undefined): SQL {
  const definition: JobDefinition = jobCatalog[name];
  if (definition.tenantGate === "file_profiling") return sql`select app_enqueue_file_profiling(${payload.fileId})`;
  if (definition.tenantGate !== "org_job" || !options) throw new Error(`job ${name} cannot be queued by a tenant`);
  const runAt = options.runAt ? sql`${options.runAt.toISOString()}::timestamptz` : sql`now() + make_interval(secs => ${options.delaySeconds ?? 0})`;
  return sql`select app_enqueue_org_job(${name}, ${JSON.stringify(payload)}::jsonb, ${options.jobKey}, ${runAt})`;
}
