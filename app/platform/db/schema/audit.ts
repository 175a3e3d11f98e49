import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { organizations } from "./tenancy";

/**
 * Append-only (a trigger rejects UPDATE, DELETE and TRUNCATE) and hash-chained
 * per org: hash = sha256(prevHash ‖ canonical JSON of the event). `seq` orders
 * the chain; the first event of an org has prevHash = 64 zeros.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    seq: bigint("seq", { mode: "number" }).notNull(),
    actorType: text("actor_type", { enum: ["user", "api_key", "system", "scheduler"] }).notNull(),
    actorId: text("actor_id"),
    actorLabel: text("actor_label"),
    action: text("action").notNull(),
    resourceType: text("resource_type").notNull(),
    resourceId: text("resource_id"),
    requestId: text("request_id"),
    /** Before/after summary; never secrets. */
    changes: jsonb("changes").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    uniqueIndex("audit_events_org_seq_key").on(t.orgId, t.seq),
    index("audit_events_org_resource_idx").on(t.orgId, t.resourceType, t.resourceId),
  ],
);
