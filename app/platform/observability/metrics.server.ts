import client from "prom-client";
import { sql } from "drizzle-orm";
import { getDb } from "~/platform/db/client";
import { singleton } from "~/platform/db/singleton";

/**
 * Prometheus metrics for one process. Job counts are read from
 * graphile-worker's tables at scrape time, so every web process reports the
 * same queue and no worker has to push numbers anywhere.
 */
export interface Metrics {
  registry: client.Registry;
  httpRequestDuration: client.Histogram<"method" | "route" | "status">;
  /** Artifact downloads refused because the stored bytes no longer match their sha256. */
  artifactIntegrityFailures: client.Counter;
}

export function getMetrics(): Metrics {
  return singleton("metrics", () => {
    const registry = new client.Registry();
    client.collectDefaultMetrics({ register: registry, prefix: "reconstream_" });
    const httpRequestDuration = new client.Histogram({
      name: "reconstream_http_request_duration_seconds",
      help: "HTTP request latency by method, route pattern and status",
      labelNames: ["method", "route", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    new client.Gauge({
      name: "reconstream_jobs",
      help: "graphile-worker jobs by task and state (queued, running, failed)",
      labelNames: ["task", "state"] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const row of await readJobCounts()) {
          this.set({ task: row.task, state: "queued" }, row.queued);
          this.set({ task: row.task, state: "running" }, row.running);
          this.set({ task: row.task, state: "failed" }, row.failed);
        }
      },
    });
    const artifactIntegrityFailures = new client.Counter({
      name: "reconstream_artifact_integrity_failures_total",
      help: "Artifact downloads refused (500 artifact-integrity-failed) because the stored bytes failed their sha256 check",
      registers: [registry],
    });
    registerStreamRuntimeMetrics(registry);
    return { registry, httpRequestDuration, artifactIntegrityFailures };
  });
}

interface JobCountRow {
  task: string;
  queued: number;
  running: number;
  failed: number;
}

async function readJobCounts(): Promise<JobCountRow[]> {
  try {
    const result = await getDb().execute(sql`
      select task_identifier as task,
             count(*) filter (where locked_at is null and attempts < max_attempts)::int as queued,
             count(*) filter (where locked_at is not null)::int as running,
             count(*) filter (where attempts >= max_attempts)::int as failed
      from graphile_worker.jobs
      group by task_identifier`);
    return result as unknown as JobCountRow[];
  } catch {
    // A scrape must still answer while the database is down; process metrics matter most then.
    return [];
  }
}

/** Collapses ids out of paths so the route label stays low-cardinality. */
export function routeLabel(pathname: string): string {
  if (pathname.startsWith("/build/") || pathname.startsWith("/assets/")) return "/static";
  return pathname
    .split("/")
    .map((segment) => (/^[a-z]{2,4}_[0-9A-Z]{20,}$/.test(segment) || /^\d+$/.test(segment) ? ":id" : segment))
    .join("/");
}

// ---- Stream runtime, read from the database at scrape time

/** Seconds; step runs range from a few ms (small files) to the 6 h timeout cap. */
export const STEP_RUN_DURATION_BUCKETS = [0.1, 0.5, 1, 5, 15, 60, 300, 1800, 7200];

const FINISHED_STEP_RUN_STATES = ["succeeded", "failed", "cancelled"] as const;

/**
 * Run outcomes, step-run durations, retries and dead letters, across orgs,
 * from the runtime tables. Like reconstream_jobs they are read at scrape
 * time, so every web process reports the same figures whichever worker ran
 * the steps. Runs and step runs are records that are never deleted, so the
 * totals only grow and behave as counters for rate() (the duration histogram
 * included: its buckets are cumulative counts over all finished step runs).
 */
function registerStreamRuntimeMetrics(registry: client.Registry): void {
  new client.Gauge({
    name: "reconstream_stream_runs",
    help: "Stream runs by state (queued, running, cancelling, succeeded, failed, partially_succeeded, cancelled)",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await readRunCounts()) this.set({ state: row.state }, row.runs);
    },
  });
  const stepRunStats = scrapeScoped(readStepRunStats);
  new client.Gauge({
    name: "reconstream_step_run_retries",
    help: "Step-run attempts beyond the first (sum of attempt - 1 over all step runs)",
    registers: [registry],
    async collect() {
      this.set((await stepRunStats())?.retries ?? 0);
    },
  });
  new client.Gauge({
    name: "reconstream_dead_letters",
    help: "Failed step runs parked in the dead-letter list (permanent failures or exhausted retries), waiting for a retry",
    registers: [registry],
    async collect() {
      this.set((await stepRunStats())?.deadLetters ?? 0);
    },
  });
  // A histogram whose bucket counts come from SQL: prom-client's Histogram
  // only accepts single observations, and observing every finished step run
  // on each scrape would cost memory and time in proportion to history.
  const durationName = "reconstream_step_run_duration_seconds";
  const durationHelp = "Duration of finished step runs (started_at to finished_at), by end state";
  registry.registerMetric({
    name: durationName,
    help: durationHelp,
    type: "histogram",
    aggregator: "sum",
    async get() {
      const stats = await stepRunStats();
      const values: Array<{ metricName: string; labels: Record<string, string | number>; value: number }> = [];
      for (const state of FINISHED_STEP_RUN_STATES) {
        const durations = stats?.durations.find((row) => row.state === state) ?? emptyDurations(state);
        STEP_RUN_DURATION_BUCKETS.forEach((bound, index) => {
          values.push({ metricName: `${durationName}_bucket`, labels: { le: bound, state }, value: durations.buckets[index] ?? 0 });
        });
        values.push({ metricName: `${durationName}_bucket`, labels: { le: "+Inf", state }, value: durations.count });
        values.push({ metricName: `${durationName}_sum`, labels: { state }, value: durations.sumSeconds });
        values.push({ metricName: `${durationName}_count`, labels: { state }, value: durations.count });
      }
      return { name: durationName, help: durationHelp, type: "histogram", aggregator: "sum", values };
    },
  } as unknown as client.Metric);
}

