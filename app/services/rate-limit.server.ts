import { sql } from "drizzle-orm";
import { getDb } from "../../db/client";

/**
 * Fixed-window counters in PostgreSQL, so every web process shares one limit.
 * Used for login throttling, where correctness matters more than the extra
 * round trip.
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

/** Reads without counting: is this key already over its limit? */
export async function checkRateLimit(rule: RateLimitRule): Promise<RateLimitState> {
  const rows = (await getDb().execute(sql`
    select hits, extract(epoch from (window_started_at + make_interval(secs => ${rule.windowSeconds}) - now()))::float8 as remaining
    from rate_limit_buckets
    where key = ${rule.key} and window_started_at > now() - make_interval(secs => ${rule.windowSeconds})`)) as unknown as Array<{
    hits: number;
    remaining: number;
  }>;
  const row = rows[0];
  if (!row || row.hits < rule.limit) return { limited: false, retryAfterSeconds: 0 };
  return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil(row.remaining)) };
}

/** Counts one hit (a failed login), starting a new window when the old one has passed. */
export async function recordRateLimitHit(rule: RateLimitRule): Promise<void> {
  await getDb().execute(sql`
    insert into rate_limit_buckets (key, hits, window_started_at) values (${rule.key}, 1, now())
    on conflict (key) do update set
      hits = case when rate_limit_buckets.window_started_at > now() - make_interval(secs => ${rule.windowSeconds})
                  then rate_limit_buckets.hits + 1 else 1 end,
      window_started_at = case when rate_limit_buckets.window_started_at > now() - make_interval(secs => ${rule.windowSeconds})
                  then rate_limit_buckets.window_started_at else now() end`);
}

export async function clearRateLimit(key: string): Promise<void> {
  await getDb().execute(sql`delete from rate_limit_buckets where key = ${key}`);
}
