import { streamStoredObject } from "./ready-files.server";
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import type { Readable } from "node:stream";
import { and, asc, desc, eq, ilike, lt, ne, notExists, or, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { OrgContext } from "~/core/access";
import { ArtifactIntegrityFailed, Conflict, Gone, NotFound, ValidationFailed, type ProblemLocation } from "~/core/errors/domain-errors";
import { getEnv } from "~/platform/env.server";
import { bodyIssues } from "~/http/zod-problems";
import {
  IngestFileError,
  normalizeCell,
  profileFile,
  readFile,
  scanFile,
  type ByteSource,
  type DetectionOverrides,
  type FileProfile,
  type IngestError,
} from "~/core/ingest";
import type { RawTable } from "~/core/engine/types";
import { getLogger } from "~/platform/observability/logger.server";
import { ArtifactIntegrityError, ArtifactNotFoundError, getArtifactStore, type StoredObject } from "~/platform/storage/index.server";
import { getDb, type Tx } from "~/platform/db/client";
import { newId } from "~/platform/db/ids";
import { reconciliationArtifacts, uploadedFiles, type FILE_KINDS, type INGEST_POLICIES } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { enqueue } from "~/platform/jobs";
import { recordAudit } from "~/modules/audit/index.server";
import { enqueueInboxTriggers } from "~/modules/streams/index.server";
import { receiveMultipartUpload } from "./multipart-upload.server";
import { ProfilingLimitReached, profileInBoundedThread } from "./profile-thread.server";
import { chooseFileFormat, profileWithAdapter, readThroughAdapter } from "./profile-with-adapter.server";
import { findDuplicateStatement, type FormatChoice, formatChoiceOf } from "./file-format.server";
import type { FileFormat } from "~/core/adapters/file-format";

export type UploadedFile = typeof uploadedFiles.$inferSelect;
export type FileStatus = UploadedFile["status"];
export type FileKind = (typeof FILE_KINDS)[number];
export type IngestPolicy = (typeof INGEST_POLICIES)[number];

/**
 * The file lifecycle. A file is profiled in the background after upload; a
 * PATCH of its overrides or policy sends it back to processing, also while a
 * profiling is still under way (the newer request wins, see `revision`).
 */
const FILE_TRANSITIONS: Record<FileStatus, readonly FileStatus[]> = {
  processing: ["ready", "failed", "processing"],
  ready: ["processing"],
  failed: ["processing"],
};

/** Errors kept on the row; error_count has the total. A client fixing a file needs the first ones, not a million. */
export const MAX_STORED_ERRORS = 100;
/** Rejected line numbers kept on the row (lenient policy); enough to review, bounded for a file of mostly bad rows. */
export const MAX_STORED_REJECTED_LINES = 10_000;
const MAX_FILE_NAME_LENGTH = 255;

// ---- Upload

/** What the form next to the file says, once validated. */
export interface UploadForm {
  tags: string[];
  inbox: string | null;
  policy: IngestPolicy;
}

export const UPLOAD_FILE_FIELD = "file";
export const UPLOAD_FORM_FIELDS = ["tags", "inbox", "policy"] as const;

export interface ReceivedUpload extends UploadForm {
  stored: StoredObject;
  name: string;
  mime: string;
}

/**
 * Streams the multipart upload into storage and validates the form. On any
 * failure (413, 415, 422, an aborted client, a storage error) nothing it
 * stored is left behind.
 */
export async function receiveUpload(
  ctx: OrgContext,
  request: Request,
  formSchema: z.ZodType<UploadForm>,
): Promise<ReceivedUpload> {
  const upload = await receiveMultipartUpload(request, {
    store: getArtifactStore(),
    maxFileBytes: getEnv().MAX_UPLOAD_BYTES,
    fileField: UPLOAD_FILE_FIELD,
    allowedFields: UPLOAD_FORM_FIELDS,
    release: (stored) => releaseStoredObject(ctx, stored.key),
  });
  const form = formSchema.safeParse(upload.fields);
  if (!form.success) {
    await releaseStoredObject(ctx, upload.stored.key);
    const errors = bodyIssues(form.error);
    throw new ValidationFailed(`${errors.length} problem${errors.length === 1 ? "" : "s"} in the form`, { errors });
  }
  return {
    ...form.data,
    stored: upload.stored,
    name: cleanFileName(upload.fileName),
    mime: cleanMimeType(upload.mimeType),
  };
}

/**
 * Records an upload whose bytes are already stored and queues its profiling,
 * in one transaction. Bytes the org already has are accepted too (a bank
 * re-sending yesterday's statement is worth knowing, not refusing):
 * `duplicateOf` then names the org's earliest file with the same sha256.
 */
export async function createUploadedFile(
  ctx: OrgContext,
  upload: ReceivedUpload,
): Promise<{ file: UploadedFile; duplicateOf: UploadedFile | null }> {
  try {
    return await inOrgTransaction(ctx.orgId, async (tx) => {
      await lockStorageKey(tx, upload.stored.key);
      // Under the lock, a failed upload of the same bytes can no longer
      // release the object; it may have done so just before, though.
      if (!(await getArtifactStore().exists(upload.stored.key))) {
        throw new Error(`stored object ${upload.stored.key} was released before its file row was written; the upload can be retried`);
      }
      const [original] = await tx
        .select()
        .from(uploadedFiles)
        .where(and(eq(uploadedFiles.orgId, ctx.orgId), eq(uploadedFiles.sha256, upload.stored.sha256)))
        .orderBy(asc(uploadedFiles.id))
        .limit(1);
      const [file] = await tx
        .insert(uploadedFiles)
        .values({
          id: newId("file"),
          orgId: ctx.orgId,
          name: upload.name,
          mime: upload.mime,
          size: upload.stored.size,
          sha256: upload.stored.sha256,
          storageKey: upload.stored.key,
          status: "processing",
          kind: "upload",
          policy: upload.policy,
          tags: upload.tags,
          inbox: upload.inbox,
          duplicateOf: original?.id ?? null,
          createdBy: ctx.actor.label,
        })
        .returning();
      await enqueueProfiling(tx, file!.id);
      await recordAudit(tx, ctx, {
        action: "file.uploaded",
        resourceType: "file",
        resourceId: file!.id,
        changes: {
          after: {
            name: file!.name,
            mime: file!.mime,
            size: file!.size,
            sha256: file!.sha256,
            kind: file!.kind,
            policy: file!.policy,
            tags: file!.tags,
            inbox: file!.inbox,
            duplicateOf: file!.duplicateOf,
            status: file!.status,
          },
        },
      });
      return { file: file!, duplicateOf: original ?? null };
    });
  } catch (error) {
    await releaseStoredObject(ctx, upload.stored.key);
    throw error;
  }
}

export function duplicateWarning(duplicateOf: UploadedFile | null): string | null {
  if (!duplicateOf) return null;
  return (
    `Same bytes (sha256) as file '${duplicateOf.id}' ('${duplicateOf.name}', uploaded ${duplicateOf.createdAt.toISOString()}); ` +
    "it was accepted, and duplicateOf points to the earlier file."
  );
}

// ---- Reads

export async function listFiles(
  ctx: OrgContext,
  options: { limit: number; cursor?: string; status?: FileStatus; kind?: FileKind; inbox?: string; nameContains?: string },
): Promise<{ data: UploadedFile[]; nextCursor: string | null }> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const conditions: SQL[] = [eq(uploadedFiles.orgId, ctx.orgId)];
    if (options.cursor) conditions.push(lt(uploadedFiles.id, options.cursor));
    if (options.status) conditions.push(eq(uploadedFiles.status, options.status));
    if (options.kind) conditions.push(eq(uploadedFiles.kind, options.kind));
    if (options.inbox) conditions.push(eq(uploadedFiles.inbox, options.inbox));
    if (options.nameContains) conditions.push(ilike(uploadedFiles.name, `%${escapeLikePattern(options.nameContains)}%`));
    const rows = await tx
      .select()
      .from(uploadedFiles)
      .where(and(...conditions))
      .orderBy(desc(uploadedFiles.id))
      .limit(options.limit + 1);
    const hasMore = rows.length > options.limit;
    const data = rows.slice(0, options.limit);
    return { data, nextCursor: hasMore ? data.at(-1)!.id : null };
  });
}

