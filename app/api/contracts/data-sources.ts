import { defineOperation } from "../operation";
import { IdParamsSchema, IsoDateTime, ListQuerySchema, ProblemSchema, listOf } from "../common-schemas";
import { z } from "../zod";
import { FileSchema } from "./files";

const problems = {
  401: { description: "No or bad credentials", schema: ProblemSchema },
  403: { description: "Role too low", schema: ProblemSchema },
};
const notFound = { 404: { description: "No such data source in your organization", schema: ProblemSchema } };

// PostgreSQL text cannot hold U+0000; a 422 beats a failed insert.
const noNul = (text: string) => !text.includes("\u0000");

const DataSourceKindSchema = z.enum(["postgres", "mysql", "http"]).openapi("DataSourceKind", {
  description: "postgres: PostgreSQL; mysql: MySQL or MariaDB; http: a URL serving CSV or JSON",
});

// ---- Configuration as sent (POST)

const nameSchema = z.string().trim().min(1).max(200).refine(noNul, "must not contain the NUL character");
/** A host name or an IP address; never a path, which a driver would take for a local socket. */
const hostSchema = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(
    /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|[0-9A-Fa-f:.]+)$/,
    "must be a host name or an IP address",
  );
const secretSchema = z.string().max(4096).refine(noNul, "must not contain the NUL character");

const SQL_URL_SCHEMES = { postgres: ["postgres:", "postgresql:"], mysql: ["mysql:", "mariadb:"] } as const;

function sqlConfigSchema(kind: "postgres" | "mysql", defaultPort: number) {
  const schemes: readonly string[] = SQL_URL_SCHEMES[kind];
  const example = kind === "postgres" ? "postgres://reader:secret@db.example.com:5432/accounting" : "mysql://reader:secret@db.example.com:3306/shop";
  return z
    .object({
      url: z
        .string()
        .max(4096)
        .refine(noNul, "must not contain the NUL character")
        .optional()
        .openapi({ description: `Instead of the fields below, e.g. \`${example}\`. Stored encrypted; shown with its password as ***.` }),
      host: hostSchema.optional(),
      port: z.number().int().min(1).max(65535).optional().openapi({ description: `Default ${defaultPort}` }),
      database: z.string().min(1).max(200).refine(noNul, "must not contain the NUL character").optional(),
      user: z.string().min(1).max(200).refine(noNul, "must not contain the NUL character").optional(),
      password: secretSchema.optional().openapi({ description: "Stored encrypted (AES-256-GCM); never returned" }),
      ssl: z.boolean().default(false).openapi({ description: "TLS, with the server certificate verified against the system CAs" }),
      statementTimeoutMs: z
        .number()
        .int()
        .min(100)
        .max(600_000)
        .default(60_000)
        .openapi({ description: "Snapshot queries are cancelled after this long (100 ms – 10 min, default 60 s)" }),
    })
    .strict()
    .superRefine((config, context) => {
      const fields = (["host", "port", "database", "user", "password"] as const).filter((field) => config[field] !== undefined);
      if (config.url !== undefined) {
        for (const field of fields) context.addIssue({ code: "custom", path: [field], message: "give either url or the connection fields, not both" });
        const problem = sqlUrlProblem(config.url, schemes);
        if (problem) context.addIssue({ code: "custom", path: ["url"], message: problem });
        return;
      }
      for (const field of ["host", "database", "user"] as const) {
        if (config[field] === undefined) context.addIssue({ code: "custom", path: [field], message: "is required (or give url instead)" });
      }
    })
    .openapi(kind === "postgres" ? "PostgresSourceConfig" : "MysqlSourceConfig", {
      description: "Either `url`, or `host`, `database` and `user` (with `port` and `password` as needed).",
    });
}

