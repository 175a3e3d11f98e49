import { sql } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import type { Tx } from "~/platform/db/client";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { combineMatchRates, stepMatchRate, type MatchRate, type SideCountsLike } from "~/core/streams/match-rate";
import type { ExceptionRowRef } from "~/core/streams/runtime-types";
import { AGE_BUCKETS, ageBucketSql, dueAtSql, readSlaDays, withHumanMessages } from "~/modules/exceptions/index.server";

/**
 * The numbers behind the dashboard, all for one org in one transaction (one
 * consistent snapshot). Days are calendar days in the reader's time zone, so
 * "yesterday" on the chart is the reader's yesterday. Money stays integer
 * minor units per currency; the page formats it.
 */
export const DASHBOARD_DAYS = 30;
const RECENT_RUNS = 10;
const OVERDUE_LIMIT = 10;

export type RunOutcome = "succeeded" | "partially_succeeded" | "failed" | "cancelled" | "in_progress";
export const RUN_OUTCOMES: readonly RunOutcome[] = ["succeeded", "partially_succeeded", "failed", "cancelled", "in_progress"];

export interface DashboardData {
  timeZone: string;
  days: string[];
  runsPerDay: Array<{ day: string } & Record<RunOutcome, number>>;
  matchRatePerDay: Array<{ day: string; rowsIn: number; matchedRows: number; rate: number | null }>;
  /** The auto-match rate over the whole period, by count and by amount per currency. */
  matchRate: MatchRate;
  /** Open exceptions at the end of each day (the reader's days), oldest first. */
  openPerDay: Array<{ day: string; open: number }>;
  openByAge: Array<{ bucket: string; low: number; medium: number; high: number; critical: number }>;
  amountAtRisk: Array<{ currency: string; amountMinor: number; count: number }>;
  openExceptions: number;
  recentRuns: Array<{
    id: string;
    streamId: string;
    streamName: string;
    system: boolean;
    state: string;
    createdAt: string;
    finishedAt: string | null;
    matches: number | null;
    exceptions: number | null;
    failure: string | null;
  }>;
  overdue: Array<{ id: string; type: string; severity: string; message: string; amountMinor: number | null; currency: string | null; dueAt: string; firstSeenAt: string; streamName: string }>;
  overdueCount: number;
  totals: { runs: number; files: number; streams: number };
}

