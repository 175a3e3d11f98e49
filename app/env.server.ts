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
  /** Largest JSON request body accepted by /api/v1, in bytes. */
  MAX_JSON_BODY_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  /** Largest file accepted by POST /api/v1/files, in bytes (the file part, not the multipart envelope). */
  MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(2 * 1024 ** 3),
  /**
   * Jobs one worker process runs at once. Step work runs in a pool of this many threads, so the
   * event loop stays free and a small step need not wait behind a large one.
   */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Step runs of one org running at once, across all workers: one org's month-end cannot starve the others. */
  STEP_CONCURRENCY_PER_ORG: z.coerce.number().int().min(1).max(1000).default(4),
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

export type Env = Omit<RawEnv, "SESSION_SECRET" | "ENCRYPTION_KEY" | "STORAGE_DIR"> & {
  DATA_DIR: string;
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
    APP_VERSION: readAppVersion(),
  };
  return cached;
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

function readAppVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.resolve("package.json"), "utf8")) as { version?: string };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}
