import { and, desc, eq, isNull, lt, type SQL } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { NotFound, ValidationFailed } from "~/core/errors/domain-errors";
import { getLogger } from "~/platform/observability/logger.server";
import { newId } from "~/platform/db/ids";
import {
  dataSources,
  type DataSourceKind,
  type DataSourceSettings,
  type HttpSourceFormat,
  type HttpSourceSettings,
  type SealedCredentials,
  type SqlSourceSettings,
} from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { recordAudit } from "~/modules/audit/index.server";
import { CredentialDecryptionError, decryptCredential, encryptCredential } from "./crypto.server";
import { assertHttpSourceUrlAllowed, redactUrl, testHttpSource } from "./http-source.server";
import { testMysqlConnection } from "./mysql-source.server";
import { testPostgresConnection } from "./postgres-source.server";
import type { HttpTarget, SqlTarget } from "./targets";

export type DataSource = typeof dataSources.$inferSelect;

/** A connectivity test gets this long, connecting included. */
export const TEST_TIMEOUT_MS = 5_000;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 60_000;
const DEFAULT_PORTS: Record<SqlKind, number> = { postgres: 5432, mysql: 3306 };

type SqlKind = Exclude<DataSourceKind, "http">;

// ---- Input (validated by the contract; see app/api/contracts/data-sources.ts)

/** Either `url`, or `host`, `database` and `user` (with optional `port` and `password`). */
export interface SqlSourceConfig {
  url?: string;
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  password?: string;
  ssl?: boolean;
  statementTimeoutMs?: number;
}

export interface HttpSourceConfig {
  url: string;
  headers?: Record<string, string>;
  format: HttpSourceFormat;
}

export type CreateDataSourceInput =
  | { name: string; kind: SqlKind; config: SqlSourceConfig }
  | { name: string; kind: "http"; config: HttpSourceConfig };

// ---- What the connectors get: credentials decrypted, for the length of one operation

export type DataSourceTarget =
  | { kind: SqlKind; dataSource: DataSource; sql: SqlTarget; statementTimeoutMs: number }
  | { kind: "http"; dataSource: DataSource; http: HttpTarget };

// ---- Writes

export async function createDataSource(ctx: OrgContext, input: CreateDataSourceInput): Promise<DataSource> {
  const id = newId("dataSource");
  const { settings, credentials } =
    input.kind === "http" ? sealHttpConfig(ctx, id, input.config) : sealSqlConfig(ctx, id, input.kind, input.config);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [row] = await tx
      .insert(dataSources)
      .values({ id, orgId: ctx.orgId, name: input.name.trim(), kind: input.kind, settings, credentials, createdBy: ctx.actor.label })
      .returning();
    const dataSource = row!;
    await recordAudit(tx, ctx, {
      action: "data_source.created",
      resourceType: "data_source",
      resourceId: id,
      // The public configuration only: credentials never enter the audit trail.
      changes: { after: { name: dataSource.name, kind: dataSource.kind, config: publicConfig(dataSource) } },
    });
    return dataSource;
  });
}

/**
 * Erases the credentials and marks the row deleted; the row stays so that
 * its snapshots keep saying where their bytes came from.
 */
export async function deleteDataSource(ctx: OrgContext, id: string): Promise<DataSource> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [before] = await tx
      .select()
      .from(dataSources)
      .where(and(eq(dataSources.orgId, ctx.orgId), eq(dataSources.id, id), isNull(dataSources.deletedAt)))
      .for("update");
    if (!before) throw new NotFound("data source", id);
    const deletedAt = new Date();
    await tx
      .update(dataSources)
      .set({ credentials: {}, deletedAt, updatedAt: deletedAt })
      .where(and(eq(dataSources.orgId, ctx.orgId), eq(dataSources.id, id), isNull(dataSources.deletedAt)));
    await recordAudit(tx, ctx, {
      action: "data_source.deleted",
      resourceType: "data_source",
      resourceId: id,
      changes: { before: { name: before.name, kind: before.kind, config: publicConfig(before) } },
    });
    return before;
  });
}

// ---- Reads

/** Newest first, keyset on the time-sortable id; deleted data sources are not listed. */
export async function listDataSources(
  ctx: OrgContext,
  options: { limit: number; cursor?: string; kind?: DataSourceKind },
): Promise<{ data: DataSource[]; nextCursor: string | null }> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const conditions: SQL[] = [eq(dataSources.orgId, ctx.orgId), isNull(dataSources.deletedAt)];
    if (options.cursor) conditions.push(lt(dataSources.id, options.cursor));
    if (options.kind) conditions.push(eq(dataSources.kind, options.kind));
    const rows = await tx
      .select()
      .from(dataSources)
      .where(and(...conditions))
      .orderBy(desc(dataSources.id))
      .limit(options.limit + 1);
    const hasMore = rows.length > options.limit;
    const data = rows.slice(0, options.limit);
    return { data, nextCursor: hasMore ? data.at(-1)!.id : null };
  });
}

