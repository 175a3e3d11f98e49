import canonicalize from "canonicalize";
import type { OrgContext } from "~/core/access";
import type { FileFormat } from "~/core/adapters/file-format";
import type { DetectionOverrides } from "~/core/ingest";
import type { uploadedFiles } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { recordAudit } from "~/modules/audit/index.server";
import { formatChoiceOf, type FormatChoice } from "./file-format.server";
import { enqueueProfiling, lockFile, transitionFile, updateFileRow, type IngestPolicy, type UploadedFile } from "./repository.server";

export interface FilePatch {
  overrides?: DetectionOverrides;
  /** An adapter's name, null (a plain table) or a column mapping fixes the format; `format: null` goes back to recognition. */
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
      const format = await formatChoiceOf(tx, ctx, patch.format);
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

function sameFormatChoice(next: FileFormat | null, before: FileFormat | null): boolean {
  if (next === null || before === null) return next === before;
  return (
    next.overridden === before.overridden &&
    next.adapter === before.adapter &&
    next.mapping?.id === before.mapping?.id &&
    next.mapping?.version === before.mapping?.version
  );
}

/** Key order does not matter (jsonb reorders keys), so compare canonical JSON. */
function sameJson(left: unknown, right: unknown): boolean {
  return canonicalize(left) === canonicalize(right);
}
