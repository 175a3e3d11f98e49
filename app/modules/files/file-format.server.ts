import { and, arrayOverlaps, asc, eq, lt } from "drizzle-orm";
import { FORMAT_ADAPTERS, getAdapter } from "~/core/adapters";
import type { OrgContext } from "~/core/access";
import { ValidationFailed } from "~/core/errors/domain-errors";
import type { FileFormat } from "~/core/adapters/file-format";
import type { Tx } from "~/platform/db/client";
import { uploadedFiles } from "~/platform/db/schema";

/** What a person asks for in PATCH /api/v1/files/{id}: an adapter by name, or null for a plain table. */
export interface FormatChoice {
  adapter: string | null;
}

/**
 * The stored format for a person's choice; null (no choice) lets profiling
 * recognize the format again. An unknown adapter is a 422 at /format/adapter.
 */
export function formatChoiceOf(choice: FormatChoice | null, actorLabel: string): FileFormat | null {
  if (choice === null) return null;
  if (choice.adapter === null) return { adapter: null, title: null, confidence: null, overridden: true, evidence: `read as a plain table, as ${actorLabel} chose` };
  const adapter = getAdapter(choice.adapter);
  if (!adapter) {
    throw new ValidationFailed(`No format adapter '${choice.adapter}'`, { errors: [{ pointer: "/format/adapter", message: `no format adapter '${choice.adapter}'` }] });
  }
  return { adapter: adapter.name, title: adapter.title, confidence: null, overridden: true, evidence: `${adapter.title}, as ${actorLabel} chose` };
}

/**
 * The org's earliest earlier file holding one of the same statements (see
 * statementKeysOf), or null. Earlier means a smaller id (ids are time-ordered),
 * so re-profiling the first upload never points it at a later copy.
 */
export async function findDuplicateStatement(tx: Tx, ctx: OrgContext, fileId: string, statementKeys: readonly string[]): Promise<string | null> {
  if (statementKeys.length === 0) return null;
  const [original] = await tx
    .select({ id: uploadedFiles.id })
    .from(uploadedFiles)
    .where(and(eq(uploadedFiles.orgId, ctx.orgId), lt(uploadedFiles.id, fileId), arrayOverlaps(uploadedFiles.statementKeys, [...statementKeys])))
    .orderBy(asc(uploadedFiles.id))
    .limit(1);
  return original?.id ?? null;
}

/** The formats a person can choose for a file (the pages' selects), in the registry's order. */
export function adapterChoices(): Array<{ name: string; title: string }> {
  return FORMAT_ADAPTERS.map((adapter) => ({ name: adapter.name, title: adapter.title }));
}
