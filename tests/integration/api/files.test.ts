import { createHash } from "node:crypto";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { and, count, eq } from "drizzle-orm";
import type { Runner } from "graphile-worker";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getEnv } from "~/platform/env.server";
import { listAuditEvents } from "~/modules/audit/audit.server";
import { getDb } from "~/platform/db/client";
import { uploadedFiles } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { startWorker } from "../../../worker/runner";
import { createTestOrg, problemOf, type TestOrg } from "../../support/factories";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

// Read once, when the app first asks for its configuration: small enough that a test can exceed it.
const MAX_UPLOAD_BYTES = vi.hoisted(() => {
  const limit = 64 * 1024;
  process.env.MAX_UPLOAD_BYTES = String(limit);
  return limit;
});

let baseUrl: string;
let org: TestOrg;
let operator: ApiClient;
let runner: Runner;

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg("Files Inc");
  operator = apiClient(baseUrl, org.keys.operator);
  runner = await startWorker({
    connectionString: getEnv().DATABASE_URL!,
    concurrency: 2,
    logger: pino({ level: "silent" }),
    withCron: false,
  });
});

afterAll(async () => {
  await runner?.stop();
});

type Json = Record<string, unknown>;

interface UploadInput {
  name: string;
  content: string | Uint8Array<ArrayBuffer>;
  type?: string;
  fields?: Record<string, string>;
  headers?: Record<string, string>;
}

function sha256Of(content: string | Uint8Array<ArrayBuffer>): string {
  return createHash("sha256").update(content).digest("hex");
}

function formFor(input: UploadInput): FormData {
  const form = new FormData();
  form.append("file", new Blob([input.content], { type: input.type ?? "text/csv" }), input.name);
  for (const [name, value] of Object.entries(input.fields ?? {})) form.append(name, value);
  return form;
}

/** Multipart through fetch itself: the JSON api client would serialize the form. */
function postForm(form: FormData, apiKey: string = org.keys.operator, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/api/v1/files`, { method: "POST", headers: { Authorization: `Bearer ${apiKey}`, ...headers }, body: form });
}

async function upload(input: UploadInput, apiKey: string = org.keys.operator): Promise<Response> {
  return postForm(formFor(input), apiKey, input.headers);
}

async function uploadOk(input: UploadInput, apiKey: string = org.keys.operator): Promise<Json> {
  const response = await upload(input, apiKey);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Json;
}

/** Polls the file until the worker has recorded an outcome. */
async function settled(id: string, client: ApiClient = operator, timeoutMs = 20_000): Promise<Json> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const file = (await (await client.get(`/api/v1/files/${id}`)).json()) as Json;
    if (file.status !== "processing") return file;
    if (Date.now() > deadline) throw new Error(`file ${id} still processing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function uploadAndSettle(input: UploadInput, apiKey: string = org.keys.operator): Promise<Json> {
  const created = await uploadOk(input, apiKey);
  return settled(created.id as string, apiClient(baseUrl, apiKey));
}

async function fileRowCount(orgId: string = org.orgId): Promise<number> {
  const [row] = await getDb().select({ n: count() }).from(uploadedFiles).where(eq(uploadedFiles.orgId, orgId));
  return row!.n;
}

function storedObjectPath(sha256: string): string {
  return path.join(getEnv().STORAGE_DIR, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** Every file under STORAGE_DIR, in-flight temporaries included. */
function storageContents(directory = getEnv().STORAGE_DIR): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const entryPath = path.join(directory, entry.name);
    return entry.isDirectory() ? storageContents(entryPath) : [path.relative(getEnv().STORAGE_DIR, entryPath)];
  });
}

/** Asserts that a refused request left no row and nothing in storage. */
async function expectNothingKept(attempt: () => Promise<Response>, expectedStatus: number, expectedType: string): Promise<Json> {
  const rowsBefore = await fileRowCount();
  const storageBefore = storageContents().sort();
  const response = await attempt();
  expect(response.status).toBe(expectedStatus);
  const problem = await problemOf(response);
  expect(problem.type).toBe(expectedType);
  expect(await fileRowCount()).toBe(rowsBefore);
  expect(storageContents().sort()).toEqual(storageBefore);
  return problem;
}

