import client from "prom-client";
import { sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { singleton } from "../../db/singleton";

/**
 * Prometheus metrics for one process. Job counts are read from
 * graphile-worker's tables at scrape time, so every web process reports the
 * same queue and no worker has to push numbers anywhere.
 */
export interface Metrics {
  registry: client.Registry;
  httpRequestDuration: client.Histogram<"method" | "route" | "status">;
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
    return { registry, httpRequestDuration };
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
