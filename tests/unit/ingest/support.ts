import type { ByteSource, ColumnProfile } from "~/core/ingest";

/**
 * Test sources: exact bytes, served in small chunks so every test also
 * crosses chunk boundaries (mid-character, mid-record, mid-CRLF).
 */
export function bytesSource(bytes: Uint8Array, chunkSize = 7): ByteSource {
  return async function* () {
    for (let offset = 0; offset < bytes.length; offset += chunkSize) yield bytes.subarray(offset, offset + chunkSize);
  };
}

export function utf8(text: string): Uint8Array {
  return Buffer.from(text, "utf8");
}

/** One byte per character: how tests write exact Windows-1252 / ISO-8859-1 bytes ("\x80" is the byte 0x80). */
export function bytes(text: string): Uint8Array {
  return Buffer.from(text, "latin1");
}

/** A column profile as a caller would build one, for normalizeCell tests. */
export function column(overrides: Partial<ColumnProfile>): ColumnProfile {
  return { name: "value", index: 0, type: "string", nullCount: 0, fit: 0, total: 0, misfits: [], evidence: "", ...overrides };
}

/** The parts of a column profile most tests pin down. */
export function typeOf(profile: ColumnProfile) {
  return {
    name: profile.name,
    type: profile.type,
    fit: profile.fit,
    total: profile.total,
    nullCount: profile.nullCount,
    misfits: profile.misfits,
    ...(profile.ambiguous ? { ambiguous: true } : {}),
    ...(profile.amount ? { amount: profile.amount } : {}),
    ...(profile.date ? { date: profile.date } : {}),
  };
}
