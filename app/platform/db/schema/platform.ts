import { sql } from "drizzle-orm";
import { integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { organizations } from "./tenancy";

/**
 * Lasting idempotency for POSTs. graphile-worker job keys only de-duplicate
 * pending jobs, so the promise "same key, same answer for 24 h" lives here.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    orgId: text("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    method: text("method").notNull(),
    path: text("path").notNull(),
    requestHash: text("request_hash").notNull(),
    state: text("state", { enum: ["in_progress", "completed"] }).notNull(),
    responseStatus: integer("response_status"),
    responseHeaders: jsonb("response_headers").$type<Record<string, string>>(),
    responseBody: text("response_body"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true, precision: 3 }),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.key] })],
);

/** Fixed-window counters shared by every web process (login throttling). */
export const rateLimitBuckets = pgTable("rate_limit_buckets", {
  key: text("key").primaryKey(),
  hits: integer("hits").notNull(),
  windowStartedAt: timestamp("window_started_at", { withTimezone: true, precision: 3 }).notNull(),
});

/** One row per worker process; /api/v1/health reads the freshest. */
export const workerHeartbeats = pgTable("worker_heartbeats", {
  workerId: text("worker_id").primaryKey(),
  hostname: text("hostname").notNull(),
  pid: integer("pid").notNull(),
  version: text("version").notNull(),
  startedAt: timestamp("started_at", { withTimezone: true, precision: 3 }).notNull(),
  lastSeenAt: timestamp("last_seen_at", { withTimezone: true, precision: 3 }).notNull(),
  /**
   * graphile-worker's own ids for this process's job slots (graphile_worker
   * jobs' locked_by): when the process stops beating, the reaper releases
   * exactly these locks instead of waiting out graphile-worker's 4 hours.
   */
  jobWorkerIds: text("job_worker_ids").array().notNull().default(sql`'{}'::text[]`),
});
