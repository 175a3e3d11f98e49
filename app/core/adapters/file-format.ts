import type { CanonicalSchemaId } from "~/core/canonical/schemas";

/**
 * How a file is read: through a format adapter (a PayPal STL report, an
 * MT940 statement…), as a plain table (adapter null), or as a plain table
 * through one of the org's saved column mappings. Recognized from the file's
 * first bytes (and, for plain tables, its header) at profiling, unless a
 * person chose (overridden), in which case profiling keeps the choice and
 * recognizes nothing.
 */
export interface FileFormat {
  /** The adapter's name, or null for a plain table (the generic CSV/XLSX/JSON profiler). */
  adapter: string | null;
  /** The adapter's title ("PayPal Settlement report (STL)") or the mapping's name; null for a plain table. */
  title: string | null;
  /** 0–1, how sure recognition was; null when a person chose. */
  confidence: number | null;
  overridden: boolean;
  /** What recognition saw, or who chose. */
  evidence: string;
  /**
   * A plain table read through a saved column mapping: a copy of the mapping
   * as it was when the file was recognized (or the mapping chosen), so the
   * file reads the same way whatever later edits or deletion do to it.
   * Absent (older rows) or null: no mapping.
   */
  mapping?: FileFormatMapping | null;
}

/** A saved column mapping as a file keeps it (see app/core/canonical, ColumnMapping). */
export interface FileFormatMapping {
  id: string;
  name: string;
  version: number;
  schema: CanonicalSchemaId;
  signature: { columns: string[] };
  fields: Record<string, unknown>;
}