export async function getFile(ctx: OrgContext, id: string): Promise<UploadedFile> {
  return inOrgTransaction(ctx.orgId, (tx) => selectFile(tx, ctx, id));
}

export interface FilePreview {
  file: UploadedFile;
  columns: string[];
  rows: Array<{ line: number; values: Record<string, { raw: string | null; value: string | number | boolean | null; error?: string }> }>;
}

/**
 * The first `limit` rows as the engine will see them: each cell raw and
 * normalized by the file's column profile, with the line it came from.
 *
 * With `aroundLine` (an exception's provenance), the rows around that line
 * instead: about `limit` rows centred on the first row at or after it. Rows
 * are read up to there, so the line is bounded by PREVIEW_MAX_LINE.
 */
export const PREVIEW_MAX_LINE = 200_000;

export async function previewFile(ctx: OrgContext, id: string, limit: number, options: { aroundLine?: number } = {}): Promise<FilePreview> {
  const file = await getFile(ctx, id);
  assertReadable(file);
  const aroundLine = options.aroundLine;
  if (aroundLine !== undefined && (!Number.isInteger(aroundLine) || aroundLine < 1 || aroundLine > PREVIEW_MAX_LINE)) {
    throw new ValidationFailed(`A preview can start at lines 1 to ${PREVIEW_MAX_LINE}; download the file to see line ${aroundLine}`, {
      errors: [{ parameter: "line", message: `must be a whole number from 1 to ${PREVIEW_MAX_LINE}` }],
    });
  }
  await assertBytesRetained(ctx, file);
  const profile = file.detectedSchema!;
  const half = Math.floor(limit / 2);
  // A data row's line is at least its index + 2 (the header is line 1), so
  // reading aroundLine + half rows always reaches past the line asked for;
  // near the start, a full window still needs `limit` rows.
  const maxRows = aroundLine === undefined ? limit : Math.max(limit, aroundLine + half);
  // Only the first `maxRows` rows are parsed; the stored stream still reads and
  // hashes the rest, so the sha256 is verified before any row is shown (see
  // streamStoredObject).
  let table: RawTable;
  try {
    table = file.format?.adapter
      ? await readThroughAdapter(openStoredBytes(file), file, file.format.adapter, { maxRows })
      : (await readFile(openStoredBytes(file, { verifyWhenStoppedEarly: true }), file.name, profile, { sourceId: file.id, policy: file.policy, maxRows })).table;
  } catch (error) {
    if (error instanceof ArtifactIntegrityError || error instanceof ArtifactNotFoundError) throw integrityFailure(ctx, file, error);
    throw error;
  }
  const { first, end } = previewWindow(table, limit, aroundLine);
  const columnProfiles = new Map(profile.columns.map((column) => [column.name, column]));
  const rows: FilePreview["rows"] = [];
  for (let row = first; row < end; row++) {
    const values: FilePreview["rows"][number]["values"] = {};
    table.columns.forEach((columnName, columnIndex) => {
      const raw = table.cells[columnIndex]![row] ?? null;
      const columnProfile = columnProfiles.get(columnName);
      if (!columnProfile) {
        values[columnName] = { raw, value: raw };
        return;
      }
      const normalized = normalizeCell(raw, columnProfile);
      values[columnName] = normalized.error === undefined ? { raw, value: normalized.value } : { raw, value: normalized.value, error: normalized.error };
    });
    rows.push({ line: table.provenance.line[row]!, values });
  }
  return { file, columns: table.columns, rows };
}

