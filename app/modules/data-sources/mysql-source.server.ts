import mysql from "mysql2";
import type { Connection, FieldPacket, TypeCast } from "mysql2";
import { ValidationFailed } from "~/core/errors/domain-errors";
import type { QueryResultPart, SqlTarget } from "./targets";

/**
 * MySQL and MariaDB data sources: a connectivity check and a read-only query
 * whose rows stream out in batches, every value as the text the server sent.
 *
 * The session is read-only before the transaction starts (SET SESSION
 * TRANSACTION READ ONLY), so even a statement that implicitly commits (DDL)
 * lands in another read-only transaction rather than a writable one.
 * multipleStatements stays off, so the query is exactly one statement, and
 * LOCAL INFILE is switched off in the handshake: a hostile server cannot ask
 * us for a local file.
 */
const ROWS_PER_BATCH = 1_000;
/** How long past the statement timeout we wait for the server before closing the socket. */
const CLIENT_GRACE_MS = 5_000;

const ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION = 1792;
/** MySQL: max_execution_time exceeded. */
const ER_QUERY_TIMEOUT = 3024;
/** MariaDB: max_statement_time exceeded. */
const ER_STATEMENT_TIMEOUT = 1969;

export async function testMysqlConnection(target: SqlTarget, timeoutMs: number): Promise<string> {
  let connection: Connection | undefined;
  const timer = setTimeout(() => connection?.destroy(), timeoutMs);
  try {
    connection = await connect(target, timeoutMs);
    const version = await serverVersion(connection);
    return `Connected to ${version.product} ${version.number} at ${target.host}:${target.port}, database '${target.database}'`;
  } catch (error) {
    throw describeFailure(target, error, {});
  } finally {
    clearTimeout(timer);
    connection?.destroy();
  }
}

/**
 * Runs `query` in a read-only transaction with a statement timeout
 * (max_execution_time on MySQL, max_statement_time on MariaDB). Yields the
 * column names once, then batches of rows. Numbers, decimals and dates are
 * the server's text (DATETIME and TIMESTAMP in ISO 8601, TIMESTAMP in UTC),
 * binary values hex ("0x…").
 */
export async function* queryMysql(
  target: SqlTarget,
  query: string,
  options: { statementTimeoutMs: number },
): AsyncGenerator<QueryResultPart> {
  let connection: Connection | undefined;
  let timedOut = false;
  const guard = setTimeout(() => {
    timedOut = true;
    connection?.destroy();
  }, options.statementTimeoutMs + CLIENT_GRACE_MS);
  try {
    connection = await connect(target, Math.min(options.statementTimeoutMs, 10_000));
    const version = await serverVersion(connection);
    await run(connection, "SET SESSION TRANSACTION READ ONLY");
    await run(connection, "SET SESSION time_zone = '+00:00'");
    if (version.product === "MariaDB") {
      await run(connection, `SET SESSION max_statement_time = ${options.statementTimeoutMs / 1000}`);
    } else {
      await run(connection, `SET SESSION max_execution_time = ${Math.round(options.statementTimeoutMs)}`);
    }
    await run(connection, "START TRANSACTION READ ONLY");

    const pending = connection.query({ sql: query, rowsAsArray: true, typeCast: serverText });
    let columns: string[] | undefined;
    pending.on("fields", (fields: FieldPacket[] | undefined) => {
      columns = (fields ?? []).map((field) => field.name);
    });
    const rows = pending.stream({ highWaterMark: ROWS_PER_BATCH });
    let columnsSent = false;
    let batch: Array<Array<string | null>> = [];
    for await (const row of rows as AsyncIterable<unknown[]>) {
      if (!columnsSent) {
        yield { kind: "columns", names: columns ?? [] };
        columnsSent = true;
      }
      batch.push(row.map(cellText));
      if (batch.length >= ROWS_PER_BATCH) {
        yield { kind: "rows", rows: batch };
        batch = [];
      }
    }
    if (!columnsSent) yield { kind: "columns", names: columns ?? [] };
    if (batch.length > 0) yield { kind: "rows", rows: batch };
    await run(connection, "ROLLBACK");
  } catch (error) {
    throw describeFailure(target, timedOut ? new QueryTimedOut() : error, { statementTimeoutMs: options.statementTimeoutMs });
  } finally {
    clearTimeout(guard);
    connection?.destroy();
  }
}

class QueryTimedOut extends Error {}

