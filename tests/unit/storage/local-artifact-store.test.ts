import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ArtifactIntegrityError,
  ArtifactNotFoundError,
  InvalidArtifactKeyError,
} from "~/platform/storage/artifact-store.server";
import { LocalArtifactStore } from "~/platform/storage/local-artifact-store.server";

let root: string;
let store: LocalArtifactStore;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "reconstream-artifacts-"));
  store = new LocalArtifactStore(root);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function objectPath(key: string): string {
  return path.join(root, key.slice(0, 2), key.slice(2, 4), key);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Every regular file under root except the temp area, relative to root. */
async function storedFiles(dir = root): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && full !== path.join(root, "tmp")) files.push(...(await storedFiles(full)));
    else if (entry.isFile()) files.push(path.relative(root, full));
  }
  return files;
}

async function tempFiles(): Promise<string[]> {
  const dir = path.join(root, "tmp");
  return existsSync(dir) ? readdir(dir) : [];
}

describe("LocalArtifactStore", () => {
  it("returns the sha256 and size of the stored bytes", async () => {
    const bytes = Buffer.from("date,amount\n2024-01-01,10.00\n");

    const stored = await store.put(Readable.from([bytes]));

    expect(stored).toEqual({ key: sha256(bytes), sha256: sha256(bytes), size: bytes.length });
    expect(await readFile(objectPath(stored.key))).toEqual(bytes);
    expect(await tempFiles()).toEqual([]);
  });

  it("accepts a plain async iterable of chunks and stores empty content", async () => {
    async function* chunks() {
      yield new Uint8Array([1, 2]);
      yield new Uint8Array(0);
      yield new Uint8Array([3]);
    }
    const stored = await store.put(chunks());
    expect(stored.size).toBe(3);
    expect(stored.sha256).toBe(sha256(new Uint8Array([1, 2, 3])));

    const empty = await store.put(Readable.from([]));
    expect(empty).toEqual({ key: sha256(new Uint8Array(0)), sha256: sha256(new Uint8Array(0)), size: 0 });
    expect(await readAll(await store.get(empty.key))).toHaveLength(0);
  });

  it("round-trips a 20 MB stream generated in chunks", async () => {
    const chunkSize = 256 * 1024;
    const chunkCount = 80;
    const expected = createHash("sha256");
    async function* generate() {
      for (let i = 0; i < chunkCount; i++) {
        const chunk = randomBytes(chunkSize);
        expected.update(chunk);
        yield chunk;
      }
    }

    const stored = await store.put(Readable.from(generate()));
    const expectedSha = expected.digest("hex");
    expect(stored).toEqual({ key: expectedSha, sha256: expectedSha, size: chunkSize * chunkCount });

    const actual = createHash("sha256");
    let size = 0;
    for await (const chunk of await store.get(stored.key)) {
      actual.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    expect(size).toBe(chunkSize * chunkCount);
    expect(actual.digest("hex")).toBe(expectedSha);
  });

  it("gives identical content the same key and keeps a single file", async () => {
    const bytes = randomBytes(4096);

    const first = await store.put(Readable.from([bytes]));
    const second = await store.put(Readable.from([bytes.subarray(0, 100), bytes.subarray(100)]));
    const concurrent = await Promise.all([1, 2, 3].map(() => store.put(Readable.from([bytes]))));

    expect(second.key).toBe(first.key);
    for (const result of concurrent) expect(result.key).toBe(first.key);
    expect(await storedFiles()).toEqual([path.relative(root, objectPath(first.key))]);
    expect(await tempFiles()).toEqual([]);
  });

  it("errors with ArtifactIntegrityError when a tampered file is read to the end", async () => {
    const bytes = Buffer.from("original content that will be tampered with");
    const { key } = await store.put(Readable.from([bytes]));
    const tampered = Buffer.from(bytes);
    tampered[0] = tampered[0]! ^ 0xff;
    await writeFile(objectPath(key), tampered);

    const stream = await store.get(key);
    const error = await readAll(stream).then(
      () => undefined,
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(ArtifactIntegrityError);
    expect(error).toMatchObject({ key, expectedSha256: key, actualSha256: sha256(tampered) });
  });

  it("rejects get of a missing key with ArtifactNotFoundError", async () => {
    const key = sha256(Buffer.from("never stored"));

    await expect(store.get(key)).rejects.toBeInstanceOf(ArtifactNotFoundError);
    await expect(store.get(key)).rejects.toMatchObject({ key });
  });

  it("leaves no temp file and no object when the source stream errors midway", async () => {
    async function* failing() {
      yield randomBytes(64 * 1024);
      yield randomBytes(64 * 1024);
      throw new Error("upstream connection reset");
    }

    await expect(store.put(Readable.from(failing()))).rejects.toThrow("upstream connection reset");

    expect(await tempFiles()).toEqual([]);
    expect(await storedFiles()).toEqual([]);
  });

  it("rejects bodies that yield strings instead of bytes and cleans up", async () => {
    const body = Readable.from(["not", "bytes"]);

    await expect(store.put(body)).rejects.toBeInstanceOf(TypeError);
    expect(await tempFiles()).toEqual([]);
    expect(await storedFiles()).toEqual([]);
  });

  it("rejects keys that are not 64 lowercase hex characters, including traversal attempts", async () => {
    const valid = sha256(Buffer.from("x"));
    const invalidKeys = [
      "../../etc/passwd",
      "",
      "tmp",
      valid.toUpperCase(),
      `${valid}0`,
      valid.slice(1),
      `../${valid.slice(3)}`,
      `${valid.slice(0, 62)}/x`,
      `${valid}\n`,
    ];

    for (const key of invalidKeys) {
      await expect(store.get(key)).rejects.toBeInstanceOf(InvalidArtifactKeyError);
      await expect(store.exists(key)).rejects.toBeInstanceOf(InvalidArtifactKeyError);
      await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidArtifactKeyError);
    }
    await expect(store.get("../../etc/passwd")).rejects.toThrow(/64 lowercase hex/);
  });

  it("reports exists as false after delete", async () => {
    const { key } = await store.put(Readable.from([Buffer.from("to be deleted")]));
    expect(await store.exists(key)).toBe(true);

    await store.delete(key);

    expect(await store.exists(key)).toBe(false);
    await expect(store.get(key)).rejects.toBeInstanceOf(ArtifactNotFoundError);
  });

  it("does not throw when deleting a missing key", async () => {
    await expect(store.delete(sha256(Buffer.from("never stored")))).resolves.toBeUndefined();
  });
});
