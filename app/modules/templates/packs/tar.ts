/**
 * A strict reader (and a minimal writer) for the tar archives packs travel
 * in. Hand-written on purpose: it accepts only what a pack needs — regular
 * files, folders and pax path records — and refuses everything else
 * (symbolic and hard links, devices, FIFOs, absolute paths, `..`), so an
 * uploaded archive can never write outside memory or point at the host's
 * files. Nothing is extracted to disk; files come back as bytes.
 */
export interface TarEntry {
  name: string;
  bytes: Uint8Array;
}

export class UnsafeArchiveError extends Error {
  constructor(
    message: string,
    readonly entry?: string,
  ) {
    super(entry === undefined ? message : `${entry}: ${message}`);
    this.name = "UnsafeArchiveError";
  }
}

const BLOCK = 512;
const decoder = new TextDecoder();

export function readTar(archive: Uint8Array, limits: { maxFiles: number; maxBytes: number }): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let paxPath: string | undefined;
  let total = 0;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    if (!checksumMatches(header)) throw new UnsafeArchiveError("not a tar archive (a header checksum does not match)");
    const size = octal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156]!);
    const prefix = text(header.subarray(345, 500));
    const rawName = text(header.subarray(0, 100));
    const name = paxPath ?? (prefix ? `${prefix}/${rawName}` : rawName);
    const dataStart = offset + BLOCK;
    if (dataStart + size > archive.length) throw new UnsafeArchiveError("the archive is truncated", name);
    const data = archive.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === "x") {
      paxPath = paxRecords(data).path;
      continue;
    }
    if (type === "g") continue;
    paxPath = undefined;
    const safeName = checkName(name);
    if (type === "5") continue;
    if (type !== "0" && type !== "\u0000" && type !== "7") {
      const what = type === "1" ? "a hard link" : type === "2" ? "a symbolic link" : `an entry of type '${type}'`;
      throw new UnsafeArchiveError(`is ${what}; packs hold only regular files`, safeName);
    }
    total += size;
    if (entries.length >= limits.maxFiles) throw new UnsafeArchiveError(`the archive has more than ${limits.maxFiles} files`);
    if (total > limits.maxBytes) throw new UnsafeArchiveError(`the archive unpacks to more than ${limits.maxBytes} bytes`);
    entries.push({ name: safeName, bytes: new Uint8Array(data) });
  }
  return entries;
}

function checkName(name: string): string {
  if (name.length === 0) throw new UnsafeArchiveError("an entry has no name");
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name) || name.includes("\\")) throw new UnsafeArchiveError("absolute or Windows paths are not allowed", name);
  const parts = name.replace(/\/+$/, "").split("/").filter((part) => part !== "" && part !== ".");
  if (parts.includes("..")) throw new UnsafeArchiveError("'..' in a path is not allowed", name);
  return parts.join("/");
}

function checksumMatches(header: Uint8Array): boolean {
  const stored = octal(header.subarray(148, 156));
  let sum = 0;
  for (let index = 0; index < BLOCK; index++) sum += index >= 148 && index < 156 ? 32 : header[index]!;
  return sum === stored;
}

function octal(field: Uint8Array): number {
  const value = text(field).trim();
  return value === "" ? 0 : Number.parseInt(value, 8);
}

function text(field: Uint8Array): string {
  const end = field.indexOf(0);
  return decoder.decode(end < 0 ? field : field.subarray(0, end));
}

/** pax extended header records: "<length> <key>=<value>\n". */
function paxRecords(data: Uint8Array): Record<string, string> {
  const records: Record<string, string> = {};
  const body = decoder.decode(data);
  let position = 0;
  while (position < body.length) {
    const space = body.indexOf(" ", position);
    if (space < 0) break;
    const length = Number(body.slice(position, space));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = body.slice(space + 1, position + length - 1);
    const equals = record.indexOf("=");
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1);
    position += length;
  }
  return records;
}

/** A ustar archive of regular files (names ≤ 100 bytes, or split with a prefix), mtime 0 so builds are reproducible. */
export function writeTar(entries: ReadonlyArray<TarEntry>): Uint8Array {
  const blocks: Uint8Array[] = [];
  const encoder = new TextEncoder();
  for (const entry of entries) {
    const header = new Uint8Array(BLOCK);
    let name = entry.name;
    let prefix = "";
    if (encoder.encode(name).length > 100) {
      const cut = name.lastIndexOf("/", 154);
      prefix = name.slice(0, cut);
      name = name.slice(cut + 1);
    }
    header.set(encoder.encode(name).subarray(0, 100), 0);
    header.set(encoder.encode("0000644\u0000"), 100);
    header.set(encoder.encode("0000000\u0000"), 108);
    header.set(encoder.encode("0000000\u0000"), 116);
    header.set(encoder.encode(entry.bytes.length.toString(8).padStart(11, "0") + "\u0000"), 124);
    header.set(encoder.encode("00000000000\u0000"), 136);
    header[156] = "0".charCodeAt(0);
    header.set(encoder.encode("ustar\u0000"), 257);
    header.set(encoder.encode("00"), 263);
    header.set(encoder.encode(prefix).subarray(0, 155), 345);
    let sum = 0;
    for (let index = 0; index < BLOCK; index++) sum += index >= 148 && index < 156 ? 32 : header[index]!;
    header.set(encoder.encode(sum.toString(8).padStart(6, "0") + "\u0000 "), 148);
    blocks.push(header);
    blocks.push(entry.bytes);
    const padding = (BLOCK - (entry.bytes.length % BLOCK)) % BLOCK;
    if (padding > 0) blocks.push(new Uint8Array(padding));
  }
  blocks.push(new Uint8Array(BLOCK * 2));
  const archive = new Uint8Array(blocks.reduce((length, block) => length + block.length, 0));
  let offset = 0;
  for (const block of blocks) {
    archive.set(block, offset);
    offset += block.length;
  }
  return archive;
}
