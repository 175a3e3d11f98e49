import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import type { FileFormatMapping } from "~/core/adapters/file-format";
import { columnMappingSchema, validateColumnMapping, type ColumnMapping } from "~/core/canonical";
import type { CanonicalSchemaId } from "~/core/canonical/schemas";
import { NotFound, ValidationFailed, type ProblemLocation } from "~/core/errors/domain-errors";
import type { Tx } from "~/platform/db/client";
import { newId } from "~/platform/db/ids";
import { columnMappings } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { recordAudit } from "~/modules/audit/index.server";

export type SavedColumnMapping = typeof columnMappings.$inferSelect;

export interface ColumnMappingInput {
  name: string;
  schema: CanonicalSchemaId;
  signature: { columns: string[] };
  fields: Record<string, unknown>;
}

export type ColumnMappingPatch = Partial<ColumnMappingInput>;

/** Where a pack's mapping came from: instantiating the same pack version again reuses it. */
export interface PackMappingOrigin {
  templateId: string;
  templateVersion: string;
}

// ---- Writes

export async function createColumnMapping(ctx: OrgContext, input: ColumnMappingInput): Promise<SavedColumnMapping> {
  const mapping = checkedMapping(input);
  return inOrgTransaction(ctx.orgId, (tx) => insertMapping(tx, ctx, input.name.trim(), mapping, null));
}

/**
 * Edits in place and bumps the version. Files already recognized keep the
 * copy they were read with (their format names its version); PATCHing a
 * file's format to the mapping again picks up the new version.
 */
export async function updateColumnMapping(ctx: OrgContext, id: string, patch: ColumnMappingPatch): Promise<SavedColumnMapping> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const before = await lockMapping(tx, ctx, id);
    const name = patch.name?.trim() ?? before.name;
    const mapping = checkedMapping({
      schema: patch.schema ?? before.schema,
      signature: patch.signature ?? before.signature,
      fields: patch.fields ?? before.fields,
    });
    const [row] = await tx
      .update(columnMappings)
      .set({ name, schema: mapping.schema, signature: mapping.signature, fields: mapping.fields as Record<string, unknown>, version: before.version + 1, updatedAt: new Date() })
      .where(and(eq(columnMappings.orgId, ctx.orgId), eq(columnMappings.id, id)))
      .returning();
    const after = row!;
    await recordAudit(tx, ctx, {
      action: "column_mapping.updated",
      resourceType: "column_mapping",
      resourceId: id,
      changes: { before: auditSummary(before), after: auditSummary(after) },
    });
    return after;
  });
}

/** Removes the mapping; files recognized as it keep their copy and read as before. */
export async function deleteColumnMapping(ctx: OrgContext, id: string): Promise<SavedColumnMapping> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const before = await lockMapping(tx, ctx, id);
    await tx.delete(columnMappings).where(and(eq(columnMappings.orgId, ctx.orgId), eq(columnMappings.id, id)));
    await recordAudit(tx, ctx, {
      action: "column_mapping.deleted",
      resourceType: "column_mapping",
      resourceId: id,
      changes: { before: auditSummary(before) },
    });
    return before;
  });
}

/**
 * A pack's mappings as the org's saved mappings, in the caller's transaction
 * (the instantiation's): created once per pack version and key, reused when
 * the pack is instantiated again. Returns the saved mapping of each key.
 */
export async function ensurePackColumnMappings(
  tx: Tx,
  ctx: OrgContext,
  origin: PackMappingOrigin,
  mappings: Record<string, ColumnMappingInput>,
): Promise<Record<string, SavedColumnMapping & { created: boolean }>> {
  const saved: Record<string, SavedColumnMapping & { created: boolean }> = {};
  for (const [key, input] of Object.entries(mappings)) {
    const [existing] = await tx
      .select()
      .from(columnMappings)
      .where(
        and(
          eq(columnMappings.orgId, ctx.orgId),
          eq(columnMappings.templateId, origin.templateId),
          eq(columnMappings.templateVersion, origin.templateVersion),
          eq(columnMappings.templateKey, key),
        ),
      );
    saved[key] = existing
      ? { ...existing, created: false }
      : { ...(await insertMapping(tx, ctx, input.name.trim(), checkedMapping(input, `/mappings/${key}`), { ...origin, templateKey: key })), created: true };
  }
  return saved;
}