const ORDERS_CSV = [
  "order_id,amount,booked_on,note",
  'A-1,"1,234.50",2026-01-15,plain',
  'A-2,99.00,2026-01-16,"two',
  'lines"',
  "A-3,-5.25,2026-01-17,",
  "",
].join("\n");

describe("upload and background profiling", () => {
  it("stores the upload and answers 201 at once with the file still processing", async () => {
    const content = ORDERS_CSV.replace("plain", "first-upload");
    const response = await upload({ name: "orders.csv", content, fields: { tags: "shopify, eu ,shopify", inbox: "payouts" } });
    expect(response.status).toBe(201);
    const created = (await response.json()) as Json;
    expect(created).toEqual({
      id: expect.stringMatching(/^file_[0-9A-Z]{26}$/),
      object: "file",
      name: "orders.csv",
      mime: "text/csv",
      size: Buffer.byteLength(content),
      sha256: sha256Of(content),
      status: "processing",
      kind: "upload",
      policy: "strict",
      tags: ["shopify", "eu"],
      inbox: "payouts",
      duplicateOf: null,
      duplicateStatementOf: null,
      format: null,
      retentionUntil: null,
      detectedSchema: null,
      overrides: {},
      rowCount: null,
      errorCount: 0,
      errors: [],
      rejectedLines: [],
      createdBy: expect.stringContaining("operator key"),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      profiledAt: null,
      warning: null,
    });
    expect(response.headers.get("location")).toBe(`/api/v1/files/${created.id}`);
    expect(existsSync(storedObjectPath(sha256Of(content)))).toBe(true);
  });

  it("profiles a CSV in the background until it is ready, with its columns and row count", async () => {
    const file = await uploadAndSettle({ name: "orders.csv", content: ORDERS_CSV });
    expect(file).toMatchObject({ status: "ready", rowCount: 3, errorCount: 0, errors: [], rejectedLines: [], profiledAt: expect.any(String) });
    const schema = file.detectedSchema as Json;
    expect(schema).toMatchObject({ format: "csv", compression: "none", delimiter: ",", headerRow: 1 });
    expect((schema.columns as Json[]).map((column) => [column.name, column.type])).toEqual([
      ["order_id", "string"],
      ["amount", "amount"],
      ["booked_on", "date"],
      ["note", "string"],
    ]);
  });

  it("previews normalized values with the line each row starts on", async () => {
    const file = await uploadAndSettle({ name: "preview.csv", content: ORDERS_CSV.replace("plain", "preview") });
    const response = await operator.get(`/api/v1/files/${file.id}/preview?limit=2`);
    expect(response.status).toBe(200);
    const preview = (await response.json()) as Json;
    expect(preview).toEqual({
      object: "file_preview",
      fileId: file.id,
      columns: ["order_id", "amount", "booked_on", "note"],
      rows: [
        {
          line: 2,
          values: {
            order_id: { raw: "A-1", value: "A-1" },
            amount: { raw: "1,234.50", value: expect.any(Number) },
            booked_on: { raw: "2026-01-15", value: expect.any(String) },
            note: { raw: "preview", value: "preview" },
          },
        },
        {
          line: 3,
          values: {
            order_id: { raw: "A-2", value: "A-2" },
            amount: { raw: "99.00", value: expect.any(Number) },
            booked_on: { raw: "2026-01-16", value: expect.any(String) },
            note: { raw: "two\nlines", value: "two\nlines" },
          },
        },
      ],
    });
    const rows = preview.rows as Array<{ values: Record<string, { value: unknown }> }>;
    expect(rows.map((row) => row.values.amount!.value)).toEqual([123450, 9900]);

    const all = (await (await operator.get(`/api/v1/files/${file.id}/preview`)).json()) as Json;
    expect((all.rows as Json[]).map((row) => row.line)).toEqual([2, 3, 5]);
  });

  it("fails a strict upload with a ragged row, locating the error", async () => {
    const content = ["id,amount", "1,10.00", "2,20.00,extra", "3,30.00", ""].join("\n");
    const file = await uploadAndSettle({ name: "ragged.csv", content });
    expect(file).toMatchObject({ status: "failed", rowCount: null, errorCount: 1 });
    expect(file.errors).toEqual([expect.objectContaining({ file: "ragged.csv", line: 3, message: expect.any(String) })]);
  });

  it("fails a file with an unterminated quote, naming the line where the field opens", async () => {
    const content = ["id,amount,note", "1,10.00,fine", '2,20.00,"never closed', "3,30.00,lost", ""].join("\n");
    const file = await uploadAndSettle({ name: "unterminated.csv", content });
    expect(file).toMatchObject({ status: "failed", rowCount: null });
    expect((file.errors as Json[])[0]).toMatchObject({ file: "unterminated.csv", line: 3 });
  });

  it("keeps the good rows of a lenient upload and lists the rejected lines", async () => {
    const content = ["id,amount", "1,10.00", "2,20.00,extra", "3,30.00", "4,40.00,x,y", "5,50.00", ""].join("\n");
    const file = await uploadAndSettle({ name: "lenient.csv", content, fields: { policy: "lenient" } });
    expect(file).toMatchObject({ status: "ready", policy: "lenient", rowCount: 3, errorCount: 2, rejectedLines: [3, 5] });
    expect((file.errors as Json[]).map((error) => error.line)).toEqual([3, 5]);

    const preview = (await (await operator.get(`/api/v1/files/${file.id}/preview`)).json()) as Json;
    expect((preview.rows as Json[]).map((row) => row.line)).toEqual([2, 4, 6]);
  });

  it("answers a preview of a failed file with 422 and the located errors", async () => {
    const content = ["id,amount", "1,10.00", "2,20.00,extra", ""].join("\n");
    const file = await uploadAndSettle({ name: "failed-preview.csv", content });
    const response = await operator.get(`/api/v1/files/${file.id}/preview`);
    expect(response.status).toBe(422);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ type: "/problems/validation-failed" });
    expect(problem.errors).toEqual([expect.objectContaining({ file: "failed-preview.csv", line: 3 })]);
  });

  it("answers a preview with 409 while the file is processing", async () => {
    const file = await uploadAndSettle({ name: "busy.csv", content: "id\n1\n" });
    // Back to processing without a job, so the state holds still for the assertion.
    await getDb().update(uploadedFiles).set({ status: "processing" }).where(eq(uploadedFiles.id, file.id as string));
    const response = await operator.get(`/api/v1/files/${file.id}/preview`);
    expect(response.status).toBe(409);
    expect((await problemOf(response)).type).toBe("/problems/conflict");
  });

  it("accepts the same bytes again, pointing duplicateOf at the first file with a warning", async () => {
    const content = "id,amount\nD-1,1.00\n";
    const first = await uploadOk({ name: "statement.csv", content });
    const again = await uploadOk({ name: "statement (1).csv", content });
    expect(again).toMatchObject({ duplicateOf: first.id, sha256: first.sha256 });
    expect(again.warning).toContain(first.id as string);
    expect(first.warning).toBeNull();
    expect(await settled(again.id as string)).toMatchObject({ status: "ready", duplicateOf: first.id });
  });
});

