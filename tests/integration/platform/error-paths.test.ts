import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { BadRequest } from "~/core/errors/domain-errors";
import { getEnv } from "~/platform/env.server";
import { problemResponse } from "~/http/problem.server";
import { redactServerPaths } from "~/platform/observability/redact-paths.server";
import { LocalArtifactStore } from "~/platform/storage/local-artifact-store.server";
import { classifyFailure } from "~/modules/streams/runtime/failure";

/**
 * What clients are told never names a server directory. The error is a real
 * one: the storage directory bind-mounted read-only (which denies root too),
 * so the OS message carries the absolute path of the temp file.
 */
let storageDir: string;
let dataDir: string;
let mounted = false;

beforeAll(() => {
  ({ STORAGE_DIR: storageDir, DATA_DIR: dataDir } = getEnv());
});

afterEach(() => {
  if (mounted) execFileSync("umount", [storageDir]);
  mounted = false;
});

async function readOnlyStorageError(): Promise<Error> {
  mkdirSync(path.join(storageDir, "tmp"), { recursive: true });
  execFileSync("mount", ["--bind", storageDir, storageDir]);
  mounted = true;
  execFileSync("mount", ["-o", "remount,bind,ro", storageDir]);
  const store = new LocalArtifactStore(storageDir);
  const failure = await store.put(Readable.from([Buffer.from("id,amount\n1,10\n")])).then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  if (!failure) throw new Error("the write to a read-only storage directory succeeded");
  return failure;
}

describe("server paths in what clients see", () => {
  it("are absolute in the OS error (the premise of the tests below)", async () => {
    const error = await readOnlyStorageError();
    expect(error.message).toContain(path.join(dataDir, "storage", "tmp"));
  });

  it("become <DATA_DIR> in a step's failure, which the API shows", async () => {
    const failure = classifyFailure(await readOnlyStorageError());
    expect(failure.message).toMatch(/^EROFS: read-only file system, open '<DATA_DIR>\/storage\/tmp\/[0-9a-f-]{36}\.partial'$/);
    expect(failure).toMatchObject({ classification: "transient", code: "erofs" });
  });

  it("become <DATA_DIR> in a problem's detail and located errors", async () => {
    const error = await readOnlyStorageError();
    const response = problemResponse(new BadRequest(`Could not store: ${error.message}`, { errors: [{ pointer: "/file", message: error.message }] }), {
      requestId: "req_test",
      instance: "/api/v1/files",
    });
    const body = await response.text();
    expect(body).not.toContain(dataDir);
    expect(JSON.parse(body)).toMatchObject({
      detail: expect.stringMatching(/^Could not store: EROFS: read-only file system, open '<DATA_DIR>\/storage\/tmp\//),
      errors: [{ pointer: "/file", message: expect.stringMatching(/^EROFS: .*'<DATA_DIR>\/storage\/tmp\//) }],
    });
  });

  it("become <APP> under the app's directory, and other text is left alone", () => {
    expect(redactServerPaths(`Cannot find module '${path.join(process.cwd(), "plugins", "x.json")}'`)).toBe("Cannot find module '<APP>/plugins/x.json'");
    expect(redactServerPaths("Mapping 'amount' names column 'Amount'")).toBe("Mapping 'amount' names column 'Amount'");
  });
});
