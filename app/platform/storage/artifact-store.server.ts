import { createHash, type Hash } from "node:crypto";
import { Transform, type Readable, type TransformCallback } from "node:stream";

/**
 * Where uploaded files, exports and other immutable blobs live.
 *
 * Callers only ever see opaque keys and streams, never paths or URLs, so the
 * local-disk store can be swapped for an S3-compatible one (or a cache in front
 * of one) without touching them. Objects are immutable: there is no overwrite,
 * because a key names its content.
 */
export interface ArtifactStore {
  /**
   * Consumes `body` to the end. The body is streamed, never held in memory, so
   * it is safe for uploads far larger than the heap. Rejects (and stores
   * nothing) if the body errors part-way.
   */
  put(body: Readable | AsyncIterable<Uint8Array>): Promise<StoredObject>;

  /**
   * Rejects with ArtifactNotFoundError up front when the key is unknown, so
   * callers can answer 404 before committing to a response.
   *
   * The bytes are checked against their sha256 only as they flow, so the
   * returned stream errors with ArtifactIntegrityError *after* the last chunk
   * when the object was corrupted. Callers must treat the data as untrusted
   * until the stream has ended without error (e.g. parse into a transaction
   * that is rolled back on error, rather than acting on each row).
   */
  get(key: string): Promise<Readable>;

  /** Idempotent: deleting an unknown key succeeds, so retries are safe. */
  delete(key: string): Promise<void>;

  exists(key: string): Promise<boolean>;
}

export type StoredObject = {
  /** Opaque; persist it as-is and hand it back to get/delete/exists. */
  key: string;
  /** Lowercase hex. Kept alongside the key so integrity never depends on the key format. */
  sha256: string;
  /** Bytes. */
  size: number;
};

export class ArtifactNotFoundError extends Error {
  override readonly name = "ArtifactNotFoundError";
  constructor(public readonly key: string) {
    super(`Artifact not found: ${key}`);
  }
}

export class ArtifactIntegrityError extends Error {
  override readonly name = "ArtifactIntegrityError";
  constructor(
    public readonly key: string,
    public readonly expectedSha256: string,
    public readonly actualSha256: string,
  ) {
    super(`Artifact ${key} is corrupt: expected sha256 ${expectedSha256}, got ${actualSha256}`);
  }
}

/**
 * A key that could never have been returned by put. Thrown rather than treated
 * as "not found" because it usually means a caller passed user input straight
 * through, which is worth surfacing loudly.
 */
export class InvalidArtifactKeyError extends Error {
  override readonly name = "InvalidArtifactKeyError";
  constructor(public readonly key: unknown) {
    const shown = typeof key === "string" ? JSON.stringify(key.slice(0, 100)) : typeof key;
    super(`Invalid artifact key ${shown}: expected 64 lowercase hex characters (a sha256 digest)`);
  }
}

/**
 * Pass-through that hashes what flows and fails at the end on a mismatch.
 * Shared so every backend reports corruption the same way; a remote store
 * cannot be trusted any more than a local disk.
 */
export function createIntegrityVerifier(key: string, expectedSha256: string): Transform {
  const hash: Hash = createHash("sha256");
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      const actual = hash.digest("hex");
      callback(actual === expectedSha256 ? null : new ArtifactIntegrityError(key, expectedSha256, actual));
    },
  });
}
