import postgres from "postgres";
import { ValidationFailed } from "~/core/errors/domain-errors";
import type { QueryResultPart, SqlTarget } from "./targets";

/**
 * PostgreSQL data sources: a connectivity check and a read-only query whose
 * rows stream out in batches, every value as the text PostgreSQL sent.
 *
 * Every connection option is given explicitly. postgres.js falls back to
 * PGHOST, PGPASSWORD, … of *this* process for anything left out, and a data
 * source without a password must not send our own to someone else's server.
 */
const ROWS_PER_BATCH = 1_000;
/** How long past the statement timeout we wait for the server before giving up on the socket. */
const CLIENT_GRACE_MS = 5_000;

const SQLSTATE_READ_ONLY_TRANSACTION = "25006";
const SQLSTATE_QUERY_CANCELED = "57014";

export async function testPostgresConnection(target: SqlTarget, timeoutMs: number): Promise<string> {
  const sql = connect(target, timeoutMs);
  try {
    const [row] = await withDeadline(
      sql`select current_setting('server_version') as version, current_setting('is_superuser') = 'on' as superuser`,
      timeoutMs,
      sql,
      () => connectionFailed(target, new Error(`no answer within ${timeoutMs} ms`)),
    );
    const { version, superuser } = row as { version: string; superuser: string };
    const connected = `Connected to PostgreSQL ${version} at ${target.host}:${target.port}, database '${target.database}'`;
    // Read-only transactions do not stop a superuser's COPY … TO PROGRAM; the role's own rights should.
    if (superuser === "true") return `${connected}; warning: '${target.user}' is a superuser, give snapshots a role that can only read`;
    return connected;
  } catch (error) {
    throw describeFailure(target, error, {});
  } finally {
    await sql.end({ timeout: 0 });
  }
}

/**
 * Runs `query` in a read-only transaction with a statement timeout. Yields the
 * column names once, then batches of rows; each value is PostgreSQL's text
 * output (numbers exactly as written, never through a JavaScript number),
 * except booleans ("true"/"false") and timestamps, which become ISO 8601.
 *
 * The query goes through the extended protocol, which takes exactly one
 * statement: "select 1; commit; delete …" is refused as a whole, never a
 * way out of the read-only transaction.
 */
export async function* queryPostgres(
  target: SqlTarget,
  query: string,
  options: { statementTimeoutMs: number },
): AsyncGenerator<QueryResultPart> {
  const sql = connect(target, Math.min(options.statementTimeoutMs, 10_000));
  // The server enforces the timeout; this only covers a server or network that stops answering.
  let timedOut = false;
  const guard = setTimeout(() => {
    timedOut = true;
    void sql.end({ timeout: 0 });
  }, options.statementTimeoutMs + CLIENT_GRACE_MS);
  try {
    await sql.unsafe("begin read only");
    // A SELECT rather than SET LOCAL: it also takes the transaction's
    // snapshot, after which nothing can switch the transaction to read write.
    await sql`select
      set_config('statement_timeout', ${String(options.statementTimeoutMs)}, true),
      set_config('TimeZone', 'UTC', true),
      set_config('DateStyle', 'ISO, YMD', true),
      set_config('IntervalStyle', 'iso_8601', true)`;

    let columnsSent = false;
    for await (const batch of sql.unsafe(query, [], { prepare: false }).values().cursor(ROWS_PER_BATCH)) {
      if (!columnsSent) {
        // The first batch carries the row description.
        const { columns } = batch as unknown as { columns: Array<{ name: string }> };
        yield { kind: "columns", names: columns.map((column) => column.name) };
        columnsSent = true;
      }
      yield { kind: "rows", rows: batch as unknown as Array<Array<string | null>> };
    }
    if (!columnsSent) {
      // No rows, so no batch carried the columns; the statement has run, so describing it is safe.
      const description = await sql.unsafe(query, [], { prepare: false }).describe();
      yield { kind: "columns", names: description.columns.map((column) => column.name) };
    }
    await sql.unsafe("rollback");
  } catch (error) {
    throw describeFailure(target, timedOut ? new QueryTimedOut() : error, { statementTimeoutMs: options.statementTimeoutMs });
  } finally {
    clearTimeout(guard);
    await sql.end({ timeout: 0 });
  }
}

class QueryTimedOut extends Error {}

