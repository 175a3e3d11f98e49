import { and, arrayOverlaps, asc, eq, lt } from "drizzle-orm";
import { FORMAT_ADAPTERS, getAdapter } from "~/core/adapters";
import type { OrgContext } from "~/core/access";
import { ValidationFailed } from "~/core/errors/domain-errors";
import type { FileFormat } from "~/core/adapters/file-format";
import { canonicalSchemaOfAdapter, type CanonicalSchemaId } from "~/core/canonical";
import { chosenColumnMappingFormat, recognizeColumnMapping } from "~/modules/column-mappings/index.server";
import type { Tx } from "~/platform/db/client";
import { uploadedFiles } from "~/platform/db/schema";

/**
 * What a person asks for in PATCH /api/v1/files/{id}: an adapter by name,
 * null for a plain table, or a plain table read through a saved column mapping.
 */
export interface FormatChoice {
  adapter?: string | null;
  mapping?: string;
}

/**
 * The stored format for a person's choice; null (no choice) lets profiling
 * recognize the format again. An unknown adapter is a 422 at /format/adapter,
 * an unknown mapping (or another org's) at /format/mapping.
 */
export async function formatChoiceOf(tx: Tx, ctx: OrgContext, choice: FormatChoice | null): Promise<FileFormat | null> {
  if (choice === null) return null;
  const actorLabel = ctx.actor.label;
  if (choice.mapping !== undefined) {
    if (choice.adapter !== undefined && choice.adapter !== null) {
      throw new ValidationFailed("Choose an adapter or a column mapping, not both", {
        errors: [{ pointer: "/format/mapping", message: "a column mapping reads a plain table: give adapter null or leave it out" }],
      });
    }
    return chosenColumnMappingFormat(tx, ctx, choice.mapping);
  }
  if (choice.adapter === undefined) {
    throw new ValidationFailed("Choose an adapter (null for a plain table) or a column mapping", {
      errors: [{ pointer: "/format", message: "give adapter (a name, or null for a plain table) or mapping (a column mapping's id)" }],
    });
  }
  if (choice.adapter === null) return { adapter: null, title: null, confidence: null, overridden: true, evidence: `read as a plain table, as ${actorLabel} chose` };
  const adapter = getAdapter(choice.adapter);
  if (!adapter) {
    throw new ValidationFailed(`No format adapter '${choice.adapter}'`, { errors: [{ pointer: "/format/adapter", message: `no format adapter '${choice.adapter}'` }] });
  }
  return { adapter: adapter.name, title: adapter.title, confidence: null, overridden: true, evidence: `${adapter.title}, as ${actorLabel} chose` };
}

/**
 * A plain table recognized at profiling (not a person's choice) whose header
 * fits one of the org's saved column mappings is read through it; any other
 * format stays as it is.
 */
export async function withRecognizedColumnMapping(tx: Tx, ctx: OrgContext, format: FileFormat, header: string[]): Promise<FileFormat> {
  if (format.adapter !== null || format.overridden) return format;
  return (await recognizeColumnMapping(tx, ctx, header)) ?? format;
}

/** The canonical record schema a file of this format delivers: its adapter's, or its mapping's; undefined for neither. */
export function canonicalSchemaOfFormat(format: FileFormat | null): CanonicalSchemaId | undefined {
  if (!format) return undefined;
  if (format.adapter) return canonicalSchemaOfAdapter(format.adapter);
  return format.mapping?.schema;
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
