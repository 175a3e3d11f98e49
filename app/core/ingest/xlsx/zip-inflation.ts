import { Readable } from "node:stream";
import { createInflateRaw } from "node:zlib";
import { fileError, IngestFileError } from "../errors";
import { ingestLimits, limitMessage } from "../limits";
import { decompressed } from "../source";
import type { ByteSource } from "../types";

/**
 * Checks that an XLSX's zip parts inflate to no more than
 * INGEST_MAX_DECOMPRESSED_BYTES in total, before exceljs reads them. exceljs
 * inflates each part as it streams and offers no hook to count it, and a
 * 500 KB workbook whose sheet inflates to 512 MiB kept a reader busy for
 * minutes. So this pass inflates every part itself, counting, and stops at
 * the limit; the sizes the zip declares are checked first (cheap), but they
 * can lie, so the count while inflating is what decides.
 *
 * Entries are found through the central directory (at the end of the zip),
 * whose compressed sizes are reliable even when local headers defer them to
 * a data descriptor, as streaming zip writers do.
 */

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

/** Enough for the end-of-central-directory record, its comment and the central directory of any real workbook. */
const TAIL_BYTES = 4 * 1024 * 1024;
const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/**
 * exceljs's streaming reader keeps the shared-string table (the text of
 * every string cell, once) whole in memory while the sheet streams: it
 * offers no other store. So the table's XML is bounded: a workbook whose
 * xl/sharedStrings.xml inflates to more is refused, with the part named,
 * rather than read into unbounded memory. 32 MiB of XML holds a few hundred
 * thousand distinct strings; a larger sheet can be saved as CSV.
 */
export const MAX_SHARED_STRINGS_BYTES = 32 * 1024 * 1024;
const SHARED_STRINGS_PART = "xl/sharedstrings.xml";

export async function assertZipInflationWithinLimit(open: ByteSource, fileName: string, maxSharedStringsBytes = MAX_SHARED_STRINGS_BYTES): Promise<void> {
  const limit = ingestLimits().maxDecompressedBytes;
  const entries = await centralDirectory(open, fileName);
  const declared = entries.reduce((sum, entry) => sum + entry.declaredSize, 0);
  if (declared > limit) throw inflationLimit(fileName, "as the zip's directory declares its parts");
  const sharedStrings = entries.find((entry) => entry.name.toLowerCase() === SHARED_STRINGS_PART);
  if (sharedStrings && sharedStrings.declaredSize > maxSharedStringsBytes) throw sharedStringsLimit(fileName, sharedStrings.name, maxSharedStringsBytes);
  let inflated = 0;
  const cursor = new ByteCursor(decompressed(open(), fileName));
  try {
    for (const entry of [...entries].sort((a, b) => a.localOffset - b.localOffset)) {
      await cursor.skipTo(entry.localOffset);
      const header = await cursor.read(30);
      if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_SIGNATURE) throw fileError(fileName, `not a readable XLSX workbook (no local header for ${entry.name})`);
      await cursor.skip(header.readUInt16LE(26) + header.readUInt16LE(28));
      const data = cursor.range(entry.compressedSize);
      if (entry.method === STORED) {
        for await (const chunk of data) {
          inflated += chunk.length;
          if (inflated > limit) throw inflationLimit(fileName, `while inflating ${entry.name}`);
        }
        if (entry === sharedStrings && entry.compressedSize > maxSharedStringsBytes) throw sharedStringsLimit(fileName, entry.name, maxSharedStringsBytes);
        continue;
      }
      if (entry.method !== DEFLATED) throw fileError(fileName, `not a readable XLSX workbook (${entry.name} uses zip compression method ${entry.method})`);
      const inflater = createInflateRaw();
      const partLimit = entry === sharedStrings ? maxSharedStringsBytes : Number.POSITIVE_INFINITY;
      let partInflated = 0;
      const input = Readable.from(data);
      input.on("error", (error) => inflater.destroy(error));
      input.pipe(inflater);
      try {
        for await (const chunk of inflater) {
          inflated += (chunk as Buffer).length;
          partInflated += (chunk as Buffer).length;
          if (inflated > limit) throw inflationLimit(fileName, `while inflating ${entry.name}`);
          if (partInflated > partLimit) throw sharedStringsLimit(fileName, entry.name, maxSharedStringsBytes);
        }
      } catch (error) {
        if (error instanceof IngestFileError) throw error;
        throw fileError(fileName, `not a readable XLSX workbook (${entry.name}: ${(error as Error).message})`);
      } finally {
        input.destroy();
        inflater.destroy();
      }
    }
  } finally {
    await cursor.close();
  }
}

