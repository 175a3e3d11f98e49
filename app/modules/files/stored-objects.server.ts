import { and, eq, ne, notExists, or, sql } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { getDb, type Tx } from "~/platform/db/client";
import { reconciliationArtifacts, uploadedFiles } from "~/platform/db/schema";
import { getLogger } from "~/platform/observability/logger.server";
import { getArtifactStore } from "~/platform/storage/index.server";

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