function connect(target: SqlTarget, connectTimeoutMs: number): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const connection = mysql.createConnection({
      host: target.host,
      port: target.port,
      database: target.database,
      user: target.user,
      password: target.password ?? "",
      ssl: target.ssl ? { rejectUnauthorized: true } : undefined,
      connectTimeout: connectTimeoutMs,
      multipleStatements: false,
      flags: ["-LOCAL_FILES", "-MULTI_STATEMENTS"],
      charset: "utf8mb4_general_ci",
    });
    // Errors after the handshake surface through the query that meets them.
    connection.on("error", () => undefined);
    connection.connect((error) => (error ? reject(error) : resolve(connection)));
  });
}

function run(connection: Connection, statement: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    connection.query(statement, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function serverVersion(connection: Connection): Promise<{ product: "MySQL" | "MariaDB"; number: string }> {
  const [row] = (await run(connection, "SELECT VERSION() AS version")) as Array<{ version: string }>;
  const text = row?.version ?? "";
  // MariaDB reports e.g. "10.11.19-MariaDB-0+deb12u1".
  if (/mariadb/i.test(text)) return { product: "MariaDB", number: text.split("-")[0]! };
  return { product: "MySQL", number: text };
}

/**
 * Each value as the server wrote it: mysql2 would otherwise turn numbers into
 * JavaScript numbers (losing digits) and dates into Date objects (in the
 * process's time zone).
 */
const serverText: TypeCast = (field, next) => {
  switch (field.type) {
    case "TINY":
    case "SHORT":
    case "LONG":
    case "INT24":
    case "YEAR":
    case "LONGLONG":
    case "FLOAT":
    case "DOUBLE":
    case "DECIMAL":
    case "NEWDECIMAL":
    case "DATE":
    case "NEWDATE":
    case "TIME":
    case "TIME2":
      return field.string("ascii");
    case "DATETIME":
    case "DATETIME2":
      return isoDateTime(field.string("ascii"), "");
    case "TIMESTAMP":
    case "TIMESTAMP2":
      // The session's time_zone is UTC, so a TIMESTAMP's text is UTC.
      return isoDateTime(field.string("ascii"), "Z");
    case "JSON":
      return field.string("utf8");
    default:
      return next();
  }
};

/** "2026-01-15 10:00:00.5" → "2026-01-15T10:00:00.5"; MySQL's zero date stays as it is. */
function isoDateTime(text: string | null, zone: string): string | null {
  if (text === null || text.startsWith("0000-00-00")) return text;
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)$/.exec(text);
  return match ? `${match[1]}T${match[2]}${zone}` : text;
}

/** Binary strings and BIT come as bytes, spatial values and vectors as structures. */
function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (Buffer.isBuffer(value)) return `0x${value.toString("hex")}`;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

interface FailureContext {
  statementTimeoutMs?: number;
}

/** What mysql2 puts on its errors: server errors carry errno and sqlMessage; fatal ones end the connection. */
interface MysqlError {
  errno?: number;
  code?: string;
  sqlMessage?: string;
  fatal?: boolean;
  message?: string;
}

function describeFailure(target: SqlTarget, error: unknown, context: FailureContext): Error {
  if (error instanceof ValidationFailed) return error;
  if (error instanceof QueryTimedOut) {
    return queryFailed(target, `The server did not answer within the statement timeout of ${context.statementTimeoutMs} ms; the connection was closed`);
  }
  const queryError = error as MysqlError | null;
  if (typeof queryError?.errno === "number" && queryError.sqlMessage !== undefined && !queryError.fatal) {
    if (queryError.errno === ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION) {
      return queryFailed(target, `The query tries to change data, and snapshots run in a read-only transaction: ${queryError.sqlMessage}`);
    }
    if (queryError.errno === ER_QUERY_TIMEOUT || queryError.errno === ER_STATEMENT_TIMEOUT) {
      return queryFailed(
        target,
        `The query ran longer than the statement timeout of ${context.statementTimeoutMs} ms and was interrupted; narrow it or raise statementTimeoutMs`,
      );
    }
    return queryFailed(target, `The server refused the query: ${queryError.sqlMessage} [${queryError.code}]`);
  }
  if (typeof queryError?.code === "string") {
    return new ValidationFailed(`Could not connect to the MySQL/MariaDB server at ${target.host}:${target.port}: ${scrub(target, queryError.message ?? queryError.code)}`);
  }
  return error instanceof Error ? error : new Error(String(error));
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
