import { ingestLimits, limitExceeded } from "./limits";
import { decompressed } from "./source";
import type { ByteSource } from "./types";

const LF = 0x0a;
/** The delimiters profiling may choose (ingest-delimited.ts): a run with none of them is one field whichever is chosen. */
const CANDIDATE_DELIMITERS = [0x2c, 0x3b, 0x09, 0x7c];

/**
 * A profile reads a bounded sample, which usually ends inside a record. When
 * that record is far longer than the sample (a 200 MB line, a 1 GiB field),
 * the sample holds no whole row and profiling would fail with a misleading
 * "no header row"; reading on to the record's end, counting but keeping
 * nothing, reports the limit it passes instead. It reads at most
 * INGEST_MAX_LINE_BYTES past the sample.
 */
export async function assertCutRecordWithinLimits(open: ByteSource, fileName: string, sample: Buffer, delimiter?: string): Promise<void> {
  const { maxFieldBytes, maxLineBytes } = ingestLimits();
  const delimiters = delimiter?.length === 1 ? [delimiter === "tab" ? 0x09 : delimiter.charCodeAt(0)] : CANDIDATE_DELIMITERS;
  const lastLineEnd = sample.lastIndexOf(LF);
  let line = 1;
  for (let at = sample.indexOf(LF); at >= 0; at = sample.indexOf(LF, at + 1)) line++;
  let lineBytes = sample.length - lastLineEnd - 1;
  let fieldBytes = lineBytes - (lastDelimiter(sample.subarray(lastLineEnd + 1), delimiters) + 1);
  let skip = sample.length;
  const check = () => {
    if (fieldBytes > maxFieldBytes) throw limitExceeded(fileName, "maxFieldBytes", "a field", line);
    if (lineBytes > maxLineBytes) throw limitExceeded(fileName, "maxLineBytes", "a line", line);
  };
  check();
  for await (const chunk of decompressed(open(), fileName)) {
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (skip >= bytes.length) {
      skip -= bytes.length;
      continue;
    }
    bytes = bytes.subarray(skip);
    skip = 0;
    const end = bytes.indexOf(LF);
    const part = end < 0 ? bytes : bytes.subarray(0, end);
    const delimiterAt = lastDelimiter(part, delimiters);
    fieldBytes = delimiterAt < 0 ? fieldBytes + part.length : part.length - delimiterAt - 1;
    lineBytes += part.length;
    check();
    if (end >= 0) return;
  }
}

function lastDelimiter(bytes: Buffer, delimiters: readonly number[]): number {
  let last = -1;
  for (const delimiter of delimiters) last = Math.max(last, bytes.lastIndexOf(delimiter));
  return last;
}
