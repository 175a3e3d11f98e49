import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, count, eq } from "drizzle-orm";
import mysql from "mysql2/promise";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getEnv } from "~/platform/env.server";
import { listAuditEvents } from "~/modules/audit/audit.server";
import { getDb } from "~/platform/db/client";
import { auditEvents, dataSources, dataSourceSnapshots, uploadedFiles } from "~/platform/db/schema";
import { createTestOrg, problemOf, type TestOrg } from "../../support/factories";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

// Read once, when the app first asks for its configuration: the local test
// server on 127.0.0.1 may be fetched (over plain http); 127.0.0.2 may not.
vi.hoisted(() => {
  process.env.HTTP_SOURCE_ALLOWLIST = "127.0.0.1";
});

type Json = Record<string, unknown>;

let baseUrl: string;
let org: TestOrg;
let admin: ApiClient;
let operator: ApiClient;
let viewer: ApiClient;
/** This test file's own database, as its owner: the fixture table lives here. */
let ownerSql: postgres.Sql;
let database: { host: string; port: number; database: string };
/** A login role the data sources connect as; it may write the fixture, so only the read-only transaction stops a write. */
const reader = { user: `ds_reader_${randomBytes(4).toString("hex")}`, password: `pw-${randomBytes(12).toString("hex")}` };
let httpServer: Server;
let httpBase: string;
const HTTP_TOKEN = `token-${randomBytes(12).toString("hex")}`;
/** Every response body the API sent in this file; none may contain a credential. */
const responseBodies: string[] = [];

const PAYOUTS_CSV = "payout_id,amount,currency\r\npo_1,100.00,EUR\r\npo_2,\"1,250.50\",EUR\r\npo_3,-3.10,USD\r\n";
const PAYOUTS_JSON = JSON.stringify([
  { payout_id: "po_1", amount: "100.00" },
  { payout_id: "po_2", amount: "7.25" },
]);

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg("Sources Inc");
  admin = recordingClient(org.keys.admin);
  operator = recordingClient(org.keys.operator);
  viewer = recordingClient(org.keys.viewer);

  const url = new URL(getEnv().DATABASE_URL!);
  database = { host: url.hostname, port: Number(url.port || 5432), database: url.pathname.slice(1) };
  ownerSql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await ownerSql.unsafe(`
    create schema fixture_src;
    create table fixture_src.payouts (
      id int primary key, amount numeric(12,2), paid_at timestamptz, booked_on date,
      note text, settled boolean, big bigint, ratio float8
    );
    insert into fixture_src.payouts values
      (1, 1234.50, '2026-01-15 10:00:00+00', '2026-01-15', 'plain', true, 9007199254740993, 0.1),
      (2, -5.25, '2026-01-16 23:59:59.123456+00', '2026-01-16', 'comma, "quoted"', false, null, 1e-7),
      (3, null, null, null, E'two\\nlines', null, 0, null),
      (4, 0, '2026-02-01 00:00:00+00', '2026-02-01', '', true, -1, 2.5);
    create role ${reader.user} login password '${reader.password}';
    grant usage on schema fixture_src to ${reader.user};
    grant select, insert, update, delete on fixture_src.payouts to ${reader.user};
  `);

  httpServer = createServer((request, response) => {
    if (request.url === "/payouts.csv") {
      if (request.headers.authorization !== `Bearer ${HTTP_TOKEN}`) {
        response.writeHead(401).end("who are you?");
        return;
      }
      response.writeHead(200, { "Content-Type": "text/csv", "Content-Length": Buffer.byteLength(PAYOUTS_CSV) }).end(PAYOUTS_CSV);
    } else if (request.url === "/payouts.json") {
      response.writeHead(200, { "Content-Type": "application/json" }).end(PAYOUTS_JSON);
    } else if (request.url === "/to-private") {
      const { port } = httpServer.address() as AddressInfo;
      response.writeHead(302, { Location: `https://127.0.0.2:${port}/payouts.json` }).end();
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  httpBase = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => (httpServer ? httpServer.close(() => resolve()) : resolve()));
  if (ownerSql) {
    // Roles belong to the cluster, not to this file's database: drop it before the database goes.
    await ownerSql.unsafe(`drop owned by ${reader.user}; drop role if exists ${reader.user}`);
    await ownerSql.end();
  }
});

