import { and, desc, eq, ilike, lt, type SQL } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { Conflict, NotFound } from "~/core/errors/domain-errors";
import type { Tx } from "~/platform/db/client";
import { uploadedFiles, type FILE_KINDS, type INGEST_POLICIES } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { enqueue } from "~/platform/jobs";

/**
 * File rows: the org-scoped reads, the locks and the guarded updates every
 * use case of the module goes through.
 */
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

export async function findFile(tx: Tx, ctx: OrgContext, id: string): Promise<UploadedFile | undefined> {
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

export async function lockFile(tx: Tx, ctx: OrgContext, id: string): Promise<UploadedFile> {
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
export async function updateFileRow(
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

/** Queued in the caller's transaction, with the row it profiles (see app_enqueue_file_profiling in the files_isolation migration). */
export async function enqueueProfiling(tx: Tx, fileId: string): Promise<void> {
  await enqueue(tx, "profile_file", { fileId });
}

/** `q` is a plain substring, so LIKE's wildcards in it are literal. */
function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