interface StepRunDurations {
  state: string;
  /** Cumulative counts per STEP_RUN_DURATION_BUCKETS bound. */
  buckets: number[];
  count: number;
  sumSeconds: number;
}

interface StepRunStats {
  retries: number;
  deadLetters: number;
  durations: StepRunDurations[];
}

function emptyDurations(state: string): StepRunDurations {
  return { state, buckets: STEP_RUN_DURATION_BUCKETS.map(() => 0), count: 0, sumSeconds: 0 };
}

/** One read shared by the collectors of a scrape (they run concurrently), fresh for the next scrape. */
function scrapeScoped<T>(read: () => Promise<T>): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | null = null;
  return () => {
    const now = Date.now();
    if (!cached || now - cached.at > 1_000) cached = { at: now, value: read() };
    return cached.value;
  };
}

async function readRunCounts(): Promise<Array<{ state: string; runs: number }>> {
  try {
    const result = await getDb().execute(sql`select state, count(*)::int as runs from reconciliation_runs group by state`);
    return result as unknown as Array<{ state: string; runs: number }>;
  } catch {
    return [];
  }
}

async function readStepRunStats(): Promise<StepRunStats | null> {
  try {
    const bucketColumns = sql.join(
      STEP_RUN_DURATION_BUCKETS.map(
        (bound) => sql`count(*) filter (where extract(epoch from finished_at - started_at) <= ${bound})::int`,
      ),
      sql`, `,
    );
    const [totals] = (await getDb().execute(sql`
      select coalesce(sum(greatest(attempt - 1, 0)), 0)::bigint as retries,
             count(*) filter (where dead_lettered_at is not null and state = 'failed')::int as dead_letters
      from reconciliation_step_runs`)) as unknown as Array<{ retries: string | number; dead_letters: number }>;
    const rows = (await getDb().execute(sql`
      select state, array[${bucketColumns}] as buckets, count(*)::int as count,
             coalesce(sum(extract(epoch from finished_at - started_at)), 0)::float8 as sum_seconds
      from reconciliation_step_runs
      where state in ('succeeded', 'failed', 'cancelled') and started_at is not null and finished_at is not null
      group by state`)) as unknown as Array<{ state: string; buckets: number[]; count: number; sum_seconds: number }>;
    return {
      retries: Number(totals?.retries ?? 0),
      deadLetters: totals?.dead_letters ?? 0,
      durations: rows.map((row) => ({ state: row.state, buckets: row.buckets.map(Number), count: row.count, sumSeconds: Number(row.sum_seconds) })),
    };
  } catch {
    // As for job counts: a scrape must still answer while the database is down.
    return null;
  }
}
