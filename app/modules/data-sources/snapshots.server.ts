import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { NotFound, ValidationFailed, type ProblemLocation } from "~/core/errors/domain-errors";
import { IngestFileError, profileFile, readFile, type ByteSource, type FileProfile, type IngestError } from "~/core/ingest";
import { getArtifactStore, type StoredObject } from "~/platform/storage/index.server";
import type { Tx } from "~/platform/db/client";
import { newId } from "~/platform/db/ids";
import { dataSources, dataSourceSnapshots, uploadedFiles } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { recordAudit } from "~/modules/audit/index.server";
import { releaseStoredObject, type UploadedFile } from "~/modules/files/index.server";
import { loadDataSourceTarget, type DataSource, type DataSourceTarget } from "./data-sources.server";
import { fetchHttpSource, MAX_HTTP_SOURCE_BYTES } from "./http-source.server";
import { queryMysql } from "./mysql-source.server";
import { queryPostgres } from "./postgres-source.server";
import type { QueryResultPart } from "./targets";

/**
 * A snapshot freezes what a data source holds right now into a file of the
 * org (uploaded_files, kind "snapshot", ready at once): a SQL query's result
 * as CSV, or an HTTP source's bytes as they were sent. Runs then read it like
 * any upload, and the data_source_snapshots row says which source and query
 * produced it.
 *
 * The remote work (query, fetch) streams straight into the artifact store
 * before any database transaction opens, so a slow source never holds one;
 * the file row, the snapshot row and the audit event are then written in one
 * transaction, and if that fails the stored bytes are released.
 */
export type DataSourceSnapshot = typeof dataSourceSnapshots.$inferSelect;

export interface SnapshotWithFile {
  snapshot: DataSourceSnapshot;
  file: UploadedFile;
}


/** A snapshot larger than this is refused, whatever its source. */
export const MAX_SNAPSHOT_BYTES = MAX_HTTP_SOURCE_BYTES;
const MAX_QUERY_LENGTH = 100_000;
/** Located errors returned when an HTTP source's bytes cannot be read. */
const MAX_REPORTED_ERRORS = 100;

interface TakenSnapshot {
  stored: StoredObject;
  name: string;
  mime: string;
  rowCount: number;
  profile: FileProfile;
  query: string | null;
  sourceUrl: string | null;
}

export async function createSnapshot(ctx: OrgContext, dataSourceId: string, input: { query?: string }): Promise<SnapshotWithFile> {
  const target = await loadDataSourceTarget(ctx, dataSourceId);
  const taken = target.kind === "http" ? await takeHttpSnapshot(ctx, target, input) : await takeSqlSnapshot(ctx, target, input);
  return registerSnapshot(ctx, target.dataSource, taken);
}

// ---- SQL: the query's rows as CSV

async function takeSqlSnapshot(
  ctx: OrgContext,
  target: Extract<DataSourceTarget, { kind: "postgres" | "mysql" }>,
  input: { query?: string },
): Promise<TakenSnapshot> {
  const query = input.query?.trim();
  if (!query) {
    throw new ValidationFailed(`A ${target.kind} data source needs a query`, {
      errors: [{ pointer: "/query", message: "is required: the SELECT whose rows become the snapshot" }],
    });
  }
  if (query.length > MAX_QUERY_LENGTH) {
    throw new ValidationFailed("The query is too long", { errors: [{ pointer: "/query", message: `is longer than ${MAX_QUERY_LENGTH} characters` }] });
  }
  // A trailing semicolon is habit, not a second statement; the drivers would refuse it as one.
  const statement = query.replace(/[\s;]+$/, "");
  const options = { statementTimeoutMs: target.statementTimeoutMs };
  const parts = target.kind === "postgres" ? queryPostgres(target.sql, statement, options) : queryMysql(target.sql, statement, options);
  const tally = { rows: 0 };
  const stored = await getArtifactStore().put(csvFromQueryResult(parts, tally));
  const name = snapshotFileName(target.dataSource, "csv");
  const profile = await profileOrRelease(ctx, stored, name);
  return { stored, name, mime: "text/csv", rowCount: tally.rows, profile, query, sourceUrl: null };
}

/**
 * RFC 4180: CRLF line ends, a header row, fields quoted when they hold a
 * quote, comma or line break (quotes doubled), and also when they start or
 * end with a space, which readers tend to trim. NULL is an empty field and
 * an empty string is "", so the two stay apart.
 */