/** Which rows of the table a preview shows: the first `limit`, or about `limit` centred on `aroundLine`. */
function previewWindow(table: RawTable, limit: number, aroundLine: number | undefined): { first: number; end: number } {
  if (aroundLine === undefined) return { first: 0, end: Math.min(limit, table.rowCount) };
  let target = table.rowCount - 1;
  for (let row = 0; row < table.rowCount; row++) {
    if (table.provenance.line[row]! >= aroundLine) {
      target = row;
      break;
    }
  }
  const first = Math.max(0, Math.min(target - Math.floor(limit / 2), table.rowCount - limit));
  return { first, end: Math.min(table.rowCount, first + limit) };
}

/**
 * The original bytes, verified. The store checks an object's sha256 only as
 * it streams, i.e. after a response would have been committed with a 200.
 * So the object is read twice: once to hash it completely, and only if it
 * matches the sha256 recorded at upload a second time to send it. That
 * doubles the disk reads of a download, which is the price of never serving
 * corrupt bytes under a success status. The second read is still verified
 * by the store as it streams; corruption in the moment between the two reads
 * aborts the transfer (the client sees a truncated body, not a clean one).
 */
export async function openVerifiedDownload(ctx: OrgContext, id: string): Promise<{ file: UploadedFile; body: Readable }> {
  const file = await getFile(ctx, id);
  await assertBytesRetained(ctx, file);
  await verifyStoredBytes(ctx, file);
  return { file, body: await getArtifactStore().get(file.storageKey) };
}

// ---- Writes

export interface FilePatch {
  overrides?: DetectionOverrides;
  /** An adapter's name or null (a plain table) fixes the format; `format: null` goes back to recognition. */
  format?: FormatChoice | null;
  policy?: IngestPolicy;
  tags?: string[];
}

