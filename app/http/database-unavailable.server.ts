/**
 * Whether an error means "the database is not reachable right now" (it is
 * restarting, or was killed and the supervisor is bringing it back) rather
 * than a bug: such a request gets 503 with Retry-After, which clients retry,
 * instead of a 500. drizzle wraps the driver's error, so the cause chain is
 * searched.
 */
const CONNECTION_CODES = new Set([
  // postgres.js (and Node's socket errors underneath it)
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  // PostgreSQL: connection exceptions (class 08) and operator intervention (57P0x: shutdown, crash, starting up)
  "08000",
  "08001",
  "08003",
  "08006",
  "57P01",
  "57P02",
  "57P03",
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
    const errno = (current as { errno?: unknown }).errno;
    if (typeof errno === "string" && CONNECTION_CODES.has(errno)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export const DATABASE_RETRY_AFTER_SECONDS = 5;