async function* csvFromQueryResult(parts: AsyncIterable<QueryResultPart>, tally: { rows: number }): AsyncGenerator<Uint8Array> {
  let columnCount = 0;
  let bytes = 0;
  const emit = (text: string) => {
    const chunk = Buffer.from(text, "utf8");
    bytes += chunk.byteLength;
    if (bytes > MAX_SNAPSHOT_BYTES) {
      throw new ValidationFailed(`The result is larger than ${MAX_SNAPSHOT_BYTES} bytes of CSV, the most a snapshot may hold; narrow the query`, {
        errors: [{ pointer: "/query", message: "returns too much data" }],
      });
    }
    return chunk;
  };
  for await (const part of parts) {
    if (part.kind === "columns") {
      assertUsableColumns(part.names);
      columnCount = part.names.length;
      yield emit(csvLine(part.names, columnCount));
      continue;
    }
    let text = "";
    for (const row of part.rows) text += csvLine(row, columnCount);
    tally.rows += part.rows.length;
    if (text !== "") yield emit(text);
  }
}

function csvLine(values: ReadonlyArray<string | null>, columnCount: number): string {
  // A lone NULL would make an empty line, which CSV readers skip as blank.
  if (columnCount === 1 && values[0] === null) return '""\r\n';
  return values.map(csvField).join(",") + "\r\n";
}

