import { sql } from "drizzle-orm";
import { bigint, check, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { uploadedFiles } from "./files";
import { organizations } from "./tenancy";

/**
 * A data source is where snapshots come from: a PostgreSQL or MySQL/MariaDB
 * database, or an HTTPS URL serving CSV or JSON. `settings` holds what the
 * API may show; every credential (password, a URL that may carry one, header
 * values) is in `credentials`, each value sealed with AES-256-GCM under
 * ENCRYPTION_KEY (app/modules/data-sources/crypto.server.ts), so a database
 * dump alone reveals none of them.
 *
 * Deleting a data source keeps the row (its snapshots must still say where
 * their bytes came from) but erases its credentials; a CHECK makes sure a
 * deleted row holds none.
 */
export const DATA_SOURCE_KINDS = ["postgres", "mysql", "http"] as const;
export type DataSourceKind = (typeof DATA_SOURCE_KINDS)[number];

export const HTTP_SOURCE_FORMATS = ["csv", "json"] as const;
export type HttpSourceFormat = (typeof HTTP_SOURCE_FORMATS)[number];

/** postgres and mysql: either discrete fields or a URL (shown with its password replaced by "***"). */
export type SqlSourceSettings =
  | { host: string; port: number; database: string; user: string; ssl: boolean; statementTimeoutMs: number }
  | { url: string; ssl: boolean; statementTimeoutMs: number };

export interface HttpSourceSettings {
  /** Shown with any password replaced by "***". */
  url: string;
  format: HttpSourceFormat;
  /** The names only; their values are credentials. */
  headerNames: string[];
}

export type DataSourceSettings = SqlSourceSettings | HttpSourceSettings;

/** Each value is `v1:<iv>:<tag>:<ciphertext>` (base64), bound to its data source and field. */
export interface SealedCredentials {
  password?: string;
  url?: string;
  headers?: Record<string, string>;
}

export const dataSources = pgTable(
  "data_sources",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    name: text("name").notNull(),
    kind: text("kind", { enum: DATA_SOURCE_KINDS }).notNull(),
    settings: jsonb("settings").$type<DataSourceSettings>().notNull(),
    credentials: jsonb("credentials").$type<SealedCredentials>().notNull().default({}),
    /** The actor's label at the time (the audit event carries its type and id). */
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [
    index("data_sources_org_idx").on(t.orgId, t.id),
    check("data_sources_kind_check", sql`${t.kind} in ('postgres', 'mysql', 'http')`),
    check("data_sources_deleted_credentials_check", sql`${t.deletedAt} is null or ${t.credentials} = '{}'::jsonb`),
  ],
);

/**
 * One row per snapshot: which data source and query produced which file.
 * The file (uploaded_files, kind "snapshot") holds the bytes, sha256 and
 * size; deleting it deletes this row with it.
 */
export const dataSourceSnapshots = pgTable(
  "data_source_snapshots",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    dataSourceId: text("data_source_id").notNull().references(() => dataSources.id),
    fileId: text("file_id").notNull().references(() => uploadedFiles.id, { onDelete: "cascade" }),
    /** The SQL as run; null for http sources. */
    query: text("query"),
    /** For http sources: the URL fetched last, after redirects, password redacted. */
    sourceUrl: text("source_url"),
    rowCount: bigint("row_count", { mode: "number" }).notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index("data_source_snapshots_org_source_idx").on(t.orgId, t.dataSourceId, t.id),
    uniqueIndex("data_source_snapshots_file_key").on(t.fileId),
    check("data_source_snapshots_row_count_check", sql`${t.rowCount} >= 0`),
  ],
);