async function insertMapping(
  tx: Tx,
  ctx: OrgContext,
  name: string,
  mapping: ColumnMapping,
  origin: (PackMappingOrigin & { templateKey: string }) | null,
): Promise<SavedColumnMapping> {
  const id = newId("columnMapping");
  const [row] = await tx
    .insert(columnMappings)
    .values({
      id,
      orgId: ctx.orgId,
      name,
      schema: mapping.schema,
      signature: mapping.signature,
      fields: mapping.fields as Record<string, unknown>,
      templateId: origin?.templateId ?? null,
      templateVersion: origin?.templateVersion ?? null,
      templateKey: origin?.templateKey ?? null,
      createdBy: ctx.actor.label,
    })
    .returning();
  const created = row!;
  await recordAudit(tx, ctx, {
    action: "column_mapping.created",
    resourceType: "column_mapping",
    resourceId: id,
    changes: { after: { ...auditSummary(created), ...(origin ? { template: origin } : {}) } },
  });
  return created;
}

// ---- Reads

/** Newest first, keyset on the time-sortable id. */
export async function listColumnMappings(
  ctx: OrgContext,
  options: { limit: number; cursor?: string; schema?: CanonicalSchemaId },
): Promise<{ data: SavedColumnMapping[]; nextCursor: string | null }> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const conditions: SQL[] = [eq(columnMappings.orgId, ctx.orgId)];
    if (options.cursor) conditions.push(lt(columnMappings.id, options.cursor));
    if (options.schema) conditions.push(eq(columnMappings.schema, options.schema));
    const rows = await tx
      .select()
      .from(columnMappings)
      .where(and(...conditions))
      .orderBy(desc(columnMappings.id))
      .limit(options.limit + 1);
    const hasMore = rows.length > options.limit;
    const data = rows.slice(0, options.limit);
    return { data, nextCursor: hasMore ? data.at(-1)!.id : null };
  });
}

export async function getColumnMapping(ctx: OrgContext, id: string): Promise<SavedColumnMapping> {
  return inOrgTransaction(ctx.orgId, (tx) => findMapping(tx, ctx, id));
}

/** Every mapping of the org, for recognition at profiling (an org keeps a handful, not thousands). */
export async function allColumnMappings(tx: Tx, ctx: OrgContext): Promise<SavedColumnMapping[]> {
  return tx.select().from(columnMappings).where(eq(columnMappings.orgId, ctx.orgId)).orderBy(desc(columnMappings.id));
}

export async function findMapping(tx: Tx, ctx: OrgContext, id: string): Promise<SavedColumnMapping> {
  const [row] = await tx.select().from(columnMappings).where(and(eq(columnMappings.orgId, ctx.orgId), eq(columnMappings.id, id)));
  if (!row) throw new NotFound("column mapping", id);
  return row;
}

/** The copy a file keeps in its format. */
export function fileFormatMappingOf(saved: SavedColumnMapping): FileFormatMapping {
  return { id: saved.id, name: saved.name, version: saved.version, schema: saved.schema, signature: saved.signature, fields: saved.fields };
}

async function lockMapping(tx: Tx, ctx: OrgContext, id: string): Promise<SavedColumnMapping> {
  const [row] = await tx
    .select()
    .from(columnMappings)
    .where(and(eq(columnMappings.orgId, ctx.orgId), eq(columnMappings.id, id)))
    .for("update");
  if (!row) throw new NotFound("column mapping", id);
  return row;
}

// ---- Validation

/**
 * The mapping as core reads it, or a 422 with a JSON pointer per problem:
 * the shape first (columnMappingSchema), then what only the whole mapping
 * can tell (validateColumnMapping: a required field left unmapped, a column
 * the signature does not have…).
 */
function checkedMapping(input: Omit<ColumnMappingInput, "name">, pointerPrefix = ""): ColumnMapping {
  const parsed = columnMappingSchema.safeParse({ schema: input.schema, signature: input.signature, fields: input.fields });
  if (!parsed.success) {
    const errors: ProblemLocation[] = parsed.error.issues.map((issue) => ({
      pointer: `${pointerPrefix}/${issue.path.map((part) => String(part).replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`,
      message: issue.message,
    }));
    throw new ValidationFailed(`The column mapping is not valid: ${plural(errors.length)}`, { errors });
  }
  const problems = validateColumnMapping(parsed.data);
  if (problems.length > 0) {
    const errors = problems.map((problem) => ({ pointer: `${pointerPrefix}${problem.pointer}`, message: problem.message }));
    throw new ValidationFailed(`The column mapping is not valid: ${plural(errors.length)}`, { errors });
  }
  return parsed.data;
}

function plural(count: number): string {
  return `${count} problem${count === 1 ? "" : "s"}`;
}

function auditSummary(mapping: SavedColumnMapping): Record<string, unknown> {
  return { name: mapping.name, schema: mapping.schema, version: mapping.version, signature: mapping.signature, fields: mapping.fields };
}