/** An API client that keeps every response body, for the credential check at the end. */
function recordingClient(apiKey: string): ApiClient {
  const client = apiClient(baseUrl, apiKey);
  const keep = async (pending: Promise<Response>) => {
    const response = await pending;
    responseBodies.push(await response.clone().text());
    return response;
  };
  return {
    get: (path, init) => keep(client.get(path, init)),
    post: (path, body, init) => keep(client.post(path, body, init)),
    patch: (path, body, init) => keep(client.patch(path, body, init)),
    put: (path, body, init) => keep(client.put(path, body, init)),
    delete: (path, init) => keep(client.delete(path, init)),
  };
}

function sha256Of(content: string | Uint8Array): string {
  return createHash("sha256").update(content).digest("hex");
}

function postgresConfig(extra: Json = {}): Json {
  return { ...database, user: reader.user, password: reader.password, ...extra };
}

async function createSource(body: Json, client: ApiClient = admin): Promise<Json> {
  const response = await client.post("/api/v1/data-sources", body);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Json;
}

async function snapshot(id: unknown, body: Json, client: ApiClient = operator): Promise<Response> {
  return client.post(`/api/v1/data-sources/${id}/snapshots`, body);
}

async function snapshotOk(id: unknown, body: Json): Promise<Json> {
  const response = await snapshot(id, body);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Json;
}

