import { and, eq, sql } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { Conflict } from "~/core/errors/domain-errors";
import type { Tx } from "~/platform/db/client";
import { uploadedFiles } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { recordAudit } from "~/modules/audit/index.server";
import { lockFile, type UploadedFile } from "./repository.server";
import { releaseStoredObject } from "./stored-objects.server";

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
async function isFileReferenced(tx: Tx, ctx: OrgContext, fileId: string): Promise<boolean> {
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