/**
 * Tags change in place. New overrides or a new policy mean the detection or
 * the read must run again: the file goes back to processing and a profiling
 * job is queued. A failed file is re-profiled by any PATCH that names
 * overrides or policy, so a failure on our side can be retried.
 */
export async function updateFile(ctx: OrgContext, id: string, patch: FilePatch): Promise<UploadedFile> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const before = await lockFile(tx, ctx, id);
    const changedBefore: Record<string, unknown> = {};
    const changedAfter: Record<string, unknown> = {};
    const values: Partial<typeof uploadedFiles.$inferInsert> = {};
    if (patch.tags !== undefined && !sameJson(patch.tags, before.tags)) {
      changedBefore.tags = before.tags;
      changedAfter.tags = values.tags = patch.tags;
    }
    if (patch.overrides !== undefined && !sameJson(patch.overrides, before.overrides)) {
      changedBefore.overrides = before.overrides;
      changedAfter.overrides = values.overrides = patch.overrides;
    }
    if (patch.policy !== undefined && patch.policy !== before.policy) {
      changedBefore.policy = before.policy;
      changedAfter.policy = values.policy = patch.policy;
    }
    if (patch.format !== undefined) {
      const format = formatChoiceOf(patch.format, ctx.actor.label);
      if (!sameFormatChoice(format, before.format)) {
        changedBefore.format = before.format;
        changedAfter.format = values.format = format;
      }
    }
    const asksForProfiling = patch.overrides !== undefined || patch.policy !== undefined || patch.format !== undefined;
    const reprofile = "overrides" in values || "policy" in values || "format" in values || (asksForProfiling && before.status === "failed");
    if (Object.keys(values).length === 0 && !reprofile) return before;

    let after: UploadedFile;
    if (reprofile) {
      after = await transitionFile(tx, ctx, before, "processing", { ...values, revision: before.revision + 1 });
      changedBefore.status = before.status;
      changedAfter.status = after.status;
      await enqueueProfiling(tx, id);
    } else {
      after = await updateFileRow(tx, ctx, before, values);
    }
    await recordAudit(tx, ctx, {
      action: "file.updated",
      resourceType: "file",
      resourceId: id,
      changes: { before: changedBefore, after: changedAfter },
    });
    return after;
  });
}

/**
 * Deletes the row, then the bytes unless another row (of any org) has the
 * same content. Refused while the file is retained or used by a run.
 */
export async function deleteFile(ctx: OrgContext, id: string): Promise<UploadedFile> {
  const deleted = await inOrgTransaction(ctx.orgId, async (tx) => {
    const file = await lockFile(tx, ctx, id);
    if (file.retentionUntil && file.retentionUntil.getTime() > Date.now()) {
      throw new Conflict(`File '${id}' is retained until ${file.retentionUntil.toISOString()} and cannot be deleted before then`);
    }
    if (await isFileReferenced(tx, ctx, id)) {
      throw new Conflict(`File '${id}' is an input of a run; runs must stay reproducible, so it cannot be deleted`);
    }
    await tx.delete(uploadedFiles).where(and(eq(uploadedFiles.orgId, ctx.orgId), eq(uploadedFiles.id, id)));
    await recordAudit(tx, ctx, {
      action: "file.deleted",
      resourceType: "file",
      resourceId: id,
      changes: {
        before: { name: file.name, size: file.size, sha256: file.sha256, kind: file.kind, status: file.status, tags: file.tags, inbox: file.inbox },
      },
    });
    return file;
  });
  await releaseStoredObject(ctx, deleted.storageKey);
  return deleted;
}

/**
 * Whether a run needs the file, so it must not go away: the run could no
 * longer be reproduced or explained. That is so while a run that read it
 * (lineage) is active or keeps artifacts within their retention, while an
 * active run names it as a parameter (it may not have read it yet), and
 * always for an artifact's own file (its artifact row points at it; the
 * bytes go with the retention purge, the record stays).
 */
export async function isFileReferenced(tx: Tx, ctx: OrgContext, fileId: string): Promise<boolean> {
  const [row] = (await tx.execute(sql`
    select
      exists (
        select 1 from reconciliation_artifacts a where a.org_id = ${ctx.orgId} and a.file_id = ${fileId}
      ) or exists (
        select 1
        from reconciliation_lineage_events l
        join reconciliation_runs r on r.id = l.run_id
        where l.org_id = ${ctx.orgId} and l.from_type = 'file' and l.from_id = ${fileId}
          and (
            r.state in ('queued', 'running', 'cancelling')
            or exists (select 1 from reconciliation_artifacts a where a.run_id = r.id and a.status = 'available' and a.retention_until > now())
          )
      ) or exists (
        select 1 from reconciliation_runs r
        where r.org_id = ${ctx.orgId} and r.state in ('queued', 'running', 'cancelling')
          and exists (select 1 from jsonb_each_text(r.parameters) p where p.value = ${fileId})
      ) as referenced`)) as unknown as Array<{ referenced: boolean }>;
  return row?.referenced ?? false;
}

