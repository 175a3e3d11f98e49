import { gunzipSync } from "node:zlib";
import { getAdapter, recognizeFormat, RECOGNITION_SAMPLE_BYTES } from "~/core/adapters";
import { applyColumnMapping, canonicalSchemaOfAdapter, mappingFitsHeader, withCanonicalColumns, type ColumnMapping } from "~/core/canonical";
import { CANONICAL_SCHEMAS, type CanonicalSchemaId } from "~/core/canonical/schemas";
import type { RawTable } from "~/core/engine/types";
import { profileFile, readFile } from "~/core/ingest";
import type { PackFiles } from "./pack-files";
import type { PackColumnMapping } from "./pack-schema";

export interface SampleReading {
  /** The step input's adapter (its own or its pack input's). */
  adapter?: string;
  /** The canonical records the step input needs. */
  accepts?: CanonicalSchemaId;
  /** The pack's column mappings, which an org gets at instantiation. */
  mappings: Record<string, PackColumnMapping>;
}

/**
 * A sample file as a stream step reads an upload in an org that instantiated
 * the pack: through the step's adapter, else through the format recognition
 * finds for its first bytes, else profiled as a plain table and, when its
 * header fits one of the pack's mappings, read through that mapping — each
 * with the canonical `$` columns it delivers. An input that accepts a schema
 * the sample does not deliver is the pack's mistake, said as the run would.
 */
export async function readSample(files: PackFiles, path: string, reading: SampleReading): Promise<RawTable> {
  let bytes = files.get(path);
  if (!bytes) throw new Error(`sample file '${path}' is not in the pack`);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = new Uint8Array(gunzipSync(bytes));
  const adapterName = reading.adapter ?? (reading.accepts ? recognizeFormat(bytes.subarray(0, RECOGNITION_SAMPLE_BYTES))?.adapter.name : undefined);
  if (adapterName !== undefined) {
    const adapter = getAdapter(adapterName);
    if (!adapter) throw new Error(`no format adapter '${adapterName}'`);
    assertDelivers(reading.accepts, canonicalSchemaOfAdapter(adapterName), path, adapter.title);
    return withCanonicalColumns(adapterName, adapter.read(bytes, { sourceId: path, fileName: path }), { fileName: path });
  }
  const content = bytes;
  const open = async function* () {
    yield content;
  };
  const profile = await profileFile(open, path);
  const { table } = await readFile(open, path, profile, { sourceId: path, policy: "strict", maxErrors: 5 });
  const mapping = fittingMapping(reading.mappings, table.columns);
  assertDelivers(reading.accepts, mapping?.schema, path, mapping ? `the column mapping '${mapping.name}'` : "a plain table");
  return mapping ? applyColumnMapping(table, mapping, { fileName: path, policy: "strict" }) : table;
}

function fittingMapping(mappings: Record<string, PackColumnMapping>, header: string[]): (ColumnMapping & { name: string }) | undefined {
  const fitting = Object.values(mappings)
    .map((mapping) => ({ ...(mapping as unknown as ColumnMapping), name: mapping.name }))
    .filter((mapping) => mappingFitsHeader(mapping, header));
  return fitting.sort((a, b) => b.signature.columns.length - a.signature.columns.length)[0];
}

function assertDelivers(accepts: CanonicalSchemaId | undefined, delivered: CanonicalSchemaId | undefined, path: string, readAs: string): void {
  if (accepts === undefined || accepts === delivered) return;
  const gives = delivered ? `which gives ${CANONICAL_SCHEMAS[delivered].title.toLowerCase()}s` : "which gives no canonical records";
  throw new Error(`the input accepts ${CANONICAL_SCHEMAS[accepts].title.toLowerCase()}s; sample ${path} is read as ${readAs}, ${gives}`);
}
