/**
 * How a file is read: through a format adapter (a PayPal STL report, an
 * MT940 statement…) or as a plain table (adapter null). Recognized from the
 * file's first bytes at profiling, unless a person chose (overridden), in
 * which case profiling keeps the choice and recognizes nothing.
 */
export interface FileFormat {
  /** The adapter's name, or null for a plain table (the generic CSV/XLSX/JSON profiler). */
  adapter: string | null;
  /** The adapter's title ("PayPal Settlement report (STL)"); null for a plain table. */
  title: string | null;
  /** 0–1, how sure recognition was; null when a person chose. */
  confidence: number | null;
  overridden: boolean;
  /** What recognition saw, or who chose. */
  evidence: string;
}
