import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { fileError } from "./errors";
import { ingestLimits, limitExceeded } from "./limits";

/** Profiles read this much of the (decompressed) file: enough for 10,000 typical rows, small enough to stay instant. */
export const SAMPLE_BYTES = 1 << 20;
export const SAMPLE_ROWS = 10_000;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** ZIP local file header "PK\x03\x04": every XLSX starts with one. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** The OLE2 compound document signature of legacy .xls (and .doc) files. */
export function isOle2(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/**
 * The source's bytes, gunzipped when they begin with gzip's magic bytes.
 * The bytes decide, not the name: uploads arrive as "export.csv" that are
 * gzip and "export.csv.gz" that are not.
 */
export async function* decompressed(source: AsyncIterable<Uint8Array>, fileName: string): AsyncGenerator<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  let ended = false;
  try {
    let head: Uint8Array = new Uint8Array(0);
    while (head.length < 2) {
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        break;
      }
      head = concatBytes(head, next.value);
    }
    const remaining = async function* (): AsyncGenerator<Uint8Array> {
      if (head.length > 0) yield head;
      while (!ended) {
        const next = await iterator.next();
        if (next.done) {
          ended = true;
          break;
        }
        if (next.value.length > 0) yield next.value;
      }
    };
    if (!isGzip(head)) {
      yield* remaining();
      return;
    }
    const gunzip = createGunzip();
    const input = Readable.from(remaining(), { objectMode: false });
    input.on("error", (error) => gunzip.destroy(error));
    input.pipe(gunzip);
    // Counted as it inflates, so a bomb stops at the limit instead of filling memory or running for minutes.
    const limit = ingestLimits().maxDecompressedBytes;
    let inflated = 0;
    let lineEnds = 0;
    try {
      for await (const chunk of gunzip) {
        const bytes = chunk as Buffer;
        if (inflated + bytes.length > limit) {
          throw limitExceeded(fileName, "maxDecompressedBytes", "the file's decompressed size", lineEnds + countLineEnds(bytes, limit - inflated) + 1);
        }
        inflated += bytes.length;
        lineEnds += countLineEnds(bytes, bytes.length);
        yield bytes;
      }
    } catch (error) {
      if (isZlibError(error)) throw fileError(fileName, `the gzip data is corrupt or truncated (${(error as Error).message})`);
      throw error;
    } finally {
      input.destroy();
      gunzip.destroy();
    }
  } finally {
    if (!ended) await iterator.return?.();
  }
}

/** LF bytes among the first `end` bytes: the line a decompression limit is passed on. */
function countLineEnds(bytes: Buffer, end: number): number {
  let count = 0;
  for (let at = bytes.indexOf(10); at >= 0 && at < end; at = bytes.indexOf(10, at + 1)) count++;
  return count;
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("Z_");
}

export interface Prefix {
  bytes: Buffer;
  /** True when the prefix is the whole file. */
  complete: boolean;
}

/** The first `limit` bytes (or a little more: whole chunks) of a stream, which is then closed. */
export async function readPrefix(chunks: AsyncIterable<Uint8Array>, limit: number): Promise<Prefix> {
  const parts: Uint8Array[] = [];
  let length = 0;
  let complete = true;
  for await (const chunk of chunks) {
    if (length >= limit) {
      complete = false;
      break;
    }
    parts.push(chunk);
    length += chunk.length;
  }
  return { bytes: Buffer.concat(parts), complete };
}

/** The first `count` bytes of the raw source (before any decompression), reading no more chunks than needed. */
export async function peekBytes(source: AsyncIterable<Uint8Array>, count: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of source) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= count) break;
  }
  return Buffer.concat(parts).subarray(0, count);
}
