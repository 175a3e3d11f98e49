import { sql } from "drizzle-orm";
import { getDb } from "~/platform/db/client";

/**
 * Fixed-window counters in PostgreSQL, so every web process shares one limit.
 * Used for login throttling, where correctness matters more than the extra
 * round trip.
 *
 * An attempt is counted and checked in one statement (`consumeRateLimit`):
 * a separate read-then-write let N concurrent requests all read "under the
 * limit" before any of them wrote, so 40 parallel guesses got 31 password
 * checks against a limit of 5. The row lock the upsert takes serialises the
 * increments, and each request sees the count that includes itself.
 */
export interface RateLimitRule {
  key: string;
  limit: number;
  windowSeconds: number;
}

export interface RateLimitState {
  limited: boolean;
  retryAfterSeconds: number;
}

/** Counts one attempt and says whether it is over the limit (the count includes this attempt). */
export async function consumeRateLimit(rule: RateLimitRule): Promise<RateLimitState> {
  const rows = (await getDb().execute(sql`
    insert into rate_limit_buckets (key, hits, window_started_at) values (${rule.key}, 1, now())
    on conflict (key) do update set
      hits = case when rate_limit_buckets.window_started_at > now() - make_interval(secs => ${rule.windowSeconds})
                  then rate_limit_buckets.hits + 1 else 1 end,
      window_started_at = case when rate_limit_buckets.window_started_at > now() - make_interval(secs => ${rule.windowSeconds})
                  then rate_limit_buckets.window_started_at else now() end
    returning hits,
      extract(epoch from (window_started_at + make_interval(secs => ${rule.windowSeconds}) - now()))::float8 as remaining`)) as unknown as Array<{
    hits: number;
    remaining: number;
  }>;
  const row = rows[0]!;
  if (row.hits <= rule.limit) return { limited: false, retryAfterSeconds: 0 };
  return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil(row.remaining)) };
}

/**
 * Gives back one counted attempt that turned out not to be a failure (a
 * correct password), so only failures use up the limit.
 */
export async function refundRateLimit(rule: RateLimitRule): Promise<void> {
  await getDb().execute(sql`update rate_limit_buckets set hits = greatest(hits - 1, 0) where key = ${rule.key}`);
}

export async function clearRateLimit(key: string): Promise<void> {
  await getDb().execute(sql`delete from rate_limit_buckets where key = ${key}`);
}