function csvField(value: string | null): string {
  if (value === null) return "";
  if (value === "") return '""';
  if (/[",\r\n]/.test(value) || /^\s|\s$/.test(value)) return `"${value.replaceAll('"', '""')}"`;
  return value;
}

function assertUsableColumns(names: string[]): void {
  const at = (message: string) => ({ errors: [{ pointer: "/query", message }] });
  if (names.length === 0) {
    throw new ValidationFailed("The query returns no columns; a snapshot needs a query that returns rows, such as a SELECT", at("returns no columns"));
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (name.includes("\u0000")) throw new ValidationFailed("A column name contains the NUL character", at("has a column name with NUL"));
    if (seen.has(name)) {
      throw new ValidationFailed(`The query returns two columns named '${name}'; give them distinct aliases`, at(`column '${name}' appears twice`));
    }
    seen.add(name);
  }
}

// ---- HTTP: the bytes as sent

async function takeHttpSnapshot(
  ctx: OrgContext,
  target: Extract<DataSourceTarget, { kind: "http" }>,
  input: { query?: string },
): Promise<TakenSnapshot> {
  if (input.query !== undefined) {
    throw new ValidationFailed("An http data source takes no query", {
      errors: [{ pointer: "/query", message: "must be left out for http data sources; send {}" }],
    });
  }
  const fetched = await fetchHttpSource(target.http);
  let stored: StoredObject;
  try {
    stored = await getArtifactStore().put(fetched.body);
  } finally {
    // The store may give up before it starts reading; the connection must not wait for the timeout.
    fetched.close();
  }
  const format = target.http.format;
  const name = snapshotFileName(target.dataSource, format);
  const profile = await profileOrRelease(ctx, stored, name);
  // The rows are counted by reading the file through, as profiling an upload does.
  let rowCount: number;
  try {
    const read = await readFile(openStored(stored), name, profile, { sourceId: name, policy: "strict", maxErrors: MAX_REPORTED_ERRORS });
    if (read.errorCount > 0) throw unreadable(read.errors, read.errorCount);
    rowCount = read.table.rowCount;
  } catch (error) {
    await releaseStoredObject(ctx, stored.key);
    if (error instanceof IngestFileError) throw unreadable(error.errors, error.errorCount);
    throw error;
  }
  const mime = format === "csv" ? "text/csv" : "application/json";
  return { stored, name, mime, rowCount, profile, query: null, sourceUrl: fetched.finalUrl };
}

function unreadable(errors: IngestError[], errorCount: number): ValidationFailed {
  const located: ProblemLocation[] = errors.slice(0, MAX_REPORTED_ERRORS).map((error) => {
    const location: ProblemLocation = { file: error.file, line: error.line, message: error.message };
    if (error.column !== undefined) location.column = error.column;
    if (error.field !== undefined) location.field = error.field;
    return location;
  });
  return new ValidationFailed(
    `The data source answered with data that cannot be read: ${errorCount} error${errorCount === 1 ? "" : "s"}; nothing was kept`,
    { errors: located },
  );
}

// ---- Both

/** The detected schema makes the snapshot previewable and readable by runs at once, as a profiled upload is. */
async function profileOrRelease(ctx: OrgContext, stored: StoredObject, name: string): Promise<FileProfile> {
  try {
    return await profileFile(openStored(stored), name);
  } catch (error) {
    await releaseStoredObject(ctx, stored.key);
    if (error instanceof IngestFileError) throw unreadable(error.errors, error.errorCount);
    throw error;
  }
}

function openStored(stored: StoredObject): ByteSource {
  return async function* () {
    yield* (await getArtifactStore().get(stored.key)) as AsyncIterable<Uint8Array>;
  };
}

async function registerSnapshot(ctx: OrgContext, dataSource: DataSource, taken: TakenSnapshot): Promise<SnapshotWithFile> {
  try {
    return await inOrgTransaction(ctx.orgId, async (tx) => {
      await lockStorageKey(tx, taken.stored.key);
      // Under the lock a concurrent release can no longer delete the object; it may have just before.
      if (!(await getArtifactStore().exists(taken.stored.key))) {
        throw new Error(`stored object ${taken.stored.key} was released before its file row was written; the snapshot can be retried`);
      }
      // Deleted while the query ran: its credentials are gone, and so should this snapshot be.
      const [source] = await tx
        .select({ id: dataSources.id })
        .from(dataSources)
        .where(and(eq(dataSources.orgId, ctx.orgId), eq(dataSources.id, dataSource.id), isNull(dataSources.deletedAt)))
        .for("share");
      if (!source) throw new NotFound("data source", dataSource.id);
      const [original] = await tx
        .select({ id: uploadedFiles.id })
        .from(uploadedFiles)
        .where(and(eq(uploadedFiles.orgId, ctx.orgId), eq(uploadedFiles.sha256, taken.stored.sha256)))
        .orderBy(asc(uploadedFiles.id))
        .limit(1);
      const now = new Date();
      const [file] = await tx
        .insert(uploadedFiles)
        .values({
          id: newId("file"),
          orgId: ctx.orgId,
          name: taken.name,
          mime: taken.mime,
          size: taken.stored.size,
          sha256: taken.stored.sha256,
          storageKey: taken.stored.key,
          status: "ready",
          kind: "snapshot",
          detectedSchema: withoutNulCharacters(taken.profile),
          policy: "strict",
          rowCount: taken.rowCount,
          duplicateOf: original?.id ?? null,
          createdBy: ctx.actor.label,
          profiledAt: now,
        })
        .returning();
      const [snapshot] = await tx
        .insert(dataSourceSnapshots)
        .values({
          id: newId("dataSourceSnapshot"),
          orgId: ctx.orgId,
          dataSourceId: dataSource.id,
          fileId: file!.id,
          query: taken.query,
          sourceUrl: taken.sourceUrl,
          rowCount: taken.rowCount,
          createdBy: ctx.actor.label,
        })
        .returning();
      await recordAudit(tx, ctx, {
        action: "data_source.snapshot_created",
        resourceType: "data_source",
        resourceId: dataSource.id,
        changes: {
          after: {
            snapshotId: snapshot!.id,
            fileId: file!.id,
            query: taken.query,
            sourceUrl: taken.sourceUrl,
            rowCount: taken.rowCount,
            size: file!.size,
            sha256: file!.sha256,
          },
        },
      });
      return { snapshot: snapshot!, file: file! };
    });
  } catch (error) {
    await releaseStoredObject(ctx, taken.stored.key);
    throw error;
  }
}

/** The same per-object lock as app/modules/files/stored-objects.server.ts takes, so a row is never written for bytes being deleted. */
async function lockStorageKey(tx: Tx, storageKey: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`artifact:${storageKey}`}, 0))`);
}

/** "Orders DB" at 2026-11-25T10:00:00Z → "orders-db-20261125T100000Z.csv" */
function snapshotFileName(dataSource: DataSource, extension: string): string {
  const slug =
    dataSource.name
      .normalize("NFKD")
      .replace(/[^\w\s-]/g, "")
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, "-")
      .slice(0, 80) || "snapshot";
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `${slug}-${stamp}.${extension}`;
}

/** PostgreSQL jsonb cannot hold U+0000, and a sampled value in the profile may. */
function withoutNulCharacters<T>(value: T): T {
  if (typeof value === "string") return value.replaceAll("\u0000", "\ufffd") as T;
  if (Array.isArray(value)) return value.map((item: unknown) => withoutNulCharacters(item)) as T;
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [withoutNulCharacters(key), withoutNulCharacters(item)])) as T;
}