// ---- Profiling (the profile_file worker task)

/**
 * Profiles a file and reads it through once with its policy, to count rows
 * and locate every error, then records ready or failed. Problems in the
 * data are outcomes, not exceptions; anything else (database, storage
 * unreachable) throws so the job is retried, and on the last attempt the
 * file is marked failed rather than left processing forever.
 */
export async function profileUploadedFile(ctx: OrgContext, fileId: string, options: { lastAttempt: boolean }): Promise<void> {
  const file = await inOrgTransaction(ctx.orgId, (tx) => findFile(tx, ctx, fileId));
  // Deleted since, or already recorded by an earlier attempt of this job.
  if (!file || file.status !== "processing") return;
  let outcome: ProfilingOutcome;
  try {
    outcome = await profileInBoundedThread(file);
  } catch (error) {
    if (error instanceof ProfilingLimitReached) {
      // Out of the thread's memory, stack or time: the same file would do it again, so it fails now, not after retries.
      getLogger().warn({ orgId: ctx.orgId, fileId, reason: error.message }, "profiling stopped at a resource limit");
      outcome = failedOutcome(null, [{ file: file.name, line: 1, message: error.message }]);
    } else {
      if (!options.lastAttempt) throw error;
      getLogger().error({ err: error, orgId: ctx.orgId, fileId }, "profiling failed on its last attempt");
      outcome = failedOutcome(null, [
        { file: file.name, line: 0, message: "The file could not be profiled because of an error on our side; PATCH it to try again" },
      ]);
    }
  }
  await inOrgTransaction(ctx.orgId, async (tx) => {
    const current = await findFile(tx, ctx, fileId);
    // A newer PATCH asked for another profiling; its job records that one.
    if (!current || current.revision !== file.revision || current.status !== "processing") return;
    const statementKeys = outcome.statementKeys ?? [];
    const after = await transitionFile(tx, ctx, current, outcome.status, {
      format: outcome.format ?? current.format,
      statementKeys,
      duplicateStatementOf: outcome.status === "ready" ? await findDuplicateStatement(tx, ctx, current.id, statementKeys) : null,
      detectedSchema: outcome.detectedSchema,
      rowCount: outcome.rowCount,
      errorCount: outcome.errorCount,
      errors: outcome.errors,
      rejectedLines: outcome.rejectedLines,
      profiledAt: new Date(),
    });
    await recordAudit(tx, ctx, {
      action: "file.profiled",
      resourceType: "file",
      resourceId: fileId,
      changes: {
        before: { status: current.status },
        after: { status: after.status, format: after.format?.adapter ?? null, rowCount: after.rowCount, errorCount: after.errorCount, revision: after.revision, duplicateStatementOf: after.duplicateStatementOf },
      },
    });
    // In the same transaction: a file that becomes ready in an inbox starts its triggered runs, or neither happens.
    if (after.status === "ready") await enqueueInboxTriggers(tx, ctx, after);
  });
}

export interface ProfilingOutcome {
  status: "ready" | "failed";
  detectedSchema: FileProfile | null;
  rowCount: number | null;
  errorCount: number;
  errors: IngestError[];
  rejectedLines: number[];
  /** Absent: keep the file's format as it was (a failure on our side). */
  format?: FileFormat;
  statementKeys?: string[];
}

