import { isUtf8 } from "node:buffer";
import iconv from "iconv-lite";

/**
 * Provider files come as UTF-8 (Stripe, Shopify, camt.053), Windows-1252
 * (older PayPal STL files, many bank CSV and MT940 exports) or, rarely,
 * UTF-16 with a byte order mark. Valid UTF-8 is taken as UTF-8 (legacy text
 * is almost never valid UTF-8 by accident); anything else is read as
 * Windows-1252, which maps every byte, so line numbers never shift.
 */
export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export function detectTextEncoding(bytes: Uint8Array): TextEncoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return isUtf8(bytes) ? "utf-8" : "windows-1252";
}

/** The file as text, BOM removed. */
export function decodeText(bytes: Uint8Array): string {
  const encoding = detectTextEncoding(bytes);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (encoding === "utf-8") {
    const text = buffer.toString("utf8");
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
  return iconv.decode(buffer, encoding, { stripBOM: true });
}

/** UTF-8 bytes for the delimited reader (which reads UTF-8 only); UTF-8 input is passed through untouched. */
export function utf8Bytes(bytes: Uint8Array): Uint8Array {
  if (detectTextEncoding(bytes) === "utf-8") return bytes;
  return Buffer.from(decodeText(bytes), "utf8");
}

export interface TextLine {
  /** 1-based physical line. */
  line: number;
  text: string;
}

/** Physical lines (LF, CRLF or CR), numbered from 1; a final empty line after the last terminator is dropped. */
export function splitLines(text: string): TextLine[] {
  const parts = text.split(/\r\n|\n|\r/);
  if (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts.map((part, index) => ({ line: index + 1, text: part }));
}