export async function getDataSource(ctx: OrgContext, id: string): Promise<DataSource> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [row] = await tx
      .select()
      .from(dataSources)
      .where(and(eq(dataSources.orgId, ctx.orgId), eq(dataSources.id, id), isNull(dataSources.deletedAt)));
    if (!row) throw new NotFound("data source", id);
    return row;
  });
}

/** The data source with its credentials decrypted, for one connectivity test or snapshot. */
export async function loadDataSourceTarget(ctx: OrgContext, id: string): Promise<DataSourceTarget> {
  const dataSource = await getDataSource(ctx, id);
  try {
    if (dataSource.kind === "http") return { kind: "http", dataSource, http: httpTargetOf(ctx, dataSource) };
    const settings = dataSource.settings as SqlSourceSettings;
    return { kind: dataSource.kind, dataSource, sql: sqlTargetOf(ctx, dataSource), statementTimeoutMs: settings.statementTimeoutMs };
  } catch (error) {
    if (!(error instanceof CredentialDecryptionError)) throw error;
    getLogger().error({ err: error, orgId: ctx.orgId, dataSourceId: id }, "data source credentials do not decrypt");
    throw new ValidationFailed(
      `The stored credentials of data source '${id}' cannot be decrypted with the current ENCRYPTION_KEY; ` +
        "delete the data source and create it again with its credentials",
    );
  }
}

// ---- Connectivity

export interface DataSourceTestResult {
  ok: boolean;
  latencyMs: number;
  message: string;
}

/**
 * Connects (and for SQL asks the server's version) within TEST_TIMEOUT_MS.
 * A failure is an answer, not an error: ok is false and the message says why.
 */
export async function testDataSource(ctx: OrgContext, id: string): Promise<DataSourceTestResult> {
  const target = await loadDataSourceTarget(ctx, id);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let timer: NodeJS.Timeout | undefined;
  // The connectors keep their own deadlines; this one also covers a DNS lookup that never returns.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ValidationFailed(`No answer within ${TEST_TIMEOUT_MS} ms`)), TEST_TIMEOUT_MS + 250);
  });
  try {
    const message = await Promise.race([runConnectivityTest(target), deadline]);
    return { ok: true, latencyMs: elapsed(), message };
  } catch (error) {
    if (!(error instanceof ValidationFailed)) {
      getLogger().warn({ err: error, orgId: ctx.orgId, dataSourceId: id, requestId: ctx.requestId }, "data source test failed unexpectedly");
    }
    return { ok: false, latencyMs: elapsed(), message: scrubMessage(target, (error as Error).message) };
  } finally {
    clearTimeout(timer);
  }
}

function runConnectivityTest(target: DataSourceTarget): Promise<string> {
  switch (target.kind) {
    case "postgres":
      return testPostgresConnection(target.sql, TEST_TIMEOUT_MS);
    case "mysql":
      return testMysqlConnection(target.sql, TEST_TIMEOUT_MS);
    case "http":
      return testHttpSource(target.http, TEST_TIMEOUT_MS);
  }
}

function scrubMessage(target: DataSourceTarget, message: string): string {
  const secrets = target.kind === "http" ? target.http.secrets : target.sql.secrets;
  let scrubbed = message;
  for (const secret of secrets) if (secret.length > 0) scrubbed = scrubbed.replaceAll(secret, "***");
  return scrubbed;
}

// ---- Credentials

/** Each sealed value is bound to its org, data source and field (see crypto.server.ts). */
function purposeOf(ctx: OrgContext, dataSourceId: string, field: string): string {
  return `data_source:${ctx.orgId}:${dataSourceId}:${field}`;
}

function sealSqlConfig(
  ctx: OrgContext,
  id: string,
  kind: SqlKind,
  config: SqlSourceConfig,
): { settings: SqlSourceSettings; credentials: SealedCredentials } {
  const ssl = config.ssl ?? false;
  const statementTimeoutMs = config.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  if (config.url !== undefined) {
    // Parsed now so a URL that cannot be used is a 422 today, not a failed snapshot later.
    parseSqlUrl(kind, config.url);
    return {
      settings: { url: redactUrl(config.url), ssl, statementTimeoutMs },
      credentials: { url: encryptCredential(config.url, purposeOf(ctx, id, "url")) },
    };
  }
  if (config.host === undefined || config.database === undefined || config.user === undefined) {
    throw new ValidationFailed("A SQL data source needs either url, or host, database and user", {
      errors: [{ pointer: "/config", message: "give url, or host, database and user" }],
    });
  }
  const credentials: SealedCredentials = {};
  if (config.password) credentials.password = encryptCredential(config.password, purposeOf(ctx, id, "password"));
  return {
    settings: {
      host: config.host,
      port: config.port ?? DEFAULT_PORTS[kind],
      database: config.database,
      user: config.user,
      ssl,
      statementTimeoutMs,
    },
    credentials,
  };
}