describe("download", () => {
  it("streams the original bytes back with their sha256 as ETag and Digest", async () => {
    const content = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from("id;name\n1;Zoë\n"), 0x00, 0xff]);
    const created = await uploadOk({ name: "Zoë's export.csv", content, type: "text/csv" });
    const response = await operator.get(`/api/v1/files/${created.id}/download`);
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.compare(bytes, content)).toBe(0);
    expect(sha256Of(bytes)).toBe(created.sha256);
    expect(response.headers.get("etag")).toBe(`"${created.sha256}"`);
    expect(response.headers.get("digest")).toBe(`sha-256=${Buffer.from(created.sha256 as string, "hex").toString("base64")}`);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv(;|$)/);
    expect(response.headers.get("content-length")).toBe(String(content.byteLength));
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="Zo_'s export.csv"; filename*=UTF-8''Zo%C3%AB%27s%20export.csv`,
    );
  });

  it("labels a profiled text file with the charset detection found, not a guessed utf-8", async () => {
    const content = new Uint8Array([...Buffer.from("name,city\nJos"), 0xe9, ...Buffer.from(",Montr"), 0xe9, ...Buffer.from("al\n")]);
    const file = await uploadAndSettle({ name: "latin.csv", content });
    expect(file).toMatchObject({ status: "ready", detectedSchema: expect.objectContaining({ encoding: "iso-8859-1" }) });
    const response = await operator.get(`/api/v1/files/${file.id}/download`);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=iso-8859-1");
    expect(Buffer.compare(new Uint8Array(await response.arrayBuffer()), content)).toBe(0);
  });

  it("answers 500 artifact-integrity-failed to download and preview, showing no bytes, when the stored object was corrupted", async () => {
    const content = "id,amount\nC-1,13.37\nC-2,42.00\n";
    const created = await uploadAndSettle({ name: "corrupt-me.csv", content });
    const objectPath = storedObjectPath(created.sha256 as string);
    writeFileSync(objectPath, content.replace("13.37", "99.99"));

    const response = await operator.get(`/api/v1/files/${created.id}/download`);
    expect(response.status).toBe(500);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({
      type: "/problems/artifact-integrity-failed",
      title: "Stored file failed its integrity check",
      status: 500,
      detail: `The stored bytes of file '${created.id}' no longer match the sha256 recorded at upload, so nothing was sent`,
      requestId: expect.stringMatching(/^req_/),
    });
    expect(JSON.stringify(problem)).not.toContain("99.99");

    const preview = await operator.get(`/api/v1/files/${created.id}/preview`);
    expect(preview.status).toBe(500);
    const previewProblem = await problemOf(preview);
    expect(previewProblem.type).toBe("/problems/artifact-integrity-failed");
    expect(JSON.stringify(previewProblem)).not.toContain("99.99");
  });

  it("verifies the whole stored object even when a preview parses only its first rows", async () => {
    const rows = Array.from({ length: 200 }, (_, i) => `L-${i},${i}.25`).join("\n");
    const content = `id,amount\n${rows}\n`;
    const created = await uploadAndSettle({ name: "long-corrupt.csv", content });
    const first = await operator.get(`/api/v1/files/${created.id}/preview?limit=1`);
    expect(first.status).toBe(200);
    expect(((await first.json()) as { rows: unknown[] }).rows).toHaveLength(1);

    // Corrupt only the last row: a preview of row 1 never parses it, but must still refuse to show the file.
    writeFileSync(storedObjectPath(created.sha256 as string), content.replace("L-199,199.25", "L-199,999.25"));
    const preview = await operator.get(`/api/v1/files/${created.id}/preview?limit=1`);
    expect(preview.status).toBe(500);
    expect((await problemOf(preview)).type).toBe("/problems/artifact-integrity-failed");
  });
});

describe("refused uploads keep nothing", () => {
  it("refuses a file over MAX_UPLOAD_BYTES with 413", async () => {
    const content = "x".repeat(MAX_UPLOAD_BYTES + 1);
    const problem = await expectNothingKept(() => upload({ name: "huge.csv", content }), 413, "/problems/payload-too-large");
    expect(problem.detail).toContain(String(MAX_UPLOAD_BYTES));
  });

  it("accepts a file of exactly MAX_UPLOAD_BYTES", async () => {
    const content = "id\n" + "1\n".repeat((MAX_UPLOAD_BYTES - 3) / 2) + "\n".repeat((MAX_UPLOAD_BYTES - 3) % 2);
    expect(Buffer.byteLength(content)).toBe(MAX_UPLOAD_BYTES);
    const created = await uploadOk({ name: "exactly.csv", content });
    expect(created.size).toBe(MAX_UPLOAD_BYTES);
  });

  it("refuses an empty file with 422", async () => {
    const problem = await expectNothingKept(() => upload({ name: "empty.csv", content: "" }), 422, "/problems/validation-failed");
    expect(problem.errors).toEqual([{ pointer: "/file", message: "has no bytes" }]);
  });

  it("refuses a body that is not multipart with 415", async () => {
    await expectNothingKept(
      () => operator.post("/api/v1/files", "id,amount\n1,2\n", { headers: { "Content-Type": "text/csv" } }),
      415,
      "/problems/unsupported-media-type",
    );
  });

  it("refuses a form without a file part with 422", async () => {
    const form = new FormData();
    form.append("tags", "a");
    const problem = await expectNothingKept(() => postForm(form), 422, "/problems/validation-failed");
    expect(problem.errors).toEqual([{ pointer: "/file", message: "is required: send the file as a part named 'file'" }]);
  });

  it("refuses unknown or invalid fields sent after the file, releasing the stored bytes", async () => {
    const problem = await expectNothingKept(
      () => upload({ name: "fields.csv", content: "id\nunknown-field\n", fields: { colour: "blue", policy: "sloppy" } }),
      422,
      "/problems/validation-failed",
    );
    expect(problem.errors).toEqual([{ pointer: "/colour", message: "unknown field; the form takes file, tags, inbox, policy" }]);

    const invalid = await expectNothingKept(
      () => upload({ name: "fields.csv", content: "id\ninvalid-policy\n", fields: { policy: "sloppy" } }),
      422,
      "/problems/validation-failed",
    );
    expect(invalid.errors).toEqual([{ pointer: "/policy", message: expect.stringContaining("strict") }]);
  });

  it("keeps nothing of an upload whose client disconnects half-way", async () => {
    const rowsBefore = await fileRowCount();
    const storageBefore = storageContents().sort();
    const boundary = "----reconstream-test-boundary";
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.csv"\r\nContent-Type: text/csv\r\n\r\n`;
    await new Promise<void>((resolve) => {
      const target = new URL("/api/v1/files", baseUrl);
      const request = httpRequest(target, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${org.keys.operator}`,
          "Content-Type": `multipart/form-data; boundary=${boundary}`,
          "Content-Length": String(head.length + 40_000),
        },
      });
      request.on("error", () => resolve());
      request.on("response", () => resolve());
      request.write(head);
      request.write("id\n" + "9\n".repeat(10_000));
      setTimeout(() => {
        request.destroy();
        resolve();
      }, 300);
    });
    // The server notices the reset asynchronously; give it a moment to clean up.
    const deadline = Date.now() + 5_000;
    while (storageContents().length !== storageBefore.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(storageContents().sort()).toEqual(storageBefore);
    expect(await fileRowCount()).toBe(rowsBefore);
  });

  it("does not let a viewer upload (403)", async () => {
    await expectNothingKept(() => upload({ name: "viewer.csv", content: "id\n1\n" }, org.keys.viewer), 403, "/problems/forbidden");
  });
});

describe("idempotent uploads", () => {
  it("replays the first response for the same key and bytes, and refuses other bytes with 409", async () => {
    const headers = { "Idempotency-Key": "upload-once-1" };
    const content = "id\nidempotent\n";
    const first = await upload({ name: "once.csv", content, headers });
    const replay = await upload({ name: "once.csv", content, headers });
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    const created = (await first.json()) as Json;
    expect(await replay.json()).toEqual(created);
    const [row] = await getDb()
      .select({ n: count() })
      .from(uploadedFiles)
      .where(and(eq(uploadedFiles.orgId, org.orgId), eq(uploadedFiles.sha256, created.sha256 as string)));
    expect(row!.n).toBe(1);

    const other = await upload({ name: "once.csv", content: "id\nsomething else\n", headers });
    expect(other.status).toBe(409);
    expect((await problemOf(other)).type).toBe("/problems/idempotency-conflict");
    expect(existsSync(storedObjectPath(sha256Of("id\nsomething else\n")))).toBe(false);
  });
});

describe("listing", () => {
  it("filters by status, kind, inbox and name, newest first, in pages", async () => {
    const lister = await createTestOrg("Lister");
    const client = apiClient(baseUrl, lister.keys.operator);
    const bank = await uploadAndSettle({ name: "Bank March.csv", content: "id\nbank\n", fields: { inbox: "bank" } }, lister.keys.operator);
    const psp = await uploadAndSettle({ name: "psp-march.csv", content: "id\npsp\n", fields: { inbox: "psp" } }, lister.keys.operator);
    const broken = await uploadAndSettle({ name: "broken april.csv", content: "id,amount\n1,10.00\n2,20.00,extra\n", fields: { inbox: "bank" } }, lister.keys.operator);
    const ids = async (query: string) =>
      (((await (await client.get(`/api/v1/files${query}`)).json()) as Json).data as Json[]).map((file) => file.id);

    expect(await ids("")).toEqual([broken.id, psp.id, bank.id]);
    expect(await ids("?status=ready")).toEqual([psp.id, bank.id]);
    expect(await ids("?status=failed")).toEqual([broken.id]);
    expect(await ids("?inbox=bank")).toEqual([broken.id, bank.id]);
    expect(await ids("?q=MARCH")).toEqual([psp.id, bank.id]);
    expect(await ids("?kind=snapshot")).toEqual([]);

    const page = (await (await client.get("/api/v1/files?limit=2")).json()) as Json;
    expect(page).toMatchObject({ object: "list", hasMore: true });
    const next = (await (await client.get(`/api/v1/files?limit=2&cursor=${page.nextCursor}`)).json()) as Json;
    expect((next.data as Json[]).map((file) => file.id)).toEqual([bank.id]);
    expect(next.hasMore).toBe(false);

    expect((await client.get("/api/v1/files?colour=blue")).status).toBe(400);
  });
});

describe("org isolation in the database", () => {
  it("shows a tenant transaction only its own org's files, even with no org filter", async () => {
    const other = await createTestOrg("RLS files");
    const theirs = await uploadOk({ name: "theirs.csv", content: "id\nrls\n" }, other.keys.operator);
    const seen = await inOrgTransaction(other.orgId, (tx) => tx.select({ id: uploadedFiles.id, orgId: uploadedFiles.orgId }).from(uploadedFiles));
    expect(seen).toEqual([{ id: theirs.id, orgId: other.orgId }]);
  });
});

describe("changing and deleting files", () => {
  it("re-profiles after a PATCH of the policy: a failed strict file becomes ready under lenient", async () => {
    const content = ["id,amount", "1,10.00", "2,20.00,extra", "3,30.00", ""].join("\n");
    const failed = await uploadAndSettle({ name: "retry.csv", content });
    expect(failed.status).toBe("failed");

    const response = await operator.patch(`/api/v1/files/${failed.id}`, { policy: "lenient", tags: ["retried"] });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "processing", policy: "lenient", tags: ["retried"] });
    expect(await settled(failed.id as string)).toMatchObject({ status: "ready", rowCount: 2, errorCount: 1, rejectedLines: [3] });
  });

  it("stores overrides and applies them when it re-profiles", async () => {
    const file = await uploadAndSettle({ name: "override.csv", content: "code,amount\n007,1.00\n008,2.00\n" });
    const overrides = { columns: { amount: { type: "string" } } };
    const response = await operator.patch(`/api/v1/files/${file.id}`, { overrides });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "processing", overrides });
    const reprofiled = await settled(file.id as string);
    expect(reprofiled).toMatchObject({ status: "ready", overrides });
    const amount = ((reprofiled.detectedSchema as Json).columns as Json[]).find((column) => column.name === "amount");
    expect(amount).toMatchObject({ type: "string" });
  });

  it("fails a re-profile whose override cannot apply, saying why", async () => {
    const file = await uploadAndSettle({ name: "encoding.csv", content: "id\nencoding\n" });
    await operator.patch(`/api/v1/files/${file.id}`, { overrides: { encoding: "klingon-8" } });
    const failed = await settled(file.id as string);
    expect(failed).toMatchObject({ status: "failed", errorCount: 1, rowCount: null });
    expect(failed.errors).toEqual([{ file: "encoding.csv", line: 1, message: 'unknown encoding "klingon-8"' }]);

    const repaired = await operator.patch(`/api/v1/files/${file.id}`, { overrides: {} });
    expect(await repaired.json()).toMatchObject({ status: "processing", overrides: {} });
    expect(await settled(file.id as string)).toMatchObject({ status: "ready", rowCount: 1, errors: [], errorCount: 0 });
  });

  it("changes tags in place without re-profiling", async () => {
    const file = await uploadAndSettle({ name: "tags.csv", content: "id\ntags\n" });
    const response = await operator.patch(`/api/v1/files/${file.id}`, { tags: ["q1", "bank"] });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ready", tags: ["q1", "bank"], profiledAt: file.profiledAt });
  });

  it("refuses an invalid overrides body with 422", async () => {
    const file = await uploadAndSettle({ name: "bad-override.csv", content: "id\nbad-override\n" });
    const response = await operator.patch(`/api/v1/files/${file.id}`, { overrides: { delimiter: ";;" } });
    expect(response.status).toBe(422);
    expect((await problemOf(response)).errors).toEqual([expect.objectContaining({ pointer: "/overrides/delimiter" })]);
  });

  it("deletes the row and its bytes, and needs config:write", async () => {
    const content = "id\nto-delete\n";
    const file = await uploadAndSettle({ name: "delete-me.csv", content });
    expect((await operator.delete(`/api/v1/files/${file.id}`)).status).toBe(403);

    const response = await apiClient(baseUrl, org.keys.admin).delete(`/api/v1/files/${file.id}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: file.id, object: "file" });
    expect((await operator.get(`/api/v1/files/${file.id}`)).status).toBe(404);
    expect(existsSync(storedObjectPath(sha256Of(content)))).toBe(false);
  });

  it("keeps bytes that another file, even of another org, still references", async () => {
    const content = "id\nshared-bytes\n";
    const other = await createTestOrg("Same bytes elsewhere");
    await uploadOk({ name: "theirs.csv", content }, other.keys.operator);
    const mine = await uploadAndSettle({ name: "mine.csv", content });

    expect((await apiClient(baseUrl, org.keys.admin).delete(`/api/v1/files/${mine.id}`)).status).toBe(200);
    expect(existsSync(storedObjectPath(sha256Of(content)))).toBe(true);
  });

  it("refuses to delete a file retained until a future date (409)", async () => {
    const file = await uploadAndSettle({ name: "retained.csv", content: "id\nretained\n" });
    const until = new Date(Date.now() + 86_400_000);
    await getDb().update(uploadedFiles).set({ retentionUntil: until }).where(eq(uploadedFiles.id, file.id as string));

    const response = await apiClient(baseUrl, org.keys.admin).delete(`/api/v1/files/${file.id}`);
    expect(response.status).toBe(409);
    expect(await problemOf(response)).toMatchObject({
      type: "/problems/conflict",
      detail: `File '${file.id}' is retained until ${until.toISOString()} and cannot be deleted before then`,
    });
    expect((await operator.get(`/api/v1/files/${file.id}`)).status).toBe(200);
  });

  it("records uploads, changes, profiling and deletion in the audit trail", async () => {
    const file = await uploadAndSettle({ name: "audited.csv", content: "id\naudited\n", fields: { tags: "a" } });
    await operator.patch(`/api/v1/files/${file.id}`, { tags: ["b"] });
    await apiClient(baseUrl, org.keys.admin).delete(`/api/v1/files/${file.id}`);

    const { events } = await listAuditEvents(org.ownerCtx, { limit: 50, resourceType: "file", resourceId: file.id as string });
    const trail = [...events].reverse().map((event) => ({ action: event.action, actor: [event.actorType, event.actorId], changes: event.changes }));
    expect(trail).toEqual([
      {
        action: "file.uploaded",
        actor: ["api_key", org.keyIds.operator],
        changes: {
          after: {
            name: "audited.csv",
            mime: "text/csv",
            size: 11,
            sha256: sha256Of("id\naudited\n"),
            kind: "upload",
            policy: "strict",
            tags: ["a"],
            inbox: null,
            duplicateOf: null,
            status: "processing",
          },
        },
      },
      {
        action: "file.profiled",
        actor: ["system", null],
        changes: { before: { status: "processing" }, after: { status: "ready", format: null, rowCount: 1, errorCount: 0, revision: 1, duplicateStatementOf: null } },
      },
      { action: "file.updated", actor: ["api_key", org.keyIds.operator], changes: { before: { tags: ["a"] }, after: { tags: ["b"] } } },
      {
        action: "file.deleted",
        actor: ["api_key", org.keyIds.admin],
        changes: {
          before: { name: "audited.csv", size: 11, sha256: sha256Of("id\naudited\n"), kind: "upload", status: "ready", tags: ["b"], inbox: null },
        },
      },
    ]);
  });
});
