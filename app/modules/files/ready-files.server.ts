import { AdapterError } from "~/core/adapters";
import type { OrgContext } from "~/core/access";
import { ArtifactIntegrityFailed, Conflict, ValidationFailed } from "~/core/errors/domain-errors";
import type { RawTable } from "~/core/engine/types";
import { IngestFileError, readFile, type ByteSource, type FileProfile } from "~/core/ingest";
import { getLogger } from "~/platform/observability/logger.server";
import { ArtifactIntegrityError, ArtifactNotFoundError } from "~/platform/storage/index.server";
import { CANONICAL_SCHEMAS } from "~/core/canonical/schemas";
import { withCanonicalColumnsOfFormat } from "./canonical-columns";
import { canonicalSchemaOfFormat } from "./file-format.server";
import { toProblemLocation } from "./problem-locations";
import { readThroughAdapter } from "./profile-with-adapter.server";
import { getFile, type UploadedFile } from "./repository.server";
import { streamStoredObject } from "./stored-bytes.server";

/**
 * Ready files as inputs: the checks and the verified read that rule-set
 * previews, mapping suggestions (and, later, stream steps) share.
 */
export interface ReadyFile {
  file: UploadedFile;
  profile: FileProfile;
}

/** The caller's file, ready: 404 for another org's or a missing one, 409 while it is processing, 422 when it failed. */
export async function loadReadyFile(ctx: OrgContext, fileId: string): Promise<ReadyFile> {
  const file = await getFile(ctx, fileId);
  if (file.status === "processing") {
    throw new Conflict(`File '${file.id}' is still being profiled; poll GET /api/v1/files/${file.id} until its status is ready`);
  }
  if (file.status === "failed" || !file.detectedSchema) {
    throw new ValidationFailed(
      `File '${file.id}' could not be read: ${file.errorCount} error${file.errorCount === 1 ? "" : "s"}` +
        (file.errorCount > file.errors.length ? ` (the first ${file.errors.length} are listed)` : ""),
      { errors: file.errors.map(toProblemLocation) },
    );
  }
  return { file, profile: file.detectedSchema };
}

/**
 * The file as the engine will see it, read with its stored profile and
 * policy (a lenient file leaves out the rows it rejected at profiling); with
 * `maxRows`, only its first rows are parsed. The sha256 is verified either
 * way (see streamStoredObject); corrupt or missing bytes are a 500
 * artifact-integrity-failed, never a preview of wrong data.
 */
export async function readReadyFile(ctx: OrgContext, file: UploadedFile, columns?: string[], maxRows?: number): Promise<RawTable> {
  const open: ByteSource = () => streamStoredObject(file.storageKey, { verifyWhenStoppedEarly: true });
  // Canonical columns are computed from the source's own (a mapping names them), so a subset is taken after.
  const deliversCanonical = canonicalSchemaOfFormat(file.format) !== undefined;
  const readColumns = deliversCanonical ? undefined : columns;
  let table: RawTable;
  try {
    // A recognized (or chosen) format: the profile's columns are the adapter's, so the adapter reads the rows.
    if (file.format?.adapter) table = await readThroughAdapter(open, file, file.format.adapter, { ...(readColumns ? { columns: readColumns } : {}), ...(maxRows === undefined ? {} : { maxRows }) });
    else {
      const read = await readFile(open, file.name, file.detectedSchema!, {
        sourceId: file.id,
        policy: file.policy,
        maxErrors: 1,
        ...(readColumns ? { columns: readColumns } : {}),
        ...(maxRows === undefined ? {} : { maxRows }),
      });
      table = read.table;
    }
  } catch (error) {
    if (error instanceof ArtifactIntegrityError || error instanceof ArtifactNotFoundError) {
      getLogger().error({ err: error, orgId: ctx.orgId, fileId: file.id, requestId: ctx.requestId }, "stored file failed its integrity check");
      const what = error instanceof ArtifactNotFoundError ? "are missing from storage" : "no longer match the sha256 recorded at upload";
      throw new ArtifactIntegrityFailed(`The stored bytes of file '${file.id}' ${what}`);
    }
    // A ready strict file read without errors when it was profiled; failing now means the profile no longer fits.
    if (error instanceof IngestFileError || error instanceof AdapterError) {
      throw new ValidationFailed(`File '${file.id}' no longer reads with its profile; PATCH it to profile it again`, {
        errors: error.errors.map(toProblemLocation),
      });
    }
    throw error;
  }
  if (!deliversCanonical) return table;
  return selectColumns(withCanonicalColumnsOrProblem(file, table), columns);
}

/**
 * The file's `$` columns beside its own. Through a column mapping they are
 * the point of reading the file, so (under the file's strict policy) a value
 * the mapping cannot read is a 422 naming the file, line and field. Through
 * an adapter they are additive and read leniently (see
 * withCanonicalColumnsOfFormat); only a stream input that accepts the schema
 * insists on complete records (input-resolver.server.ts).
 */
export function withCanonicalColumnsOrProblem(file: UploadedFile, table: RawTable): RawTable {
  try {
    return withCanonicalColumnsOfFormat(file.format, table, file);
  } catch (error) {
    if (!(error instanceof AdapterError)) throw error;
    const schema = canonicalSchemaOfFormat(file.format)!;
    const through = file.format?.mapping ? `the column mapping '${file.format.mapping.name}'` : `its format (${file.format?.title ?? file.format?.adapter})`;
    throw new ValidationFailed(`${file.name} does not read as ${CANONICAL_SCHEMAS[schema].title.toLowerCase()}s through ${through}: ${error.message}`, {
      errors: error.errors.map(toProblemLocation),
    });
  }
}

function selectColumns(table: RawTable, columns: string[] | undefined): RawTable {
  if (!columns) return table;
  const indexes = columns.map((name) => table.columns.indexOf(name)).filter((index) => index >= 0);
  return { ...table, columns: indexes.map((index) => table.columns[index]!), cells: indexes.map((index) => table.cells[index]!) };
}