function sealHttpConfig(ctx: OrgContext, id: string, config: HttpSourceConfig): { settings: HttpSourceSettings; credentials: SealedCredentials } {
  assertHttpSourceUrlAllowed(config.url, "/config/url");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.headers ?? {})) {
    headers[name] = encryptCredential(value, purposeOf(ctx, id, `header:${name.toLowerCase()}`));
  }
  return {
    settings: { url: redactUrl(config.url), format: config.format, headerNames: Object.keys(headers) },
    credentials: { url: encryptCredential(config.url, purposeOf(ctx, id, "url")), headers },
  };
}

function sqlTargetOf(ctx: OrgContext, dataSource: DataSource): SqlTarget {
  const kind = dataSource.kind as SqlKind;
  const settings = dataSource.settings as SqlSourceSettings;
  const credentials = dataSource.credentials;
  if ("url" in settings) {
    const url = decryptCredential(credentials.url!, purposeOf(ctx, dataSource.id, "url"));
    const parsed = parseSqlUrl(kind, url);
    return { ...parsed, ssl: settings.ssl, secrets: parsed.password ? [parsed.password, encodeURIComponent(parsed.password)] : [] };
  }
  const password = credentials.password ? decryptCredential(credentials.password, purposeOf(ctx, dataSource.id, "password")) : null;
  return {
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: settings.user,
    password,
    ssl: settings.ssl,
    secrets: password ? [password] : [],
  };
}

function httpTargetOf(ctx: OrgContext, dataSource: DataSource): HttpTarget {
  const settings = dataSource.settings as HttpSourceSettings;
  const credentials = dataSource.credentials;
  const url = decryptCredential(credentials.url!, purposeOf(ctx, dataSource.id, "url"));
  const headers: Record<string, string> = {};
  for (const [name, sealed] of Object.entries(credentials.headers ?? {})) {
    headers[name] = decryptCredential(sealed, purposeOf(ctx, dataSource.id, `header:${name.toLowerCase()}`));
  }
  const password = new URL(url).password;
  const secrets = [...Object.values(headers), ...(password ? [password, decodeURIComponent(password)] : [])];
  return { url, headers, format: settings.format, secrets };
}

const SQL_URL_SCHEMES: Record<SqlKind, readonly string[]> = {
  postgres: ["postgres:", "postgresql:"],
  mysql: ["mysql:", "mariadb:"],
};

/**
 * host, port, database, user and password out of a SQL URL. The drivers never
 * see the URL itself: its query string could switch on options (multiple
 * statements, a local socket) that a data source must not have.
 */
export function parseSqlUrl(kind: SqlKind, rawUrl: string): Omit<SqlTarget, "ssl" | "secrets"> {
  const problem = (message: string) =>
    new ValidationFailed(`The URL cannot be used: ${message}`, { errors: [{ pointer: "/config/url", message }] });
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw problem("is not a URL");
  }
  const schemes = SQL_URL_SCHEMES[kind];
  if (!schemes.includes(url.protocol)) throw problem(`must start with ${schemes.map((scheme) => `${scheme}//`).join(" or ")}`);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!SQL_HOST_PATTERN.test(host)) throw problem("must name a host");
  if (url.search !== "") throw problem("must not have query parameters; use the ssl and statementTimeoutMs fields");
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (database === "" || database.includes("/")) throw problem("must name the database as its path, e.g. …/accounting");
  const user = decodeURIComponent(url.username);
  if (user === "") throw problem("must name the user, e.g. postgres://reader@host/db");
  return {
    host,
    port: url.port ? Number(url.port) : DEFAULT_PORTS[kind],
    database,
    user,
    password: url.password ? decodeURIComponent(url.password) : null,
  };
}

/** A host name or an IP address: never a path, which the drivers would take for a local socket. */
const SQL_HOST_PATTERN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|[0-9A-Fa-f:.]+)$/;

// ---- Shapes

/** What the API shows of a data source's configuration: never a credential. */
export function publicConfig(dataSource: DataSource) {
  const settings: DataSourceSettings = dataSource.settings;
  if (dataSource.kind === "http") {
    const http = settings as HttpSourceSettings;
    return { url: http.url, format: http.format, headerNames: http.headerNames, hasPassword: new URL(http.url).password !== "" };
  }
  const sql = settings as SqlSourceSettings;
  if ("url" in sql) {
    return { url: sql.url, ssl: sql.ssl, statementTimeoutMs: sql.statementTimeoutMs, hasPassword: new URL(sql.url).password !== "" };
  }
  return {
    host: sql.host,
    port: sql.port,
    database: sql.database,
    user: sql.user,
    ssl: sql.ssl,
    statementTimeoutMs: sql.statementTimeoutMs,
    hasPassword: dataSource.credentials.password !== undefined,
  };
}

