import iconv from "iconv-lite";
import type { AdapterErrorLocation, AdapterReadOptions } from "../types";
import { CHUNK_READ, ReadAgain, type RecordSteps, type StreamedRecord, type StreamingRecordReader } from "./protocol";

/**
 * Drives a chunk-driven adapter reader (readers.ts) over bytes that arrive
 * asynchronously (a file streamed from storage, already gunzipped): the
 * reader pulls its text synchronously, so the next chunk is fetched each
 * time it says CHUNK_READ. Memory follows one chunk and what the reader
 * holds of one statement, never the file.
 *
 * The text is decoded as the adapters' read() decodes a whole file
 * (support/text.ts): a byte order mark's UTF-16, else UTF-8 when the whole
 * file is valid UTF-8, else Windows-1252. Whether the whole file is valid
 * UTF-8 is only known at its end, so the reading starts as UTF-8 and, at
 * the first byte that is not, starts over as Windows-1252 (`onRestart` tells
 * the caller to drop what it collected). A reader that throws ReadAgain is
 * started over the same way, once, with its hint.
 */

type Encoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

class NotUtf8 extends Error {}

export interface DriveCallbacks {
  /** `columns` are the reader's (RecordSteps.columns), known from the first record on. */
  record(record: StreamedRecord, columns: readonly string[]): void;
  onRestart(): void;
}

/** What the pass that ended (or threw) was: its warnings, and its columns (read() writes them even for a file without records). */
export interface DriveResult {
  warnings: AdapterErrorLocation[];
  columns: readonly string[];
}

/** Returns read()'s warnings and columns; throws the AdapterError read() would throw. */
export async function driveRecords(
  open: () => AsyncIterable<Uint8Array>,
  reader: StreamingRecordReader,
  options: AdapterReadOptions,
  callbacks: DriveCallbacks,
): Promise<DriveResult> {
  let forced: Encoding | null = null;
  let hint: { value: unknown } | null = null;
  for (;;) {
    try {
      return await driveOnce(open(), forced, (chunks) => reader.start(chunks, options, hint?.value), callbacks);
    } catch (error) {
      if (error instanceof NotUtf8 && forced === null) forced = "windows-1252";
      else if (error instanceof ReadAgain && hint === null) hint = { value: error.hint };
      else throw error;
      callbacks.onRestart();
    }
  }
}

async function driveOnce(
  bytes: AsyncIterable<Uint8Array>,
  forced: Encoding | null,
  start: (chunks: Iterable<string>) => RecordSteps,
  callbacks: DriveCallbacks,
): Promise<DriveResult> {
  const source = decodedText(bytes, forced)[Symbol.asyncIterator]();
  const pending: string[] = [];
  let ended = false;
  function* chunks(): Generator<string> {
    for (;;) {
      const next = pending.shift();
      if (next !== undefined) yield next;
      else if (ended) return;
      else throw new Error("the reader pulled a chunk before it said CHUNK_READ");
    }
  }
  const fetch = async () => {
    const next = await source.next();
    if (next.done) ended = true;
    else pending.push(next.value);
  };
  try {
    await fetch();
    const { steps, end, columns } = start(chunks());
    for (let step = steps.next(); !step.done; step = steps.next()) {
      if (step.value === CHUNK_READ) await fetch();
      else callbacks.record(step.value, columns());
    }
    return { warnings: end(), columns: columns() };
  } finally {
    if (!ended) await source.return?.(undefined);
  }
}

/** The bytes as text, in pieces; a character cut between two pieces is kept whole. Throws NotUtf8 when UTF-8 was guessed wrong. */
async function* decodedText(bytes: AsyncIterable<Uint8Array>, forced: Encoding | null): AsyncGenerator<string> {
  let head = Buffer.alloc(0);
  let decode: ((bytes: Uint8Array, last: boolean) => string) | null = null;
  for await (const chunk of bytes) {
    if (decode === null) {
      head = Buffer.concat([head, chunk]);
      if (head.length < 2) continue;
      const chosen = chooseDecoder(head, forced);
      decode = chosen.decode;
      yield decode(head.subarray(chosen.skip), false);
      continue;
    }
    yield decode(chunk, false);
  }
  if (decode === null) {
    const chosen = chooseDecoder(head, forced);
    decode = chosen.decode;
    yield decode(head.subarray(chosen.skip), true);
    return;
  }
  yield decode(new Uint8Array(0), true);
}

function chooseDecoder(head: Buffer, forced: Encoding | null): { decode: (bytes: Uint8Array, last: boolean) => string; skip: number } {
  if (forced === null && head[0] === 0xff && head[1] === 0xfe) return { decode: streamDecoder("utf-16le", false), skip: 2 };
  if (forced === null && head[0] === 0xfe && head[1] === 0xff) return { decode: streamDecoder("utf-16be", false), skip: 2 };
  if (forced === null) return { decode: streamDecoder("utf-8", true), skip: 0 };
  // Single-byte: any cut is a character boundary.
  return { decode: (bytes) => iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "windows-1252"), skip: 0 };
}

function streamDecoder(encoding: "utf-8" | "utf-16le" | "utf-16be", fatal: boolean): (bytes: Uint8Array, last: boolean) => string {
  // A UTF-8 byte order mark is dropped by the decoder (as read() drops it); UTF-16's was skipped with its two bytes.
  const decoder = new TextDecoder(encoding, { fatal, ignoreBOM: encoding !== "utf-8" });
  return (bytes, last) => {
    try {
      return decoder.decode(bytes, { stream: !last });
    } catch (error) {
      if (fatal) throw new NotUtf8((error as Error).message);
      throw error;
    }
  };
}
