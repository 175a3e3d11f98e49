import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";

/**
 * The one place that reads process.env. Everything else asks getEnv().
 *
 * Secrets that are not given are generated once into DATA_DIR/secrets.json
 * (mode 0600) and kept, so sessions and encrypted values survive restarts.
 */
const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATA_DIR: z.string().default(".data"),
  STORAGE_DIR: z.string().optional(),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, "must be 64 hex characters (32 bytes)")
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  /** `auto`: one readable line per event on a terminal, JSON lines otherwise (a file, a pipe, a log shipper). */
  LOG_FORMAT: z.enum(["auto", "json", "pretty"]).default("auto"),
  /** Largest JSON request body accepted by /api/v1, in bytes. */
  MAX_JSON_BODY_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  /** Largest file accepted by POST /api/v1/files, in bytes (the file part, not the multipart envelope). */
  MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(2 * 1024 ** 3),
  /**
   * Largest stored file that format recognition reads through an adapter (256 MiB by default).
   * Adapters parse whole files in memory, so a larger file is read as a plain table, which streams,
   * unless a person chooses an adapter for it (PATCH format).
   */
  MAX_ADAPTER_FILE_BYTES: z.coerce.number().int().positive().default(256 * 1024 ** 2),
  /**
   * Jobs one worker process runs at once. Step work runs in a pool of this many threads, so the
   * event loop stays free and a small step need not wait behind a large one.
   */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /**
   * Input limits (app/core/ingest/limits.ts), checked by the readers as they read, so a file
   * past one fails with a located error naming the setting. Bytes a gzip file or the
   * parts of an XLSX zip may inflate to in total.
   */
  INGEST_MAX_DECOMPRESSED_BYTES: z.coerce.number().int().positive().default(512 * 1024 * 1024),
  /** Fields (cells) in one row, the header included. */
  INGEST_MAX_COLUMNS: z.coerce.number().int().positive().default(2_000),
  /** Bytes of one field or cell. */
  INGEST_MAX_FIELD_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  /** Bytes of one record: a line of delimited text or NDJSON, an element of a JSON array. */
  INGEST_MAX_LINE_BYTES: z.coerce.number().int().positive().default(8 * 1024 * 1024),
  /** Nesting of arrays and objects in one JSON record. */
  INGEST_MAX_JSON_DEPTH: z.coerce.number().int().min(1).default(64),
  /**
   * Memory of one profiling or step-work thread (V8 old generation, MB). A file that needs
   * more fails, located and permanently; the worker process and its other jobs go on.
   */
  INGEST_THREAD_MEMORY_MB: z.coerce.number().int().min(64).default(1024),
  /** Stack of one such thread (MB): deep recursion fails the file, not the process. */
  INGEST_THREAD_STACK_MB: z.coerce.number().int().min(1).max(256).default(4),
  /** Time one file's profiling may take before its thread is stopped and the file fails (ms). */
  INGEST_PROFILE_TIMEOUT_MS: z.coerce.number().int().positive().default(10 * 60 * 1000),
  /** Step runs of one org running at once, across all workers: one org's month-end cannot starve the others. */
  STEP_CONCURRENCY_PER_ORG: z.coerce.number().int().min(1).max(1000).default(4),
  /**
   * Time budget of one preview (rule-set preview, Quick Run's live preview, mapping suggestions),
   * in ms, on its thread. Past it the thread is terminated and replaced, and the request gets 422.
   */
  PREVIEW_BUDGET_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Threads of the web process's preview pool; as many more requests may wait for one, the rest get 503. */
  PREVIEW_THREADS: z.coerce.number().int().min(1).max(16).default(2),
  /**
   * How often each worker process writes its heartbeat, from a timer rather than a queued job, so a
   * worker whose job slots are all busy with long steps still proves it is alive.
   */
  WORKER_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(5),
  /**
   * A worker silent this long is dead: any live worker releases its job locks and re-runs its steps
   * and profilings. Several heartbeats long, so one slow beat never kills a live worker's long step.
   */
  WORKER_DEAD_AFTER_SECONDS: z.coerce.number().int().min(3).max(3600).default(15),
  /**
   * Test-only fault points for tests/faults, honoured only when NODE_ENV is "test": a step whose key
   * is FAULT_CRASH_STEP_KEY kills its worker process (SIGKILL) when it starts, as a poison job would;
   * a step whose key is FAULT_HOLD_STEP_KEY, or a profiling of a file named FAULT_HOLD_FILE_NAME,
   * waits FAULT_HOLD_MS first, so a test can kill a process while the work is provably in flight.
   */
  FAULT_CRASH_STEP_KEY: z.string().min(1).optional(),
  FAULT_HOLD_STEP_KEY: z.string().min(1).optional(),
  FAULT_HOLD_FILE_NAME: z.string().min(1).optional(),
  FAULT_HOLD_MS: z.coerce.number().int().min(0).max(600_000).default(0),
  /** When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Set to "1" behind a TLS-terminating proxy so cookies get the Secure flag. */
  SECURE_COOKIES: z.enum(["0", "1"]).default("0"),
  /**
   * How far a webhook's signed timestamp (`t=` in Reconstream-Signature) may be from the server's clock, in
   * seconds, before the request is refused as stale. Signatures are remembered twice this long to refuse replays.
   */
  WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  /**
   * Key of the audit chain's HMAC and of its checkpoints (64 hex chars). Unset: generated once into
   * DATA_DIR/audit-hmac.key and kept. Keep it out of the database: whoever holds it can re-chain history.
   */
  AUDIT_HMAC_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, "must be 64 hex characters (32 bytes)")
    .optional(),
  /** Trust X-Forwarded-For from this many proxies (for per-IP login limits). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * Hosts, IP addresses and CIDR ranges that HTTP data sources may reach even
   * though they are private, loopback or link-local, and over plain http
   * (comma-separated, e.g. "files.internal,10.20.0.0/16"). Empty: public HTTPS only.
   */
  HTTP_SOURCE_ALLOWLIST: z
    .string()
    .default("")
    .transform((list) => list.split(",").map((entry) => entry.trim().toLowerCase()).filter((entry) => entry !== ""))
    .pipe(z.array(z.string().refine(isAllowlistEntry, "each entry must be a host name, an IP address or a CIDR range like 10.0.0.0/8"))),
});