function sqlUrlProblem(text: string, schemes: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "is not a URL";
  }
  if (!schemes.includes(url.protocol)) return `must start with ${schemes.map((scheme) => `${scheme}//`).join(" or ")}`;
  if (url.hostname === "") return "must name a host";
  if (url.username === "") return "must name the user before the host (user@host)";
  if (url.pathname.replace(/^\//, "") === "") return "must name the database as its path";
  if (url.search !== "") return "must not have query parameters; use the ssl and statementTimeoutMs fields";
  return null;
}

/** RFC 9110 token. */
const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Set by the connection itself, or meaningless on one request; Accept may be overridden. */
const RESERVED_HEADERS = new Set(["host", "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "expect"]);

const HttpSourceConfigSchema = z
  .object({
    url: z
      .string()
      .max(4096)
      .refine(noNul, "must not contain the NUL character")
      .refine((text) => URL.canParse(text), "is not a URL")
      .openapi({
        description:
          "https only (http for hosts in HTTP_SOURCE_ALLOWLIST). Private, loopback and link-local addresses are refused " +
          "unless allow-listed. Stored encrypted; shown with any password as ***.",
        example: "https://reports.example.com/export/payouts.csv",
      }),
    headers: z
      .record(
        z
          .string()
          .max(200)
          .regex(HEADER_NAME_PATTERN, "must be an HTTP header name")
          .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()) && !name.toLowerCase().startsWith("proxy-"), "cannot be set"),
        z
          .string()
          .max(8192)
          .refine((value) => !/[\r\n]/.test(value) && noNul(value), "must not contain line breaks or NUL"),
      )
      .optional()
      .superRefine((headers, context) => {
        const names = Object.keys(headers ?? {});
        if (names.length > 20) context.addIssue({ code: "custom", message: "at most 20 headers" });
        const seen = new Set<string>();
        for (const name of names) {
          if (seen.has(name.toLowerCase())) context.addIssue({ code: "custom", path: [name], message: "is given twice (header names ignore case)" });
          seen.add(name.toLowerCase());
        }
      })
      .openapi({ description: "Sent with every request to the URL's origin (not to other origins it redirects to). Values are stored encrypted and never returned." }),
    format: z.enum(["csv", "json"]),
  })
  .strict()
  .openapi("HttpSourceConfig");

export const CreateDataSourceSchema = z
  .discriminatedUnion("kind", [
    z.object({ name: nameSchema, kind: z.literal("postgres"), config: sqlConfigSchema("postgres", 5432) }).strict(),
    z.object({ name: nameSchema, kind: z.literal("mysql"), config: sqlConfigSchema("mysql", 3306) }).strict(),
    z.object({ name: nameSchema, kind: z.literal("http"), config: HttpSourceConfigSchema }).strict(),
  ])
  .openapi("CreateDataSource");

// ---- Resources

const hasPassword = z.boolean().openapi({ description: "Whether a password is stored (it is never returned)" });

const SqlFieldsConfigViewSchema = z
  .object({
    host: z.string(),
    port: z.number().int(),
    database: z.string(),
    user: z.string(),
    ssl: z.boolean(),
    statementTimeoutMs: z.number().int(),
    hasPassword,
  })
  .openapi("SqlSourceConfigView");

const SqlUrlConfigViewSchema = z
  .object({
    url: z.string().openapi({ description: "With the password replaced by ***" }),
    ssl: z.boolean(),
    statementTimeoutMs: z.number().int(),
    hasPassword,
  })
  .openapi("SqlSourceUrlConfigView");

const HttpConfigViewSchema = z
  .object({
    url: z.string().openapi({ description: "With any password replaced by ***" }),
    format: z.enum(["csv", "json"]),
    headerNames: z.array(z.string()).openapi({ description: "The configured headers; their values are never returned" }),
    hasPassword,
  })
  .openapi("HttpSourceConfigView");

export const DataSourceSchema = z
  .object({
    id: z.string(),
    object: z.literal("data_source"),
    name: z.string(),
    kind: DataSourceKindSchema,
    config: z.union([SqlFieldsConfigViewSchema, SqlUrlConfigViewSchema, HttpConfigViewSchema]),
    createdBy: z.string(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .openapi("DataSource");

export const DataSourceTestSchema = z
  .object({
    object: z.literal("data_source_test"),
    dataSourceId: z.string(),
    ok: z.boolean(),
    latencyMs: z.number().int(),
    message: z.string().openapi({ description: "What the server said, or why it could not be reached" }),
  })
  .openapi("DataSourceTest");

export const DataSourceSnapshotSchema = z
  .object({
    id: z.string(),
    object: z.literal("data_source_snapshot"),
    dataSourceId: z.string(),
    fileId: z.string(),
    query: z.string().nullable().openapi({ description: "The SQL as run; null for http sources" }),
    sourceUrl: z.string().nullable().openapi({ description: "http sources: the URL fetched, after redirects, password redacted" }),
    rowCount: z.number().int(),
    size: z.number().int().openapi({ description: "Bytes" }),
    sha256: z.string().openapi({ description: "Lowercase hex of the stored bytes" }),
    file: FileSchema.openapi({ description: "The snapshot's file (kind snapshot, status ready)" }),
    createdBy: z.string(),
    createdAt: IsoDateTime,
  })
  .openapi("DataSourceSnapshot");

// ---- Operations

export const listDataSourcesOp = defineOperation({
  operationId: "listDataSources",
  method: "GET",
  path: "/api/v1/data-sources",
  tag: "Data sources",
  summary: "List data sources (newest first)",
  access: "org:read",
  query: ListQuerySchema.extend({ kind: DataSourceKindSchema.optional() }),
  responses: { 200: { description: "A page of data sources", schema: listOf(DataSourceSchema, "DataSourceList") }, ...problems },
});

export const createDataSourceOp = defineOperation({
  operationId: "createDataSource",
  method: "POST",
  path: "/api/v1/data-sources",
  tag: "Data sources",
  summary: "Create a data source: a PostgreSQL or MySQL/MariaDB database, or an HTTPS URL serving CSV or JSON",
  description:
    "Credentials (password, a URL with a password, header values) are encrypted at rest with AES-256-GCM under " +
    "`ENCRYPTION_KEY` and never returned: responses show `hasPassword`, header names and the URL with its password as `***`. " +
    "Use a database user that can only read: snapshots run in a read-only transaction, and the user's own rights are the second fence.",
  access: "config:write",
  body: CreateDataSourceSchema,
  responses: {
    201: { description: "Created", schema: DataSourceSchema },
    ...problems,
    422: { description: "Invalid body, or an http URL that may not be fetched; each problem has a JSON pointer", schema: ProblemSchema },
  },
});

export const getDataSourceOp = defineOperation({
  operationId: "getDataSource",
  method: "GET",
  path: "/api/v1/data-sources/{id}",
  tag: "Data sources",
  summary: "Get a data source (without its credentials)",
  access: "org:read",
  params: IdParamsSchema,
  responses: { 200: { description: "The data source", schema: DataSourceSchema }, ...problems, ...notFound },
});

export const deleteDataSourceOp = defineOperation({
  operationId: "deleteDataSource",
  method: "DELETE",
  path: "/api/v1/data-sources/{id}",
  tag: "Data sources",
  summary: "Delete a data source; its credentials are erased, its snapshots stay",
  access: "config:write",
  params: IdParamsSchema,
  responses: { 200: { description: "The deleted data source", schema: DataSourceSchema }, ...problems, ...notFound },
});

export const testDataSourceOp = defineOperation({
  operationId: "testDataSource",
  method: "POST",
  path: "/api/v1/data-sources/{id}/test",
  tag: "Data sources",
  summary: "Check that the data source can be reached (5 s timeout)",
  description:
    "Connects and, for databases, asks the server's version; for http sources, requests the URL. A source that cannot be " +
    "reached is still a 200, with `ok: false` and the reason in `message`.",
  access: "config:write",
  params: IdParamsSchema,
  // Nothing is created, and a replayed test result would be stale.
  idempotent: false,
  responses: { 200: { description: "The outcome", schema: DataSourceTestSchema }, ...problems, ...notFound },
});

export const createDataSourceSnapshotOp = defineOperation({
  operationId: "createDataSourceSnapshot",
  method: "POST",
  path: "/api/v1/data-sources/{id}/snapshots",
  tag: "Data sources",
  summary: "Snapshot a data source into a file: a read-only query's rows as CSV, or the URL's bytes",
  description:
    "SQL sources take `{ \"query\": \"select …\" }`: one statement, run in a read-only transaction with the source's " +
    "`statementTimeoutMs`, its rows written as RFC 4180 CSV (header row, ISO 8601 dates, numbers exactly as the server " +
    "wrote them, NULL as an empty field). http sources take `{}` and store the bytes as sent (at most 512 MiB, 10 minutes). " +
    "The snapshot becomes a file of kind `snapshot`, `ready` at once with its row count and detected schema. " +
    "A write, a timeout or an unreachable source is a 422 that keeps nothing.",
  access: "runs:execute",
  params: IdParamsSchema,
  body: z
    .object({
      query: z.string().min(1).max(100_000).refine(noNul, "must not contain the NUL character").optional(),
    })
    .strict()
    .openapi("CreateDataSourceSnapshot"),
  responses: {
    201: { description: "The snapshot and its file", schema: DataSourceSnapshotSchema },
    ...problems,
    ...notFound,
    422: {
      description: "A missing or failing query (a write, a timeout, a syntax error), an unreachable or refused source, or unreadable data",
      schema: ProblemSchema,
    },
  },
});
