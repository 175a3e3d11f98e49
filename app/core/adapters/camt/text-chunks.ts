import { isUtf8 } from "node:buffer";
import iconv from "iconv-lite";

/**
 * The file's text in pieces, for the XML parser. A camt.053 with a million
 * entries is over a gigabyte, more than one JavaScript string can hold, so
 * it is decoded slice by slice (a streaming decoder keeps a character cut
 * at a slice boundary whole). Encodings as support/text.ts decides them:
 * a BOM's UTF-16, else UTF-8 when valid, else Windows-1252.
 */
const SLICE_BYTES = 1 << 20;

export function* textChunks(bytes: Uint8Array): Generator<string> {
  let start = 0;
  let decode: (slice: Uint8Array, last: boolean) => string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    decode = streamDecoder("utf-16le");
    start = 2;
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    decode = streamDecoder("utf-16be");
    start = 2;
  } else if (isUtf8(bytes)) {
    decode = streamDecoder("utf-8");
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  } else {
    // Single-byte: any slice boundary is a character boundary.
    decode = (slice) => iconv.decode(Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength), "windows-1252");
  }
  for (let offset = start; offset < bytes.length; offset += SLICE_BYTES) {
    const end = Math.min(bytes.length, offset + SLICE_BYTES);
    yield decode(bytes.subarray(offset, end), end === bytes.length);
  }
}

function streamDecoder(encoding: "utf-8" | "utf-16le" | "utf-16be"): (slice: Uint8Array, last: boolean) => string {
  const decoder = new TextDecoder(encoding, { ignoreBOM: true });
  return (slice, last) => decoder.decode(slice, { stream: !last });
}