type RawEnv = z.infer<typeof envSchema>;

function isAllowlistEntry(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split("/");
  if (rest.length > 0 || address === undefined) return false;
  if (prefix === undefined) return isIP(address) !== 0 || /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(address);
  const bits = isIP(address) === 4 ? 32 : isIP(address) === 6 ? 128 : 0;
  return bits > 0 && /^\d{1,3}$/.test(prefix) && Number(prefix) <= bits;
}

export type Env = Omit<RawEnv, "SESSION_SECRET" | "ENCRYPTION_KEY" | "STORAGE_DIR" | "AUDIT_HMAC_KEY"> & {
  DATA_DIR: string;
  AUDIT_HMAC_KEY: string;
  STORAGE_DIR: string;
  SESSION_SECRET: string;
  ENCRYPTION_KEY: string;
  APP_VERSION: string;
};

let cached: Env | undefined;

export class InvalidConfiguration extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join("\n  ")}`);
    this.name = "InvalidConfiguration";
  }
}

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new InvalidConfiguration(
      parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    );
  }
  const raw = parsed.data;
  const dataDir = path.resolve(raw.DATA_DIR);
  const secrets = loadOrCreateSecrets(dataDir, raw);
  cached = {
    ...raw,
    DATA_DIR: dataDir,
    STORAGE_DIR: path.resolve(raw.STORAGE_DIR ?? path.join(dataDir, "storage")),
    SESSION_SECRET: secrets.sessionSecret,
    ENCRYPTION_KEY: secrets.encryptionKey,
    AUDIT_HMAC_KEY: raw.AUDIT_HMAC_KEY ?? readOrCreateAuditHmacKey(dataDir),
    APP_VERSION: readAppVersion(),
  };
  return cached;
}

/** The readers' limits as app/core/ingest/limits.ts takes them. */
export function ingestLimitsFromEnv(env: Env = getEnv()) {
  return {
    maxDecompressedBytes: env.INGEST_MAX_DECOMPRESSED_BYTES,
    maxColumns: env.INGEST_MAX_COLUMNS,
    maxFieldBytes: env.INGEST_MAX_FIELD_BYTES,
    maxLineBytes: env.INGEST_MAX_LINE_BYTES,
    maxJsonDepth: env.INGEST_MAX_JSON_DEPTH,
  };
}

/** Lets a supervisor hand a freshly started embedded database to its children. */
export function setDatabaseUrl(url: string): void {
  process.env.DATABASE_URL = url;
  if (cached) cached = { ...cached, DATABASE_URL: url };
}

const secretsFileSchema = z.object({
  sessionSecret: z.string().min(32),
  encryptionKey: z.string().regex(/^[0-9a-f]{64}$/i),
  embeddedPostgresPassword: z.string().min(16),
});
export type GeneratedSecrets = z.infer<typeof secretsFileSchema>;

export function readGeneratedSecrets(dataDir: string): GeneratedSecrets {
  const file = path.join(dataDir, "secrets.json");
  if (existsSync(file)) {
    const parsed = secretsFileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (parsed.success) return parsed.data;
    throw new InvalidConfiguration([`${file}: not a valid secrets file; remove it to regenerate`]);
  }
  mkdirSync(dataDir, { recursive: true });
  const secrets: GeneratedSecrets = {
    sessionSecret: randomBytes(32).toString("base64url"),
    encryptionKey: randomBytes(32).toString("hex"),
    embeddedPostgresPassword: randomBytes(18).toString("base64url"),
  };
  // "wx" fails if another process created it first; then we read theirs.
  try {
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: "wx" });
    chmodSync(file, 0o600);
    return secrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readGeneratedSecrets(dataDir);
    throw error;
  }
}

function loadOrCreateSecrets(dataDir: string, raw: RawEnv) {
  if (raw.SESSION_SECRET && raw.ENCRYPTION_KEY) {
    return { sessionSecret: raw.SESSION_SECRET, encryptionKey: raw.ENCRYPTION_KEY };
  }
  const generated = readGeneratedSecrets(dataDir);
  return {
    sessionSecret: raw.SESSION_SECRET ?? generated.sessionSecret,
    encryptionKey: raw.ENCRYPTION_KEY ?? generated.encryptionKey,
  };
}

/**
 * A file of its own rather than a field of secrets.json: existing installs
 * already have that file, and adding a field to it could race between the
 * web, worker and CLI processes starting together; "wx" cannot.
 */
function readOrCreateAuditHmacKey(dataDir: string): string {
  const file = path.join(dataDir, "audit-hmac.key");
  if (existsSync(file)) {
    const key = readFileSync(file, "utf8").trim();
    if (/^[0-9a-f]{64}$/i.test(key)) return key;
    throw new InvalidConfiguration([`${file}: not 64 hex characters; restore it from a backup (a new key cannot verify the existing audit chain)`]);
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString("hex");
  try {
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: "wx" });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readOrCreateAuditHmacKey(dataDir);
    throw error;
  }
}

function readAppVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.resolve("package.json"), "utf8")) as { version?: string };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}
