import type { FormatAdapter } from "~/core/adapters";
import type { FileFormat } from "~/core/adapters/file-format";
import type { RawTable } from "~/core/engine/types";
import { DEFAULT_LOCALE, SAMPLE_ROWS, type DetectionOverrides, type FileProfile, type IngestError } from "~/core/ingest";
import { profileColumns } from "~/core/ingest/columns";

/** The file as this module needs it; a subset of the uploaded_files row. */
export interface AdapterProfilingFile {
  id: string;
  name: string;
  /** Stored bytes (compressed, for a gzip upload). */
  size: number;
  policy: "strict" | "lenient";
  overrides: DetectionOverrides;
  format: FileFormat | null;
}

/** The profiling outcome profile.server.ts records, plus what only an adapter can tell: the format and the statements. */
export interface AdapterProfilingOutcome {
  status: "ready" | "failed";
  detectedSchema: FileProfile | null;
  rowCount: number | null;
  errorCount: number;
  errors: IngestError[];
  rejectedLines: number[];
  format: FileFormat;
  statementKeys: string[];
}

/**
 * The profile of a file read through its adapter: its columns are the
 * adapter's output columns, typed from the first SAMPLE_ROWS records (as a
 * plain table's are from its cells). `sample` holds at least those records;
 * `rowCount` is the file's.
 */
export function adapterProfile(
  sample: RawTable,
  rowCount: number,
  adapter: Pick<FormatAdapter, "title">,
  context: { compression: "none" | "gzip"; encoding: string; overrides: DetectionOverrides; warnings: IngestError[] },
): FileProfile {
  const sampled = Math.min(rowCount, SAMPLE_ROWS);
  const scope = `sample: ${sampled === rowCount ? "every record" : `the first ${sampled.toLocaleString("en-US")} records`} of the ${adapter.title} adapter`;
  const rows = Array.from({ length: sampled }, (_, row) => ({ line: sample.provenance.line[row]!, cells: sample.cells.map((column) => column[row] ?? null) }));
  const columns = profileColumns({ header: sample.columns, rows }, { locale: context.overrides.locale ?? DEFAULT_LOCALE, scope }, context.overrides.columns);
  return {
    format: "adapter",
    compression: context.compression,
    encoding: context.encoding,
    encodingEvidence: `${context.encoding}: as the ${adapter.title} adapter decodes it (byte order mark, else valid UTF-8, else Windows-1252)`,
    headerRow: 0,
    headerEvidence: `columns: the ${adapter.title} adapter's records, its source columns and its helper columns prefixed "@"`,
    columns,
    sampledRows: sampled,
    warnings: context.warnings.slice(0, 20).map((warning) => `line ${warning.line}${warning.field ? ` (${warning.field})` : ""}: ${warning.message}`),
  };
}