function connect(target: SqlTarget, connectTimeoutMs: number) {
  return postgres({
    host: target.host,
    port: target.port,
    database: target.database,
    user: target.user,
    // A function, because postgres.js would read PGPASSWORD for an empty string.
    pass: () => target.password ?? "",
    ssl: target.ssl,
    max: 1,
    idle_timeout: 1,
    max_lifetime: null,
    connect_timeout: Math.max(1, Math.ceil(connectTimeoutMs / 1000)),
    // No named statements left on a server we do not own (and pgbouncer-safe); no type catalogue reads.
    prepare: false,
    fetch_types: false,
    onnotice: () => {},
    connection: { application_name: "reconstream-data-source" },
    types: RAW_TEXT_TYPES,
  });
}

/**
 * postgres.js turns numbers, dates, JSON and bytea into JavaScript values;
 * a snapshot wants the server's text instead. Types not listed here (numeric,
 * int8, arrays, …) already arrive as text.
 */
const RAW_TEXT_TYPES = {
  text: { to: 25, from: [17, 21, 23, 26, 114, 700, 701, 1082, 3802], serialize: String, parse: (text: string) => text },
  boolean: { to: 16, from: [16], serialize: String, parse: (text: string) => (text === "t" ? "true" : "false") },
  timestamp: { to: 1114, from: [1114], serialize: String, parse: (text: string) => isoTimestamp(text, "") },
  timestamptz: { to: 1184, from: [1184], serialize: String, parse: (text: string) => isoTimestamp(text, "Z") },
};

/** "2026-01-15 10:00:00.5+00" (DateStyle ISO, TimeZone UTC) → "2026-01-15T10:00:00.5Z"; infinity and BC dates stay as they are. */
function isoTimestamp(text: string, zone: string): string {
  const match = /^(\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)(\+00)?$/.exec(text);
  if (!match) return text;
  return `${match[1]}T${match[2]}${zone}`;
}

async function withDeadline<T>(work: Promise<T>, timeoutMs: number, sql: postgres.Sql, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void sql.end({ timeout: 0 });
      reject(onTimeout());
    }, timeoutMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

interface FailureContext {
  statementTimeoutMs?: number;
}

/** What went wrong, in words a person configuring the source can act on; secrets scrubbed. */
function describeFailure(target: SqlTarget, error: unknown, context: FailureContext): Error {
  if (error instanceof ValidationFailed) return error;
  if (error instanceof QueryTimedOut) {
    return queryFailed(target, `The server did not answer within the statement timeout of ${context.statementTimeoutMs} ms; the connection was closed`);
  }
  if (error instanceof postgres.PostgresError) {
    if (error.code === SQLSTATE_READ_ONLY_TRANSACTION) {
      return queryFailed(target, `The query tries to change data, and snapshots run in a read-only transaction: ${error.message}`);
    }
    if (error.code === SQLSTATE_QUERY_CANCELED && context.statementTimeoutMs !== undefined) {
      return queryFailed(
        target,
        `The query ran longer than the statement timeout of ${context.statementTimeoutMs} ms and was cancelled; narrow it or raise statementTimeoutMs`,
      );
    }
    if (isConnectionSqlState(error.code)) return connectionFailed(target, error);
    const hint = error.hint ? ` (${error.hint})` : "";
    return queryFailed(target, `PostgreSQL refused the query: ${error.message}${hint} [SQLSTATE ${error.code}]`);
  }
  if (isNetworkError(error)) return connectionFailed(target, error as Error);
  return error instanceof Error ? error : new Error(String(error));
}

/** Class 08 (connection), 28 (authorization), 3D (no such database), 53 (resources), 57P (shutdown). */
function isConnectionSqlState(code: string): boolean {
  return /^(08|28|3D|53|57P)/.test(code);
}

function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return false;
  return /^(E[A-Z]+|CONNECT_TIMEOUT|CONNECTION_CLOSED|CONNECTION_ENDED|CONNECTION_DESTROYED|ERR_TLS_.*|UNABLE_TO_.*|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|CERT_.*)$/.test(code);
}

function connectionFailed(target: SqlTarget, error: Error): ValidationFailed {
  const reason = scrub(target, error.message);
  return new ValidationFailed(`Could not connect to PostgreSQL at ${target.host}:${target.port}: ${reason}`);
}

function queryFailed(target: SqlTarget, message: string): ValidationFailed {
  const detail = scrub(target, message);
  return new ValidationFailed(detail, { errors: [{ pointer: "/query", message: detail }] });
}

function scrub(target: SqlTarget, message: string): string {
  let scrubbed = message;
  for (const secret of target.secrets) if (secret.length > 0) scrubbed = scrubbed.replaceAll(secret, "***");
  return scrubbed;
}
