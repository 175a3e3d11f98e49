/**
 * Ingestion: bytes of an uploaded file in, a RawTable with row provenance
 * out. No database and no file system: callers pass a ByteSource that can be
 * opened more than once (a bounded sample for profileFile, then the full
 * stream for readFile).
 *
 *   const profile = await profileFile(open, name);            // detection + evidence
 *   const again = await profileFile(open, name, overrides);    // the user's corrections
 *   const { table, errors } = await readFile(open, name, again, { sourceId, policy: "lenient" });
 *
 * See docs/decisions/004-ingestion-parsers.md for the libraries and rules.
 */
export type {
  AmountProfile,
  ByteSource,
  ColumnProfile,
  ColumnType,
  DateProfile,
  DetectionOverrides,
  FileProfile,
  IngestError,
  NormalizedValue,
  ReadOptions,
  ReadResult,
} from "./types";
export { IngestFileError } from "./errors";
export { profileFile, DEFAULT_LOCALE } from "./profile-file";
export { readFile } from "./read-file";
export { scanFile, type ScanOptions, type ScanResult } from "./scan-file";
export { normalizeCell } from "./normalize";
export { SAMPLE_BYTES, SAMPLE_ROWS } from "./source";