async function download(fileId: unknown): Promise<Uint8Array> {
  const response = await operator.get(`/api/v1/files/${fileId}/download`);
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

async function fileRowCount(): Promise<number> {
  const [row] = await getDb().select({ n: count() }).from(uploadedFiles).where(eq(uploadedFiles.orgId, org.orgId));
  return row!.n;
}

async function fixtureRows(): Promise<number> {
  const [row] = await ownerSql<{ n: number }[]>`select count(*)::int as n from fixture_src.payouts`;
  return row!.n;
}

/** Asserts a refused snapshot: 422, a clear detail, and no file or snapshot row left behind. */
async function expectRefusedSnapshot(id: unknown, body: Json, detail: RegExp): Promise<Json> {
  const filesBefore = await fileRowCount();
  const response = await snapshot(id, body);
  expect(response.status).toBe(422);
  const problem = await problemOf(response);
  expect(problem).toMatchObject({ type: "/problems/validation-failed", status: 422 });
  expect(problem.detail).toMatch(detail);
  expect(await fileRowCount()).toBe(filesBefore);
  return problem;
}

describe("PostgreSQL data sources", () => {
  let source: Json;

  beforeAll(async () => {
    source = await createSource({ name: "Ledger DB", kind: "postgres", config: postgresConfig() });
  });

  it("shows the configuration without the password, and stores the password encrypted", async () => {
    expect(source).toEqual({
      id: expect.stringMatching(/^ds_[0-9A-Z]{26}$/),
      object: "data_source",
      name: "Ledger DB",
      kind: "postgres",
      config: { ...database, user: reader.user, ssl: false, statementTimeoutMs: 60_000, hasPassword: true },
      createdBy: expect.stringContaining("admin key"),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await (await viewer.get(`/api/v1/data-sources/${source.id}`)).json()).toEqual(source);

    const [row] = await getDb().select().from(dataSources).where(eq(dataSources.id, source.id as string));
    expect(JSON.stringify(row)).not.toContain(reader.password);
    expect(row!.credentials.password).toMatch(/^v1:[A-Za-z0-9+/]{16}:[A-Za-z0-9+/]{22}==:[A-Za-z0-9+/=]+$/);
  });

  it("reports a successful connectivity test with its latency", async () => {
    const response = await admin.post(`/api/v1/data-sources/${source.id}/test`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      object: "data_source_test",
      dataSourceId: source.id,
      ok: true,
      latencyMs: expect.any(Number),
      message: expect.stringMatching(new RegExp(`^Connected to PostgreSQL \\d+.* at ${database.host}:${database.port}, database '${database.database}'$`)),
    });
  });

  it("reports an unreachable server as ok: false with the reason, not as an error", async () => {
    const closed = await createSource({ name: "Nowhere", kind: "postgres", config: postgresConfig({ host: "127.0.0.1", port: 1 }) });
    const response = await admin.post(`/api/v1/data-sources/${closed.id}/test`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      object: "data_source_test",
      dataSourceId: closed.id,
      ok: false,
      latencyMs: expect.any(Number),
      message: expect.stringMatching(/^Could not connect to PostgreSQL at 127\.0\.0\.1:1: .*ECONNREFUSED/),
    });
  });

  it("snapshots a query into a ready snapshot file: RFC 4180 CSV, ISO dates, numbers as the server wrote them", async () => {
    const query = "select id, amount, paid_at, booked_on, note, settled, big, ratio from fixture_src.payouts order by id";
    const taken = await snapshotOk(source.id, { query });
    const expectedCsv =
      "id,amount,paid_at,booked_on,note,settled,big,ratio\r\n" +
      "1,1234.50,2026-01-15T10:00:00Z,2026-01-15,plain,true,9007199254740993,0.1\r\n" +
      '2,-5.25,2026-01-16T23:59:59.123456Z,2026-01-16,"comma, ""quoted""",false,,1e-07\r\n' +
      '3,,,,"two\nlines",,0,\r\n' +
      '4,0.00,2026-02-01T00:00:00Z,2026-02-01,"",true,-1,2.5\r\n';
    expect(taken).toMatchObject({
      id: expect.stringMatching(/^dss_/),
      object: "data_source_snapshot",
      dataSourceId: source.id,
      fileId: expect.stringMatching(/^file_/),
      query,
      sourceUrl: null,
      rowCount: 4,
      size: Buffer.byteLength(expectedCsv),
      sha256: sha256Of(expectedCsv),
      file: { id: taken.fileId, object: "file", kind: "snapshot", status: "ready", rowCount: 4, mime: "text/csv", sha256: sha256Of(expectedCsv) },
    });

    const bytes = await download(taken.fileId);
    expect(Buffer.from(bytes).toString("utf8")).toBe(expectedCsv);
    expect(sha256Of(bytes)).toBe(taken.sha256);

    const [file] = await getDb().select().from(uploadedFiles).where(eq(uploadedFiles.id, taken.fileId as string));
    expect(file).toMatchObject({ kind: "snapshot", status: "ready", rowCount: 4, sha256: taken.sha256, size: taken.size });
    const [row] = await getDb().select().from(dataSourceSnapshots).where(eq(dataSourceSnapshots.id, taken.id as string));
    expect(row).toMatchObject({ dataSourceId: source.id, fileId: taken.fileId, query, rowCount: 4 });

    // Profiled on the way in, so it previews like any upload.
    const preview = (await (await operator.get(`/api/v1/files/${taken.fileId}/preview`)).json()) as Json;
    expect((preview.rows as Json[]).map((previewRow) => previewRow.line)).toEqual([2, 3, 4, 6]);
  });

  it("snapshots a query with no rows as a header-only file", async () => {
    const taken = await snapshotOk(source.id, { query: "select id, note from fixture_src.payouts where id < 0" });
    expect(taken).toMatchObject({ rowCount: 0, sha256: sha256Of("id,note\r\n") });
  });

  it("refuses a write with 422 and changes nothing: the query runs in a read-only transaction", async () => {
    const before = await fixtureRows();
    const deleted = await expectRefusedSnapshot(source.id, { query: "delete from fixture_src.payouts returning *" }, /read-only transaction/);
    expect(deleted.errors).toEqual([{ pointer: "/query", message: deleted.detail }]);
    await expectRefusedSnapshot(source.id, { query: "insert into fixture_src.payouts (id) values (99)" }, /read-only transaction/);
    await expectRefusedSnapshot(source.id, { query: "select 1; delete from fixture_src.payouts" }, /cannot insert multiple commands/);
    expect(await fixtureRows()).toBe(before);
  });

  it("cancels a query that runs past the source's statementTimeoutMs with 422", async () => {
    const impatient = await createSource({ name: "Impatient", kind: "postgres", config: postgresConfig({ statementTimeoutMs: 300 }) });
    const started = Date.now();
    await expectRefusedSnapshot(impatient.id, { query: "select pg_sleep(10)" }, /longer than the statement timeout of 300 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("requires a query, and says what is wrong with a bad one", async () => {
    const missing = await expectRefusedSnapshot(source.id, {}, /needs a query/);
    expect(missing.errors).toEqual([{ pointer: "/query", message: "is required: the SELECT whose rows become the snapshot" }]);
    await expectRefusedSnapshot(source.id, { query: "select nope from fixture_src.payouts" }, /column "nope" does not exist/);
    await expectRefusedSnapshot(source.id, { query: "select 1 as a, 2 as a" }, /two columns named 'a'/);
  });

  it("accepts a connection URL and shows it with the password hidden", async () => {
    const url = `postgres://${reader.user}:${encodeURIComponent(reader.password)}@${database.host}:${database.port}/${database.database}`;
    const viaUrl = await createSource({ name: "Ledger by URL", kind: "postgres", config: { url } });
    expect(viaUrl.config).toEqual({
      url: `postgres://${reader.user}:***@${database.host}:${database.port}/${database.database}`,
      ssl: false,
      statementTimeoutMs: 60_000,
      hasPassword: true,
    });
    const taken = await snapshotOk(viaUrl.id, { query: "select count(*) as n from fixture_src.payouts" });
    expect(Buffer.from(await download(taken.fileId)).toString("utf8")).toBe("n\r\n4\r\n");
  });

  it("refuses an invalid configuration with located problems", async () => {
    const response = await admin.post("/api/v1/data-sources", {
      name: "Broken",
      kind: "postgres",
      config: { url: "mysql://x@h/db", host: "/var/run/postgresql" },
    });
    expect(response.status).toBe(422);
    expect((await problemOf(response)).errors).toEqual(
      expect.arrayContaining([
        { pointer: "/config/host", message: "must be a host name or an IP address" },
        { pointer: "/config/url", message: "must start with postgres:// or postgresql://" },
      ]),
    );
  });
});

describe("HTTP data sources", () => {
  it("snapshots the bytes of a CSV URL, sending its headers, which are never shown", async () => {
    const source = await createSource({
      name: "Payout export",
      kind: "http",
      config: { url: `${httpBase}/payouts.csv`, format: "csv", headers: { Authorization: `Bearer ${HTTP_TOKEN}` } },
    });
    expect(source.config).toEqual({ url: `${httpBase}/payouts.csv`, format: "csv", headerNames: ["Authorization"], hasPassword: false });
    const [row] = await getDb().select().from(dataSources).where(eq(dataSources.id, source.id as string));
    expect(JSON.stringify(row)).not.toContain(HTTP_TOKEN);

    const tested = (await (await admin.post(`/api/v1/data-sources/${source.id}/test`)).json()) as Json;
    expect(tested).toMatchObject({ ok: true, message: `HTTP 200 OK from ${httpBase}/payouts.csv (text/csv, ${Buffer.byteLength(PAYOUTS_CSV)} bytes)` });

    const taken = await snapshotOk(source.id, {});
    expect(taken).toMatchObject({
      query: null,
      sourceUrl: `${httpBase}/payouts.csv`,
      rowCount: 3,
      size: Buffer.byteLength(PAYOUTS_CSV),
      sha256: sha256Of(PAYOUTS_CSV),
      file: { kind: "snapshot", status: "ready", rowCount: 3, mime: "text/csv" },
    });
    expect(sha256Of(await download(taken.fileId))).toBe(sha256Of(PAYOUTS_CSV));
  });

  it("snapshots a JSON URL, counting its records", async () => {
    const source = await createSource({ name: "Payouts JSON", kind: "http", config: { url: `${httpBase}/payouts.json`, format: "json" } });
    const taken = await snapshotOk(source.id, {});
    expect(taken).toMatchObject({ rowCount: 2, sha256: sha256Of(PAYOUTS_JSON), file: { mime: "application/json", rowCount: 2 } });
  });

  it("takes a POST with no body at all as {} for an http source", async () => {
    const source = await createSource({ name: "Payouts JSON, no body", kind: "http", config: { url: `${httpBase}/payouts.json`, format: "json" } });
    const response = await operator.post(`/api/v1/data-sources/${source.id}/snapshots`);
    expect(response.status, await response.clone().text()).toBe(201);
    expect(await response.json()).toMatchObject({ rowCount: 2, sha256: sha256Of(PAYOUTS_JSON) });
  });

  it("reports the server's refusal as a failed test and a 422 snapshot", async () => {
    const source = await createSource({ name: "No token", kind: "http", config: { url: `${httpBase}/payouts.csv`, format: "csv" } });
    const tested = (await (await admin.post(`/api/v1/data-sources/${source.id}/test`)).json()) as Json;
    expect(tested).toMatchObject({ ok: false, message: `${httpBase}/payouts.csv answered HTTP 401 Unauthorized` });
    await expectRefusedSnapshot(source.id, {}, /answered HTTP 401 Unauthorized/);
  });

  it("refuses plain http and private addresses that are not allow-listed, at creation", async () => {
    const refusals: Array<[string, string]> = [
      ["http://10.0.0.1/export.csv", "must use https (plain http is allowed only for hosts in HTTP_SOURCE_ALLOWLIST)"],
      ["https://10.0.0.1/export.csv", "10.0.0.1 is a private address; only public addresses can be fetched unless the host is in HTTP_SOURCE_ALLOWLIST"],
      ["https://127.0.0.2/export.csv", "127.0.0.2 is a loopback address; only public addresses can be fetched unless the host is in HTTP_SOURCE_ALLOWLIST"],
      ["https://[::ffff:169.254.169.254]/latest", "::ffff:a9fe:a9fe is a link-local address; only public addresses can be fetched unless the host is in HTTP_SOURCE_ALLOWLIST"],
      ["ftp://files.example.com/export.csv", "'ftp:' URLs cannot be fetched; use https"],
    ];
    for (const [url, message] of refusals) {
      const response = await admin.post("/api/v1/data-sources", { name: "Sneaky", kind: "http", config: { url, format: "csv" } });
      expect(response.status, url).toBe(422);
      expect((await problemOf(response)).errors, url).toEqual([{ pointer: "/config/url", message }]);
    }
  });

  it("checks again after a redirect: one to a private address is refused", async () => {
    const source = await createSource({ name: "Redirects", kind: "http", config: { url: `${httpBase}/to-private`, format: "json" } });
    const expected =
      `Refused to fetch https://127.0.0.2:${new URL(httpBase).port}/payouts.json: ` +
      "127.0.0.2 is a loopback address; only public addresses can be fetched unless the host is in HTTP_SOURCE_ALLOWLIST";
    await expectRefusedSnapshot(source.id, {}, new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
    const tested = (await (await admin.post(`/api/v1/data-sources/${source.id}/test`)).json()) as Json;
    expect(tested).toMatchObject({ ok: false, message: expected });
  });

  it("takes no query", async () => {
    const source = await createSource({ name: "Queried", kind: "http", config: { url: `${httpBase}/payouts.json`, format: "json" } });
    await expectRefusedSnapshot(source.id, { query: "select 1" }, /takes no query/);
  });
});

describe("MySQL and MariaDB data sources", () => {
  const mysqlUrl = process.env.MYSQL_URL;
  const table = `reconstream_fixture_${randomBytes(4).toString("hex")}`;

  async function withMysql<T>(work: (connection: mysql.Connection) => Promise<T>): Promise<T> {
    const connection = await mysql.createConnection(mysqlUrl!);
    try {
      return await work(connection);
    } finally {
      await connection.end();
    }
  }

  afterAll(async () => {
    if (mysqlUrl) await withMysql((connection) => connection.query(`drop table if exists ${table}`));
  });

  // CI sets MYSQL_URL (mysql://root@127.0.0.1:3306/test, see .ci/run); without a server to talk to there is nothing to test.
  it.skipIf(!mysqlUrl)("snapshots a table, and refuses a write (skipped unless MYSQL_URL names a MySQL/MariaDB server)", async () => {
    await withMysql(async (connection) => {
      await connection.query(
        `create table ${table} (id int primary key, amount decimal(12,2), paid_at datetime(3), note varchar(50), big bigint, ratio double)`,
      );
      await connection.query(
        `insert into ${table} values (1, 1234.50, '2026-01-15 10:00:00.250', 'plain', 9007199254740993, 0.1),
          (2, -5.25, null, 'comma, "quoted"', null, 2.5), (3, null, '2026-02-01 00:00:00', '', 0, null)`,
      );
    });
    const source = await createSource({ name: "Shop DB", kind: "mysql", config: { url: mysqlUrl } });
    expect(source.config).toMatchObject({ hasPassword: new URL(mysqlUrl!).password !== "" });
    const tested = (await (await admin.post(`/api/v1/data-sources/${source.id}/test`)).json()) as Json;
    expect(tested).toMatchObject({ ok: true, message: expect.stringMatching(/^Connected to (MySQL|MariaDB) /) });

    const expectedCsv =
      "id,amount,paid_at,note,big,ratio\r\n" +
      "1,1234.50,2026-01-15T10:00:00.250,plain,9007199254740993,0.1\r\n" +
      '2,-5.25,,"comma, ""quoted""",,2.5\r\n' +
      '3,,2026-02-01T00:00:00.000,"",0,\r\n';
    const taken = await snapshotOk(source.id, { query: `select * from ${table} order by id` });
    expect(taken).toMatchObject({ rowCount: 3, sha256: sha256Of(expectedCsv), file: { kind: "snapshot", status: "ready", rowCount: 3 } });
    expect(Buffer.from(await download(taken.fileId)).toString("utf8")).toBe(expectedCsv);

    await expectRefusedSnapshot(source.id, { query: `delete from ${table}` }, /read-only transaction/);
    const [[{ n }]] = (await withMysql((connection) => connection.query(`select count(*) as n from ${table}`))) as unknown as [[{ n: number }]];
    expect(n).toBe(3);
  });

  it.skipIf(!mysqlUrl)("cancels a query past statementTimeoutMs (skipped unless MYSQL_URL names a MySQL/MariaDB server)", async () => {
    const impatient = await createSource({ name: "Impatient shop", kind: "mysql", config: { url: mysqlUrl, statementTimeoutMs: 300 } });
    // Billions of rows: far slower than 300 ms on any server. (Not SLEEP: MySQL ends an interrupted SLEEP without an error.)
    const cartesian = "select count(*) as n from information_schema.collations a, information_schema.collations b, information_schema.collations c, information_schema.collations d";
    const started = Date.now();
    await expectRefusedSnapshot(impatient.id, { query: cartesian }, /longer than the statement timeout of 300 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("permissions, deletion and the audit trail", () => {
  it("lets only config:write create, delete and test, and runs:execute snapshot", async () => {
    const body = { name: "Viewer's", kind: "postgres", config: postgresConfig() };
    expect((await viewer.post("/api/v1/data-sources", body)).status).toBe(403);
    expect((await operator.post("/api/v1/data-sources", body)).status).toBe(403);
    const source = await createSource({ name: "Guarded", kind: "postgres", config: postgresConfig() });
    expect((await operator.post(`/api/v1/data-sources/${source.id}/test`)).status).toBe(403);
    expect((await viewer.post(`/api/v1/data-sources/${source.id}/snapshots`, { query: "select 1 as one" })).status).toBe(403);
    expect((await operator.delete(`/api/v1/data-sources/${source.id}`)).status).toBe(403);
    expect((await viewer.get("/api/v1/data-sources")).status).toBe(200);
  });

  it("deletes a data source by erasing its credentials; its snapshots and their files stay", async () => {
    const source = await createSource({ name: "Short-lived", kind: "postgres", config: postgresConfig() });
    const taken = await snapshotOk(source.id, { query: "select 1 as one" });

    const response = await admin.delete(`/api/v1/data-sources/${source.id}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: source.id, object: "data_source" });
    expect((await admin.get(`/api/v1/data-sources/${source.id}`)).status).toBe(404);
    expect((await snapshot(source.id, { query: "select 1 as one" })).status).toBe(404);
    const listed = (await (await viewer.get("/api/v1/data-sources?limit=500")).json()) as Json;
    expect((listed.data as Json[]).map((item) => item.id)).not.toContain(source.id);

    const [row] = await getDb().select().from(dataSources).where(eq(dataSources.id, source.id as string));
    expect(row).toMatchObject({ credentials: {}, deletedAt: expect.any(Date) });
    expect((await operator.get(`/api/v1/files/${taken.fileId}`)).status).toBe(200);

    // The snapshot row goes with its file.
    expect((await admin.delete(`/api/v1/files/${taken.fileId}`)).status).toBe(200);
    expect(await getDb().select().from(dataSourceSnapshots).where(eq(dataSourceSnapshots.id, taken.id as string))).toEqual([]);
  });

  it("records creation, snapshots and deletion, without credentials", async () => {
    const source = await createSource({ name: "Audited", kind: "postgres", config: postgresConfig() });
    const taken = await snapshotOk(source.id, { query: "select 2 as two" });
    await admin.delete(`/api/v1/data-sources/${source.id}`);

    const { events } = await listAuditEvents(org.ownerCtx, { limit: 50, resourceType: "data_source", resourceId: source.id as string });
    const trail = [...events].reverse().map((event) => ({ action: event.action, actor: [event.actorType, event.actorId], changes: event.changes }));
    const config = { ...database, user: reader.user, ssl: false, statementTimeoutMs: 60_000, hasPassword: true };
    expect(trail).toEqual([
      { action: "data_source.created", actor: ["api_key", org.keyIds.admin], changes: { after: { name: "Audited", kind: "postgres", config } } },
      {
        action: "data_source.snapshot_created",
        actor: ["api_key", org.keyIds.operator],
        changes: {
          after: {
            snapshotId: taken.id,
            fileId: taken.fileId,
            query: "select 2 as two",
            sourceUrl: null,
            rowCount: 1,
            size: Buffer.byteLength("two\r\n2\r\n"),
            sha256: sha256Of("two\r\n2\r\n"),
          },
        },
      },
      { action: "data_source.deleted", actor: ["api_key", org.keyIds.admin], changes: { before: { name: "Audited", kind: "postgres", config } } },
    ]);
    const everything = await getDb().select().from(auditEvents).where(and(eq(auditEvents.orgId, org.orgId)));
    expect(JSON.stringify(everything)).not.toContain(reader.password);
  });

  it("never sent a credential in any response of this file", () => {
    expect(responseBodies.length).toBeGreaterThan(20);
    for (const body of responseBodies) {
      expect(body).not.toContain(reader.password);
      expect(body).not.toContain(HTTP_TOKEN);
    }
  });
});