export async function getDashboard(ctx: OrgContext, options: { timeZone: string; now?: Date }): Promise<DashboardData> {
  const now = options.now ?? new Date();
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const timeZone = await knownTimeZone(tx, options.timeZone);
    const days = lastDays(now, timeZone, DASHBOARD_DAYS);
    const since = sql`(${days[0]}::date::timestamp at time zone ${timeZone})`;
    const dayOf = (column: string) => sql`to_char((${sql.identifier(column)} at time zone ${timeZone}), 'YYYY-MM-DD')`;

    const runRows = (await tx.execute(sql`
      select ${dayOf("created_at")} as day, state, count(*)::int as count
      from reconciliation_runs
      where org_id = ${ctx.orgId} and created_at >= ${since}
      group by 1, 2`)) as unknown as Array<{ day: string; state: string; count: number }>;
    const runsByDay = new Map(days.map((day) => [day, { day, succeeded: 0, partially_succeeded: 0, failed: 0, cancelled: 0, in_progress: 0 }]));
    for (const row of runRows) {
      const bucket = runsByDay.get(row.day);
      if (bucket) bucket[outcomeOf(row.state)] += Number(row.count);
    }

    // Matched rows over rows in scope (excluded rows are out of it), both sides of every finished step: the share the engine closed without a person.
    const matchRows = (await tx.execute(sql`
      select ${dayOf("finished_at")} as day,
        coalesce(sum((metrics->'source'->>'rows')::bigint + (metrics->'target'->>'rows')::bigint
          - coalesce((metrics->'source'->>'excluded')::bigint, 0) - coalesce((metrics->'target'->>'excluded')::bigint, 0)), 0)::bigint as rows_in,
        coalesce(sum((metrics->'source'->>'matched')::bigint + (metrics->'target'->>'matched')::bigint), 0)::bigint as matched
      from reconciliation_step_runs
      where org_id = ${ctx.orgId} and state = 'succeeded' and metrics is not null and finished_at >= ${since}
      group by 1`)) as unknown as Array<{ day: string; rows_in: string; matched: string }>;
    const matchByDay = new Map(matchRows.map((row) => [row.day, row]));
    const matchRatePerDay = days.map((day) => {
      const row = matchByDay.get(day);
      const rowsIn = Number(row?.rows_in ?? 0);
      const matchedRows = Number(row?.matched ?? 0);
      return { day, rowsIn, matchedRows, rate: rowsIn > 0 ? matchedRows / rowsIn : null };
    });

    // The same steps as one rate for the period, amounts included: the headline number.
    const stepSides = (await tx.execute(sql`
      select metrics->'source' as source, metrics->'target' as target
      from reconciliation_step_runs
      where org_id = ${ctx.orgId} and state = 'succeeded' and metrics is not null and finished_at >= ${since}`)) as unknown as Array<{ source: SideCountsLike | null; target: SideCountsLike | null }>;
    const matchRate = combineMatchRates(stepSides.map((row) => stepMatchRate({ source: row.source ?? undefined, target: row.target ?? undefined })));

    const openPerDay = await openExceptionsPerDay(tx, ctx.orgId, days, timeZone);

    const openWhere = sql`org_id = ${ctx.orgId} and status in ('open', 'in_review') and superseded_by_id is null`;
    const ageRows = (await tx.execute(sql`
      select ${ageBucketSql()} as bucket, severity, count(*)::int as count
      from exceptions where ${openWhere} group by 1, 2`)) as unknown as Array<{ bucket: string; severity: string; count: number }>;
    const openByAge = AGE_BUCKETS.map((bucket) => {
      const counts = { bucket, low: 0, medium: 0, high: 0, critical: 0 };
      for (const row of ageRows) {
        if (row.bucket === bucket && isSeverity(row.severity)) counts[row.severity] += Number(row.count);
      }
      return counts;
    });
    const openExceptions = ageRows.reduce((sum, row) => sum + Number(row.count), 0);

    // At risk: the size of every open item, whichever its sign (a missing refund is as much at risk as a missing charge).
    const riskRows = (await tx.execute(sql`
      select currency, coalesce(sum(abs(amount_minor)), 0)::text as amount, count(*)::int as count
      from exceptions where ${openWhere} and currency is not null and amount_minor is not null
      group by 1 order by 2 desc`)) as unknown as Array<{ currency: string; amount: string; count: number }>;
    const amountAtRisk = riskRows.map((row) => ({ currency: row.currency, amountMinor: Number(row.amount), count: Number(row.count) }));

    // Failures first: the runs that need someone, then the newest of the rest.
    const recent = (await tx.execute(sql`
      select r.id, r.stream_id, s.name as stream_name, s.system, r.state, r.created_at, r.finished_at, r.metrics, r.failure
      from reconciliation_runs r join reconciliation_streams s on s.id = r.stream_id and s.org_id = r.org_id
      where r.org_id = ${ctx.orgId}
      order by (r.state in ('failed', 'partially_succeeded')) desc, r.created_at desc, r.id desc
      limit ${RECENT_RUNS}`)) as unknown as Array<{
      id: string;
      stream_id: string;
      stream_name: string;
      system: boolean;
      state: string;
      created_at: Date | string;
      finished_at: Date | string | null;
      metrics: { matches?: number; exceptions?: number } | null;
      failure: { message?: string } | null;
    }>;

    const sla = await readSlaDays(tx, ctx.orgId);
    const due = dueAtSql(sla);
    const overdueRows = (await tx.execute(sql`
      select e.id, e.type, e.severity, e.message, e.amount_minor, e.currency, ${due} as due_at, e.first_seen_at, s.name as stream_name,
        e.step_run_id as "stepRunId", e.stream_run_id as "streamRunId", e.source_rows as "sourceRows", e.target_rows as "targetRows"
      from exceptions e join reconciliation_streams s on s.id = e.stream_id and s.org_id = e.org_id
      where e.org_id = ${ctx.orgId} and e.status in ('open', 'in_review') and e.superseded_by_id is null and ${due} < now()
      order by ${due} asc, e.severity_rank desc, e.id
      limit ${OVERDUE_LIMIT}`)) as unknown as Array<{
      id: string;
      type: string;
      severity: string;
      message: string;
      amount_minor: string | number | null;
      currency: string | null;
      due_at: Date | string;
      first_seen_at: Date | string;
      stream_name: string;
      stepRunId: string;
      streamRunId: string;
      sourceRows: ExceptionRowRef[];
      targetRows: ExceptionRowRef[];
    }>;
    const overdueWithWords = await withHumanMessages(tx, ctx.orgId, overdueRows);
    const [overdueCount] = (await tx.execute(sql`
      select count(*)::int as count from exceptions
      where org_id = ${ctx.orgId} and status in ('open', 'in_review') and superseded_by_id is null and ${due} < now()`)) as unknown as Array<{ count: number }>;

    const [totals] = (await tx.execute(sql`
      select
        (select count(*)::int from reconciliation_runs where org_id = ${ctx.orgId}) as runs,
        (select count(*)::int from uploaded_files where org_id = ${ctx.orgId} and kind = 'upload') as files,
        (select count(*)::int from reconciliation_streams where org_id = ${ctx.orgId} and system = false and status = 'active') as streams`)) as unknown as Array<{
      runs: number;
      files: number;
      streams: number;
    }>;

    return {
      timeZone,
      days,
      runsPerDay: [...runsByDay.values()],
      matchRatePerDay,
      matchRate,
      openPerDay,
      openByAge,
      amountAtRisk,
      openExceptions,
      recentRuns: recent.map((row) => ({
        id: row.id,
        streamId: row.stream_id,
        streamName: row.stream_name,
        system: row.system,
        state: row.state,
        createdAt: iso(row.created_at),
        finishedAt: row.finished_at ? iso(row.finished_at) : null,
        matches: row.metrics?.matches ?? null,
        exceptions: row.metrics?.exceptions ?? null,
        failure: row.failure?.message ?? null,
      })),
      overdue: overdueWithWords.map((row) => ({
        id: row.id,
        type: row.type,
        severity: row.severity,
        message: row.message,
        amountMinor: row.amount_minor === null ? null : Number(row.amount_minor),
        currency: row.currency,
        dueAt: iso(row.due_at),
        firstSeenAt: iso(row.first_seen_at),
        streamName: row.stream_name,
      })),
      overdueCount: Number(overdueCount?.count ?? 0),
      totals: { runs: Number(totals?.runs ?? 0), files: Number(totals?.files ?? 0), streams: Number(totals?.streams ?? 0) },
    };
  });
}