function sharedStringsLimit(fileName: string, part: string, max: number): IngestFileError {
  const mib = Math.round((max / 1024 / 1024) * 100) / 100;
  return fileError(fileName, `${part} (the workbook's shared strings) inflates to more than ${mib} MiB, which a streamed read would hold whole in memory: save the sheet as CSV, or split it`);
}

function inflationLimit(fileName: string, where: string): IngestFileError {
  return fileError(fileName, `${limitMessage("maxDecompressedBytes", "the workbook's decompressed size")} ${where}`);
}

async function centralDirectory(open: ByteSource, fileName: string): Promise<ZipEntry[]> {
  let tail = Buffer.alloc(0);
  let length = 0;
  for await (const chunk of decompressed(open(), fileName)) {
    length += chunk.length;
    tail = Buffer.concat([tail, chunk]);
    if (tail.length > 2 * TAIL_BYTES) tail = tail.subarray(tail.length - TAIL_BYTES);
  }
  const tailStart = length - tail.length;
  const unreadable = (why: string) => fileError(fileName, `not a readable XLSX workbook (${why})`);
  let eocd = -1;
  for (let at = tail.length - 22; at >= Math.max(0, tail.length - 22 - 0xffff); at--) {
    if (tail.readUInt32LE(at) === EOCD_SIGNATURE) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw unreadable("no end of central directory");
  const count = tail.readUInt16LE(eocd + 10);
  const directoryOffset = tail.readUInt32LE(eocd + 16);
  if (directoryOffset === 0xffffffff || count === 0xffff) throw unreadable("ZIP64 archives are not supported");
  let at = directoryOffset - tailStart;
  if (at < 0) throw unreadable("the central directory is larger than 4 MiB");
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > tail.length || tail.readUInt32LE(at) !== CENTRAL_SIGNATURE) throw unreadable("a damaged central directory");
    const nameLength = tail.readUInt16LE(at + 28);
    entries.push({
      method: tail.readUInt16LE(at + 10),
      compressedSize: tail.readUInt32LE(at + 20),
      declaredSize: tail.readUInt32LE(at + 24),
      localOffset: tail.readUInt32LE(at + 42),
      name: tail.toString("utf8", at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + tail.readUInt16LE(at + 30) + tail.readUInt16LE(at + 32);
  }
  return entries;
}

/** Sequential reads at absolute offsets over a stream that is read once. */
class ByteCursor {
  private readonly iterator: AsyncIterator<Uint8Array>;
  private buffered: Buffer = Buffer.alloc(0);
  private position = 0;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    const next = await this.iterator.next();
    if (next.done) return false;
    this.buffered = this.buffered.length === 0 ? Buffer.from(next.value) : Buffer.concat([this.buffered, next.value]);
    return true;
  }

  async skipTo(offset: number): Promise<void> {
    if (offset < this.position) throw new Error("zip entries overlap");
    await this.skip(offset - this.position);
  }

  async skip(count: number): Promise<void> {
    let left = count;
    while (left > 0) {
      if (this.buffered.length === 0 && !(await this.fill())) return;
      const taken = Math.min(left, this.buffered.length);
      this.buffered = this.buffered.subarray(taken);
      this.position += taken;
      left -= taken;
    }
  }

  async read(count: number): Promise<Buffer> {
    while (this.buffered.length < count && (await this.fill()));
    const bytes = this.buffered.subarray(0, count);
    this.buffered = this.buffered.subarray(bytes.length);
    this.position += bytes.length;
    return bytes;
  }

  async *range(count: number): AsyncGenerator<Buffer> {
    let left = count;
    while (left > 0) {
      if (this.buffered.length === 0 && !(await this.fill())) return;
      const piece = this.buffered.subarray(0, Math.min(left, this.buffered.length));
      this.buffered = this.buffered.subarray(piece.length);
      this.position += piece.length;
      left -= piece.length;
      yield piece;
    }
  }

  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}
