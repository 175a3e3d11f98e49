import { fileError, type IngestFileError } from "./errors";

/**
 * How much one input may make a reader hold, whatever its format. An upload
 * is at most MAX_UPLOAD_BYTES, but a 1 MB gzip can inflate to a gigabyte and
 * a 1 MB CSV can have 100,000 columns: limits on the upload's size alone do
 * not bound what reading it costs. Each limit is checked where the bytes are
 * read, so the error names the limit and the line it was passed on, rather
 * than the worker dying of it.
 *
 * The values come from app/platform/env.server.ts (INGEST_*). The readers are pure and
 * reached through many call chains, so rather than threading a parameter
 * through each one, a process (or a worker thread, which has its own copy
 * of this module) sets them once at start with `setIngestLimits`.
 */
export interface IngestLimits {
  /** INGEST_MAX_DECOMPRESSED_BYTES: bytes a gzip stream or the parts of an XLSX zip may inflate to. */
  maxDecompressedBytes: number;
  /** INGEST_MAX_COLUMNS: fields in one row (a header included). */
  maxColumns: number;
  /** INGEST_MAX_FIELD_BYTES: bytes of one field. */
  maxFieldBytes: number;
  /** INGEST_MAX_LINE_BYTES: bytes of one record (a line of delimited text or NDJSON, an element of a JSON array). */
  maxLineBytes: number;
  /** INGEST_MAX_JSON_DEPTH: nesting of arrays and objects in one JSON record. */
  maxJsonDepth: number;
}

export const DEFAULT_INGEST_LIMITS: Readonly<IngestLimits> = Object.freeze({
  maxDecompressedBytes: 512 * 1024 * 1024,
  maxColumns: 2_000,
  maxFieldBytes: 1024 * 1024,
  maxLineBytes: 8 * 1024 * 1024,
  maxJsonDepth: 64,
});

/** The setting that holds each limit, named in every error so an operator knows what to raise. */
export const LIMIT_SETTINGS: Readonly<Record<keyof IngestLimits, string>> = Object.freeze({
  maxDecompressedBytes: "INGEST_MAX_DECOMPRESSED_BYTES",
  maxColumns: "INGEST_MAX_COLUMNS",
  maxFieldBytes: "INGEST_MAX_FIELD_BYTES",
  maxLineBytes: "INGEST_MAX_LINE_BYTES",
  maxJsonDepth: "INGEST_MAX_JSON_DEPTH",
});

/**
 * Kept on globalThis, not in a module variable: the web process loads this
 * module twice (the Remix server bundle and server/), and a limit set by one
 * copy must hold for the other.
 */
const LIMITS_KEY = Symbol.for("reconstream.ingestLimits");
const store = globalThis as unknown as { [LIMITS_KEY]?: IngestLimits };

export function ingestLimits(): Readonly<IngestLimits> {
  return store[LIMITS_KEY] ?? DEFAULT_INGEST_LIMITS;
}

export function setIngestLimits(limits: Partial<IngestLimits>): void {
  store[LIMITS_KEY] = { ...ingestLimits(), ...limits };
}

/** Runs `work` under other limits and restores the previous ones after (tests). */
export async function withIngestLimits<T>(limits: Partial<IngestLimits>, work: () => Promise<T> | T): Promise<T> {
  const before = store[LIMITS_KEY];
  store[LIMITS_KEY] = { ...ingestLimits(), ...limits };
  try {
    return await work();
  } finally {
    store[LIMITS_KEY] = before;
  }
}

/** "512 MiB", "1 MiB", "2,000": how a limit reads in an error. */
export function describeLimit(name: keyof IngestLimits, value: number = ingestLimits()[name]): string {
  if (name === "maxColumns" || name === "maxJsonDepth") return value.toLocaleString("en-US");
  return describeBytes(value);
}

export function describeBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB"] as const;
  let value = bytes;
  let unit = 0;
  while (unit < units.length - 1 && value >= 1024 && value % 1024 === 0) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString("en-US")} ${units[unit]}`;
}

/**
 * A located error for a passed limit: `what` says what grew too large
 * ("the file's decompressed size"), and the message names the limit, its
 * setting and where it happened.
 */
export function limitExceeded(fileName: string, name: keyof IngestLimits, what: string, line: number, column?: number): IngestFileError {
  const where = column === undefined ? `at line ${line}` : `at line ${line}, column ${column}`;
  return fileError(fileName, `${limitMessage(name, what)} ${where}`, line, column);
}

/** The message without its location, for errors that carry the location themselves. */
export function limitMessage(name: keyof IngestLimits, what: string): string {
  return `${what} passed the ${describeLimit(name)} limit (${LIMIT_SETTINGS[name]})`;
}