/**
 * Open exceptions at the end of each day, from two grouped counts instead of
 * one count per day: current items (not carried forward) by the day they were
 * first seen and by the day they were resolved. Open at the end of a day =
 * seen by then − resolved by then.
 */
async function openExceptionsPerDay(tx: Tx, orgId: string, days: string[], timeZone: string): Promise<Array<{ day: string; open: number }>> {
  const since = sql`(${days[0]}::date::timestamp at time zone ${timeZone})`;
  const dayOf = (column: string) => sql`case when ${sql.identifier(column)} < ${since} then '' else to_char((${sql.identifier(column)} at time zone ${timeZone}), 'YYYY-MM-DD') end`;
  const current = sql`org_id = ${orgId} and superseded_by_id is null`;
  const seen = (await tx.execute(sql`
    select ${dayOf("first_seen_at")} as day, count(*)::int as count from exceptions where ${current} group by 1`)) as unknown as Array<{ day: string; count: number }>;
  const resolved = (await tx.execute(sql`
    select ${dayOf("resolved_at")} as day, count(*)::int as count from exceptions
    where ${current} and resolved_at is not null and status not in ('open', 'in_review') group by 1`)) as unknown as Array<{ day: string; count: number }>;
  const seenBy = new Map(seen.map((row) => [row.day, Number(row.count)]));
  const resolvedBy = new Map(resolved.map((row) => [row.day, Number(row.count)]));
  // "" is everything before the first day shown.
  let open = (seenBy.get("") ?? 0) - (resolvedBy.get("") ?? 0);
  return days.map((day) => {
    open += (seenBy.get(day) ?? 0) - (resolvedBy.get(day) ?? 0);
    return { day, open };
  });
}

function isSeverity(value: string): value is "low" | "medium" | "high" | "critical" {
  return value === "low" || value === "medium" || value === "high" || value === "critical";
}

function outcomeOf(state: string): RunOutcome {
  if (state === "succeeded" || state === "partially_succeeded" || state === "failed" || state === "cancelled") return state;
  return "in_progress";
}

/** A zone PostgreSQL knows (the browser's IANA name, normally); anything else reads as UTC rather than failing the page. */
async function knownTimeZone(tx: Tx, timeZone: string): Promise<string> {
  if (timeZone === "UTC") return "UTC";
  const rows = (await tx.execute(sql`select name from pg_timezone_names where name = ${timeZone} limit 1`)) as unknown as Array<{ name: string }>;
  return rows[0]?.name ?? "UTC";
}

/** The last `count` calendar days in `timeZone`, oldest first, as YYYY-MM-DD. */
export function lastDays(now: Date, timeZone: string, count: number): string[] {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  const [year, month, day] = today.split("-").map(Number) as [number, number, number];
  const days: string[] = [];
  for (let offset = count - 1; offset >= 0; offset--) {
    days.push(new Date(Date.UTC(year, month - 1, day - offset)).toISOString().slice(0, 10));
  }
  return days;
}

function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