/** Runs on a bounded thread (files/profile-thread.server.ts); exported for its entry. */
export async function computeProfilingOutcome(file: UploadedFile): Promise<ProfilingOutcome> {
  const open = openStoredBytes(file);
  let profile: FileProfile | null = null;
  let format: FileFormat | undefined;
  try {
    format = await chooseFileFormat(open, file, getEnv().MAX_ADAPTER_FILE_BYTES);
    if (format.adapter !== null) return withoutNulCharacters(await profileWithAdapter(open, file, format, MAX_STORED_ERRORS));
    profile = await profileFile(open, file.name, file.overrides);
    // Counts and errors come from a streaming scan: the whole file is never held, only a batch of rows.
    const read = await scanFile(open, file.name, profile, {
      sourceId: file.id,
      policy: file.policy,
      maxErrors: MAX_STORED_ERRORS,
      maxRejectedLines: MAX_STORED_REJECTED_LINES,
    });
    if (file.policy === "strict" && read.errorCount > 0) return { ...failedOutcome(profile, read.errors, read.errorCount), format };
    return {
      status: "ready",
      format,
      detectedSchema: withoutNulCharacters(profile),
      rowCount: read.rowCount,
      errorCount: read.errorCount,
      errors: withoutNulCharacters(read.errors.slice(0, MAX_STORED_ERRORS)),
      rejectedLines: read.rejectedLines,
    };
  } catch (error) {
    if (error instanceof IngestFileError) return { ...failedOutcome(profile, error.errors, error.errorCount), ...(format ? { format } : {}) };
    if (error instanceof ArtifactIntegrityError || error instanceof ArtifactNotFoundError) {
      getLogger().error({ err: error, orgId: file.orgId, fileId: file.id }, "stored file failed its integrity check");
      return failedOutcome(profile, [
        {
          file: file.name,
          line: 0,
          message: "The stored bytes no longer match the sha256 recorded at upload (storage corruption); an administrator must restore the object",
        },
      ]);
    }
    throw error;
  }
}

function failedOutcome(profile: FileProfile | null, errors: IngestError[], errorCount = errors.length): ProfilingOutcome {
  return {
    status: "failed",
    detectedSchema: profile ? withoutNulCharacters(profile) : null,
    rowCount: null,
    errorCount: Math.max(errorCount, errors.length),
    errors: withoutNulCharacters(errors.slice(0, MAX_STORED_ERRORS)),
    rejectedLines: [],
  };
}

// ---- Stored bytes

/** A ByteSource over the stored object; every call opens a fresh, verified read. */
function openStoredBytes(file: UploadedFile, options: { verifyWhenStoppedEarly?: boolean } = {}): ByteSource {
  return () => streamStoredObject(file.storageKey, options);
}


/**
 * An artifact's file row outlives its bytes: retention (purge_artifacts)
 * marks the artifact purged and releases the object, but keeps the row as
 * metadata. Asking for those bytes is a 410, not a 500 integrity failure.
 * Checked on the artifact rather than a file status so the files lifecycle
 * (processing → ready | failed) stays about profiling alone.
 */
async function assertBytesRetained(ctx: OrgContext, file: UploadedFile): Promise<void> {
  if (file.kind !== "artifact") return;
  const [purged] = await inOrgTransaction(ctx.orgId, (tx) =>
    tx
      .select({ id: reconciliationArtifacts.id, purgedAt: reconciliationArtifacts.purgedAt })
      .from(reconciliationArtifacts)
      .where(
        and(
          eq(reconciliationArtifacts.orgId, ctx.orgId),
          eq(reconciliationArtifacts.fileId, file.id),
          eq(reconciliationArtifacts.status, "purged"),
        ),
      )
      .limit(1),
  );
  if (purged) {
    throw new Gone(
      `The bytes of file '${file.id}' (artifact '${purged.id}') were deleted by retention on ${purged.purgedAt?.toISOString() ?? "an earlier date"}; its metadata and lineage are kept`,
    );
  }
}

async function verifyStoredBytes(ctx: OrgContext, file: UploadedFile): Promise<void> {
  const hash = createHash("sha256");
  try {
    for await (const chunk of await getArtifactStore().get(file.storageKey)) hash.update(chunk as Uint8Array);
  } catch (error) {
    if (error instanceof ArtifactIntegrityError || error instanceof ArtifactNotFoundError) throw integrityFailure(ctx, file, error);
    throw error;
  }
  // Checked against the row as well as by the store, so the guarantee does not depend on how a backend forms its keys.
  const actual = hash.digest("hex");
  if (actual !== file.sha256) throw integrityFailure(ctx, file, new Error(`sha256 ${actual} differs from the recorded ${file.sha256}`));
}

function integrityFailure(ctx: OrgContext, file: UploadedFile, cause: Error): ArtifactIntegrityFailed {
  getLogger().error(
    { err: cause, orgId: ctx.orgId, fileId: file.id, storageKey: file.storageKey, requestId: ctx.requestId },
    "stored file failed its integrity check",
  );
  const what = cause instanceof ArtifactNotFoundError ? "are missing from storage" : "no longer match the sha256 recorded at upload";
  return new ArtifactIntegrityFailed(`The stored bytes of file '${file.id}' ${what}, so nothing was sent`);
}

