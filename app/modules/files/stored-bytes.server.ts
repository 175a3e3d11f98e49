import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { ArtifactIntegrityFailed, Gone } from "~/core/errors/domain-errors";
import type { ByteSource } from "~/core/ingest";
import { reconciliationArtifacts } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { getLogger } from "~/platform/observability/logger.server";
import { ArtifactIntegrityError, ArtifactNotFoundError, getArtifactStore } from "~/platform/storage/index.server";
import type { UploadedFile } from "./repository.server";

/**
 * A file's stored bytes: opened, checked against the sha256 recorded at
 * upload, and refused when retention has purged them.
 */

/**
 * The stored bytes; the store checks their sha256 when the stream ends. A
 * reader that stops early (a preview's row limit) would skip that check, so
 * with `verifyWhenStoppedEarly` the rest of the object is then read and
 * hashed, though not parsed, and a mismatch still throws to that reader. The
 * trade-off: a preview of a large file still reads it to the end from disk
 * (hashing runs at hundreds of MB/s; parsing is what the limit saves, and
 * memory stays flat), rather than trusting bytes that were only verified when
 * the file was profiled. Profiling's sample read does not need it: the full
 * read that follows verifies.
 */
export async function* streamStoredObject(storageKey: string, options: { verifyWhenStoppedEarly?: boolean } = {}): AsyncIterable<Uint8Array> {
  const stream = await getArtifactStore().get(storageKey);
  if (!options.verifyWhenStoppedEarly) {
    yield* stream as AsyncIterable<Uint8Array>;
    return;
  }
  const chunks = (stream as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  let stoppedEarly = true;
  try {
    for (;;) {
      const next = await chunks.next();
      if (next.done) {
        stoppedEarly = false;
        return;
      }
      yield next.value;
    }
  } catch (error) {
    stoppedEarly = false;
    throw error;
  } finally {
    if (stoppedEarly) while (!(await chunks.next()).done);
  }
}

/** A ByteSource over the stored object; every call opens a fresh, verified read. */
export function openStoredBytes(file: UploadedFile, options: { verifyWhenStoppedEarly?: boolean } = {}): ByteSource {
  return () => streamStoredObject(file.storageKey, options);
}

/**
 * An artifact's file row outlives its bytes: retention (purge_artifacts)
 * marks the artifact purged and releases the object, but keeps the row as
 * metadata. Asking for those bytes is a 410, not a 500 integrity failure.
 * Checked on the artifact rather than a file status so the files lifecycle
 * (processing → ready | failed) stays about profiling alone.
 */
export async function assertBytesRetained(ctx: OrgContext, file: UploadedFile): Promise<void> {
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

/** Reads the whole object and compares its hash with the row's. */
export async function verifyStoredBytes(ctx: OrgContext, file: UploadedFile): Promise<void> {
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

export function integrityFailure(ctx: OrgContext, file: UploadedFile, cause: Error): ArtifactIntegrityFailed {
  getLogger().error(
    { err: cause, orgId: ctx.orgId, fileId: file.id, storageKey: file.storageKey, requestId: ctx.requestId },
    "stored file failed its integrity check",
  );
  const what = cause instanceof ArtifactNotFoundError ? "are missing from storage" : "no longer match the sha256 recorded at upload";
  return new ArtifactIntegrityFailed(`The stored bytes of file '${file.id}' ${what}, so nothing was sent`);
}
