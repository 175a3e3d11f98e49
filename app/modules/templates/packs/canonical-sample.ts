import { RECOGNITION_SAMPLE_BYTES, recognizeFormat } from "~/core/adapters";
import {
  applyColumnMapping,
  canonicalSchemaOfAdapter,
  InvalidColumnMappingError,
  type CanonicalSchemaId,
  type ColumnMapping,
  mappingFitsHeader,
} from "~/core/canonical";
import type { RawTable } from "~/core/engine/types";

/**
 * A sample read for a pack input that `accepts` a canonical schema, the way
 * the stream runtime reads an upload for such an input: the file's own
 * recognized format (an adapter with a canonical projection) gives the `$`
 * columns; a plain table gets them from the pack's column mapping whose
 * header fits. Whatever delivers another schema, or none, is refused with the
 * file and the input it was given for, never read half-way.
 */

/** A pack-shipped column mapping (manifest `mappings`), by key. */
export type PackColumnMappings = Readonly<
  Record<string, ColumnMapping & { name?: string }>
>;

export class SampleSchemaError extends Error {
  constructor(
    readonly file: string,
    /** JSON pointer of the input in the manifest. */
    readonly pointer: string,
    message: string
  ) {
    super(`${file}: ${message}`);
    this.name = "SampleSchemaError";
  }
}

export interface CanonicalSampleSource {
  /** What the sample is: an adapter's name, or `mapping:<key>`. */
  readBy: string;
  schema: CanonicalSchemaId;
}

export interface CanonicalSampleReaders {
  /** The file through a named adapter, with its canonical `$` columns (withCanonicalColumns). */
  viaAdapter: (adapterName: string) => Promise<RawTable>;
  /** The file profiled and read as a plain table. */
  plain: () => Promise<RawTable>;
}

export async function readCanonicalSample(
  input: { key: string; accepts: CanonicalSchemaId },
  path: string,
  bytes: Uint8Array,
  mappings: PackColumnMappings,
  readers: CanonicalSampleReaders
): Promise<{ table: RawTable; source: CanonicalSampleSource }> {
  const pointer = `/inputs/${input.key}/accepts`;
  const recognized = recognizeFormat(
    bytes.subarray(0, RECOGNITION_SAMPLE_BYTES)
  );
  if (recognized) {
    const schema = canonicalSchemaOfAdapter(recognized.adapter.name);
    if (schema === undefined) {
      throw new SampleSchemaError(
        path,
        pointer,
        `recognized as ${recognized.adapter.title} (${recognized.adapter.name}), which delivers no canonical schema; input '${input.key}' accepts ${input.accepts}`
      );
    }
    if (schema !== input.accepts) {
      throw new SampleSchemaError(
        path,
        pointer,
        `recognized as ${recognized.adapter.title} (${recognized.adapter.name}), which delivers ${schema}; input '${input.key}' accepts ${input.accepts}`
      );
    }
    return {
      table: await readers.viaAdapter(recognized.adapter.name),
      source: { readBy: recognized.adapter.name, schema },
    };
  }

  const table = await readers.plain();
  const fitting = fittingMapping(mappings, table.columns);
  if (!fitting) {
    throw new SampleSchemaError(
      path,
      pointer,
      `no format recognized and no column mapping of the pack fits its header (${table.columns.join(
        ", "
      )}); input '${input.key}' accepts ${input.accepts}`
    );
  }
  if (fitting.mapping.schema !== input.accepts) {
    throw new SampleSchemaError(
      path,
      pointer,
      `its header fits the pack's column mapping '${fitting.key}', which delivers ${fitting.mapping.schema}; input '${input.key}' accepts ${input.accepts}`
    );
  }
  const { schema, signature, fields } = fitting.mapping;
  let mapped: RawTable;
  try {
    mapped = applyColumnMapping(
      table,
      { schema, signature, fields },
      { fileName: path }
    );
  } catch (error) {
    if (!(error instanceof InvalidColumnMappingError)) throw error;
    const first = error.problems[0]!;
    throw new SampleSchemaError(
      path,
      `/mappings/${fitting.key}${first.pointer}`,
      `the pack's column mapping '${
        fitting.key
      }' cannot be applied: ${error.problems
        .map((problem) => `${problem.pointer}: ${problem.message}`)
        .join("; ")}`
    );
  }
  return {
    table: mapped,
    source: {
      readBy: `mapping:${fitting.key}`,
      schema: fitting.mapping.schema,
    },
  };
}

/**
 * The mapping a plain table is read through, as the runtime recognizes a
 * saved one: every signature column (and every column it reads) is in the
 * header; among several, the one whose signature names the most columns,
 * then the first in the manifest.
 */
export function fittingMapping(
  mappings: PackColumnMappings,
  columns: readonly string[]
): { key: string; mapping: ColumnMapping } | undefined {
  let best: { key: string; mapping: ColumnMapping } | undefined;
  for (const [key, mapping] of Object.entries(mappings)) {
    if (!mappingFitsHeader(mapping, columns)) continue;
    if (
      !best ||
      mapping.signature.columns.length > best.mapping.signature.columns.length
    )
      best = { key, mapping };
  }
  return best;
}