/**
 * Deletes a stored object unless some file row still references it.
 *
 * Deliberately cross-org, as the connecting role: content addressing shares
 * one object between every row with the same bytes, whichever org uploaded
 * them, so "unreferenced" must mean by no org at all. Only existence is read.
 * The per-key advisory lock pairs with the one createUploadedFile takes, so
 * a row cannot be written for an object that is being deleted.
 *
 * The file row of a purged artifact is kept as metadata but no longer holds
 * its bytes, so it does not count (every artifact has its file row, so an
 * artifact that is still available keeps its object through that row).
 */
export async function releaseStoredObject(ctx: OrgContext, storageKey: string): Promise<void> {
  try {
    await getDb().transaction(async (tx) => {
      await lockStorageKey(tx, storageKey);
      const [reference] = await tx
        .select({ id: uploadedFiles.id })
        .from(uploadedFiles)
        .where(
          and(
            eq(uploadedFiles.storageKey, storageKey),
            or(
              ne(uploadedFiles.kind, "artifact"),
              notExists(
                tx
                  .select({ id: reconciliationArtifacts.id })
                  .from(reconciliationArtifacts)
                  .where(and(eq(reconciliationArtifacts.fileId, uploadedFiles.id), eq(reconciliationArtifacts.status, "purged"))),
              ),
            ),
          ),
        )
        .limit(1);
      if (reference) return;
      await getArtifactStore().delete(storageKey);
    });
  } catch (error) {
    // Not rethrown: the caller is already failing with the error that matters
    // to the client, and an orphaned object costs disk space, not correctness.
    getLogger().error({ err: error, orgId: ctx.orgId, storageKey }, "could not release a stored object; it is orphaned");
  }
}

/**
 * Whoever writes a row pointing at a stored object takes this lock and then
 * checks the object still exists (as createUploadedFile does), so a
 * concurrent release cannot delete bytes a new row is about to reference.
 */
