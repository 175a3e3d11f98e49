import { createHash, randomUUID } from "node:crypto";
import { mkdir, open, rename, rm, stat, unlink, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { pipeline, type Readable } from "node:stream";
import {
  ArtifactNotFoundError,
  createIntegrityVerifier,
  InvalidArtifactKeyError,
  type ArtifactStore,
  type StoredObject,
} from "./artifact-store.server";

const KEY_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Content-addressed store on the local filesystem: an object's key is the
 * sha256 of its bytes, so identical uploads dedupe for free and a key can be
 * re-verified against the file at any time.
 *
 * Objects live at `<root>/<aa>/<bb>/<sha256>`; the two fan-out levels keep
 * directories small enough that listing or backing them up stays fast.
 * In-flight writes go to `<root>/tmp/` on the same filesystem, so the final
 * rename is atomic and readers never see a half-written object.
 */
export class LocalArtifactStore implements ArtifactStore {
  private readonly root: string;
  private readonly tmpDir: string;

  constructor(root: string) {
    // Resolved once so a later process.chdir cannot move the store.
    this.root = path.resolve(root);
    this.tmpDir = path.join(this.root, "tmp");
  }

  async put(body: Readable | AsyncIterable<Uint8Array>): Promise<StoredObject> {
    await mkdir(this.tmpDir, { recursive: true });
    const tmpPath = path.join(this.tmpDir, `${randomUUID()}.partial`);
    // "wx": a UUID collision must fail loudly, never interleave two uploads.
    const handle = await open(tmpPath, "wx", 0o600);
    let handleOpen = true;
    try {
      const hash = createHash("sha256");
      let size = 0;
      // Awaiting each write is the backpressure: the source is pulled no
      // faster than the disk accepts, so memory stays flat for any body size.
      for await (const chunk of body as AsyncIterable<unknown>) {
        if (!(chunk instanceof Uint8Array)) {
          // A string chunk means the caller set an encoding; guessing one
          // back would silently store different bytes than were sent.
          throw new TypeError(`Artifact body must yield bytes, got ${typeof chunk}`);
        }
        if (chunk.byteLength === 0) continue;
        hash.update(chunk);
        size += chunk.byteLength;
        await writeFully(handle, chunk);
      }
      // Without fsync, a crash after the rename could leave a correctly named
      // file with missing bytes, which would then fail verification forever.
      await handle.sync();
      handleOpen = false;
      await handle.close();

      const sha256 = hash.digest("hex");
      const target = this.objectPath(sha256);
      const targetDir = path.dirname(target);
      await mkdir(targetDir, { recursive: true });
      if (await isFile(target)) {
        // Same key means same bytes; keep the existing file untouched.
        await rm(tmpPath, { force: true });
      } else {
        // If a concurrent put of the same content wins the race between the
        // check and here, rename replaces its file with identical bytes: harmless.
        await rename(tmpPath, target);
        await fsyncDirectory(targetDir);
      }
      return { key: sha256, sha256, size };
    } catch (error) {
      if (handleOpen) await handle.close().catch(() => undefined);
      await rm(tmpPath, { force: true }).catch(() => undefined);
      throw error;
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.objectPath(key);
    let handle: FileHandle;
    try {
      // Opened eagerly so a missing key rejects here rather than surfacing as
      // a stream error after the caller has started a response.
      handle = await open(file, "r");
    } catch (error) {
      if (isMissing(error)) throw new ArtifactNotFoundError(key);
      throw error;
    }
    // pipeline, not pipe: read errors reach the consumer, and a consumer that
    // stops early (client disconnect) still closes the file handle.
    return pipeline(handle.createReadStream(), createIntegrityVerifier(key, key), () => undefined);
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.objectPath(key));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    return isFile(this.objectPath(key));
  }

  /**
   * The only place a key becomes a path. The strict pattern is the traversal
   * guard: 64 hex characters cannot contain a separator or "..".
   */
  private objectPath(key: string): string {
    if (typeof key !== "string" || !KEY_PATTERN.test(key)) throw new InvalidArtifactKeyError(key);
    return path.join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }
}

async function writeFully(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  // write() may legally write fewer bytes than asked.
  let offset = 0;
  while (offset < chunk.byteLength) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
    offset += bytesWritten;
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

/** Makes the rename itself durable, not just the file contents. */
async function fsyncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch (error) {
    // Some platforms (Windows) and filesystems cannot fsync a directory. The
    // object is already written and renamed; only crash-durability of the
    // directory entry is lost, which is not worth failing the upload over.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EISDIR" && code !== "EINVAL" && code !== "EPERM" && code !== "ENOTSUP") throw error;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  // ENOTDIR: a fan-out level exists as a file, so the object cannot exist either.
  return code === "ENOENT" || code === "ENOTDIR";
}
