import type { OrgContext } from "~/core/access";
import type { FileFormat } from "~/core/adapters/file-format";
import { mappingFitsHeader, type ColumnMapping } from "~/core/canonical";
import { CANONICAL_SCHEMAS } from "~/core/canonical/schemas";
import { NotFound, ValidationFailed } from "~/core/errors/domain-errors";
import type { Tx } from "~/platform/db/client";
import { allColumnMappings, fileFormatMappingOf, findMapping, type SavedColumnMapping } from "./column-mappings.server";

/**
 * The format of a plain table whose header fits one of the org's saved
 * mappings, or null. When several fit, the one whose signature names the
 * most columns wins (it says the most about the layout), then the newest.
 */
export async function recognizeColumnMapping(tx: Tx, ctx: OrgContext, header: string[]): Promise<FileFormat | null> {
  const fitting = (await allColumnMappings(tx, ctx)).filter((saved) => mappingFitsHeader(asColumnMapping(saved), header));
  if (fitting.length === 0) return null;
  // allColumnMappings is newest first and sort is stable, so ties keep the newest first.
  const best = [...fitting].sort((a, b) => b.signature.columns.length - a.signature.columns.length)[0]!;
  return {
    adapter: null,
    title: best.name,
    confidence: 1,
    overridden: false,
    evidence: `the header has the ${best.signature.columns.length} columns of the saved column mapping '${best.name}' (${CANONICAL_SCHEMAS[best.schema].title.toLowerCase()}s)`,
    mapping: fileFormatMappingOf(best),
  };
}

/** The format a person chooses with PATCH /api/v1/files/{id} `format: {mapping: id}`; 422 at /format/mapping for an unknown id. */
export async function chosenColumnMappingFormat(tx: Tx, ctx: OrgContext, mappingId: string): Promise<FileFormat> {
  let saved: SavedColumnMapping;
  try {
    saved = await findMapping(tx, ctx, mappingId);
  } catch (error) {
    if (!(error instanceof NotFound)) throw error;
    throw new ValidationFailed(`No column mapping '${mappingId}'`, { errors: [{ pointer: "/format/mapping", message: `no column mapping '${mappingId}'` }] });
  }
  return {
    adapter: null,
    title: saved.name,
    confidence: null,
    overridden: true,
    evidence: `read through the column mapping '${saved.name}', as ${ctx.actor.label} chose`,
    mapping: fileFormatMappingOf(saved),
  };
}

function asColumnMapping(saved: SavedColumnMapping): ColumnMapping {
  return { schema: saved.schema, signature: saved.signature, fields: saved.fields } as ColumnMapping;
}