export async function lockStorageKey(tx: Tx, storageKey: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`artifact:${storageKey}`}, 0))`);
}

/** Queued in the caller's transaction (see app_enqueue_file_profiling in the files_isolation migration). */
async function enqueueProfiling(tx: Tx, fileId: string): Promise<void> {
  await enqueue(tx, "profile_file", { fileId });
}

// ---- Shapes

export function serializeFile(file: UploadedFile) {
  return {
    id: file.id,
    object: "file" as const,
    name: file.name,
    mime: file.mime,
    size: file.size,
    sha256: file.sha256,
    status: file.status,
    kind: file.kind,
    policy: file.policy,
    tags: file.tags,
    inbox: file.inbox,
    duplicateOf: file.duplicateOf,
    duplicateStatementOf: file.duplicateStatementOf,
    format: file.format,
    retentionUntil: file.retentionUntil?.toISOString() ?? null,
    detectedSchema: file.detectedSchema,
    overrides: file.overrides,
    rowCount: file.rowCount,
    errorCount: file.errorCount,
    errors: file.errors,
    rejectedLines: file.rejectedLines,
    createdBy: file.createdBy,
    createdAt: file.createdAt.toISOString(),
    updatedAt: file.updatedAt.toISOString(),
    profiledAt: file.profiledAt?.toISOString() ?? null,
  };
}

export function serializeFilePreview(preview: FilePreview) {
  return {
    object: "file_preview" as const,
    fileId: preview.file.id,
    columns: preview.columns,
    rows: preview.rows,
  };
}

/**
 * The declared type, with the charset profiling detected for text. Without
 * one, Express would label every text/* download utf-8, which is wrong for
 * the windows-1252 and UTF-16 exports banks produce.
 */
export function contentTypeFor(file: UploadedFile): string {
  const encoding = file.detectedSchema?.encoding;
  const isText = file.mime.startsWith("text/") || file.mime === "application/json";
  if (!isText || !encoding || file.detectedSchema?.format === "xlsx") return file.mime;
  return `${file.mime}; charset=${encoding}`;
}

/** RFC 6266: an ASCII fallback plus the exact UTF-8 name. */
export function contentDispositionFor(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}

// ---- Helpers

async function findFile(tx: Tx, ctx: OrgContext, id: string): Promise<UploadedFile | undefined> {
  const [row] = await tx
    .select()
    .from(uploadedFiles)
    .where(and(eq(uploadedFiles.orgId, ctx.orgId), eq(uploadedFiles.id, id)));
  return row;
}

async function selectFile(tx: Tx, ctx: OrgContext, id: string): Promise<UploadedFile> {
  const row = await findFile(tx, ctx, id);
  if (!row) throw new NotFound("file", id);
  return row;
}

async function lockFile(tx: Tx, ctx: OrgContext, id: string): Promise<UploadedFile> {
  const [row] = await tx
    .select()
    .from(uploadedFiles)
    .where(and(eq(uploadedFiles.orgId, ctx.orgId), eq(uploadedFiles.id, id)))
    .for("update");
  if (!row) throw new NotFound("file", id);
  return row;
}

/** The one place a file's status changes: checked against the table, guarded in SQL. */
export async function transitionFile(
  tx: Tx,
  ctx: OrgContext,
  file: UploadedFile,
  next: FileStatus,
  values: Partial<typeof uploadedFiles.$inferInsert>,
): Promise<UploadedFile> {
  if (!FILE_TRANSITIONS[file.status].includes(next)) {
    throw new Conflict(`File '${file.id}' cannot go from ${file.status} to ${next}`);
  }
  const [after] = await tx
    .update(uploadedFiles)
    .set({ ...values, status: next, updatedAt: new Date() })
    .where(
      and(
        eq(uploadedFiles.orgId, ctx.orgId),
        eq(uploadedFiles.id, file.id),
        eq(uploadedFiles.status, file.status),
        eq(uploadedFiles.revision, file.revision),
      ),
    )
    .returning();
  if (!after) throw new Conflict(`File '${file.id}' changed during the update; retry`);
  return after;
}

/** Changes that leave the status alone (tags). */
async function updateFileRow(
  tx: Tx,
  ctx: OrgContext,
  file: UploadedFile,
  values: Partial<typeof uploadedFiles.$inferInsert>,
): Promise<UploadedFile> {
  const [after] = await tx
    .update(uploadedFiles)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(uploadedFiles.orgId, ctx.orgId), eq(uploadedFiles.id, file.id), eq(uploadedFiles.revision, file.revision)))
    .returning();
  if (!after) throw new Conflict(`File '${file.id}' changed during the update; retry`);
  return after;
}

function assertReadable(file: UploadedFile): void {
  if (file.status === "processing") {
    throw new Conflict(`File '${file.id}' is still being profiled; poll GET /api/v1/files/${file.id} until its status is ready`);
  }
  if (file.status === "failed") {
    throw new ValidationFailed(
      `File '${file.id}' could not be read: ${file.errorCount} error${file.errorCount === 1 ? "" : "s"}` +
        (file.errorCount > file.errors.length ? ` (the first ${file.errors.length} are listed)` : ""),
      { errors: file.errors.map(toProblemLocation) },
    );
  }
}

function toProblemLocation(error: IngestError): ProblemLocation {
  const location: ProblemLocation = { file: error.file, line: error.line, message: error.message };
  if (error.column !== undefined) location.column = error.column;
  if (error.field !== undefined) location.field = error.field;
  return location;
}

/** Path parts are already gone (busboy); control characters and absurd lengths go here. */
function cleanFileName(fileName: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = (fileName ?? "").replace(/[\u0000-\u001f\u007f]/g, "_").trim();
  if (cleaned === "" || cleaned === "." || cleaned === "..") return "upload";
  return [...cleaned].slice(0, MAX_FILE_NAME_LENGTH).join("");
}

const MIME_TYPE_PATTERN = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/** The declared type is echoed on download, so only a well-formed type/subtype is kept. */
function cleanMimeType(mimeType: string): string {
  const normalized = mimeType.trim().toLowerCase();
  return MIME_TYPE_PATTERN.test(normalized) ? normalized : "application/octet-stream";
}

/** PostgreSQL text and jsonb cannot hold U+0000, and file contents (hence errors and headers) can. */
function withoutNulCharacters<T>(value: T): T {
  if (typeof value === "string") return value.replaceAll("\u0000", "\ufffd") as T;
  if (Array.isArray(value)) return value.map((item: unknown) => withoutNulCharacters(item)) as T;
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [withoutNulCharacters(key), withoutNulCharacters(item)]),
  ) as T;
}

function sameFormatChoice(next: FileFormat | null, before: FileFormat | null): boolean {
  if (next === null || before === null) return next === before;
  return next.overridden === before.overridden && next.adapter === before.adapter;
}

/** Key order does not matter (jsonb reorders keys), so compare canonical JSON. */
function sameJson(left: unknown, right: unknown): boolean {
  return canonicalize(left) === canonicalize(right);
}

function encodeRfc5987(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `q` is a plain substring, so LIKE's wildcards in it are literal. */
function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
