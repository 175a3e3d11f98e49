import { Cron } from "croner";

/**
 * Cron schedules read in an IANA time zone, and the missed-tick policy.
 * Pure: the clock is always a parameter, so tests choose `now`.
 *
 * croner does the calendar work (it is maintained, dependency-free and
 * DST-correct through Intl): a wall time that does not exist on a
 * spring-forward day fires at the first instant after the gap (02:30 in
 * Europe/Berlin on the last Sunday of March fires at 03:00 CEST), and one that
 * occurs twice on a fall-back day fires once, at its first occurrence.
 */
export interface ScheduleSpec {
  cron: string;
  timeZone: string;
}

export interface MissedTickPolicy {
  missedPolicy: "skip" | "catch_up";
  catchUpMax: number;
}

/**
 * The most ticks one plan looks at. A trigger every minute that was down for a
 * month has 43,200 missed ticks; recording each as skipped would help nobody,
 * so only the newest are recorded and the rest are counted.
 */
export const MAX_TICKS_CONSIDERED = 200;

/** Why a cron expression or time zone is refused, in words for a problem's `message`; null when it is fine. */
export function cronProblem(cron: string): string | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return `needs exactly 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`;
  // croner reads "?" as "the value at the moment the pattern is parsed", which would make a schedule depend on when it was saved.
  if (cron.includes("?")) return "'?' is not supported; use '*'";
  try {
    const pattern = new Cron(cron.trim(), { paused: true, timezone: "UTC" });
    if (pattern.nextRun(new Date(Date.UTC(2000, 0, 1))) === null) return "never fires";
  } catch (error) {
    return error instanceof Error ? error.message.replace(/^CronPattern: /, "") : "is not a valid cron expression";
  }
  return null;
}

export function isIanaTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

function compile(spec: ScheduleSpec): Cron {
  return new Cron(spec.cron.trim(), { paused: true, timezone: spec.timeZone });
}

/** The next `count` fire times strictly after `after`. */
export function nextFireTimes(spec: ScheduleSpec, after: Date, count: number): Date[] {
  return compile(spec).nextRuns(count, after);
}

/** The first fire time strictly after `after`, or null for a schedule that never fires again. */
export function nextFireTime(spec: ScheduleSpec, after: Date): Date | null {
  return compile(spec).nextRun(after);
}

export interface TickPlan {
  /** Ticks to fire, oldest first (so the newest runs last). */
  fire: Date[];
  /** Due ticks the policy does not fire, newest MAX_TICKS_CONSIDERED at most, oldest first. */
  skipped: Date[];
  /** Due ticks older than the ones looked at: neither fired nor recorded. */
  uncounted: boolean;
  /** The newest due tick: the trigger's new last_tick_at. Null when nothing was due. */
  lastTick: Date | null;
  /** When the trigger is next due. */
  nextFireAt: Date | null;
}

/**
 * The ticks due in (since, now], and what the policy does with them:
 * `skip` fires only the newest and skips the others; `catch_up` fires the
 * newest `catchUpMax`, oldest first, and skips the rest.
 */
export function planDueTicks(spec: ScheduleSpec & MissedTickPolicy, since: Date, now: Date): TickPlan {
  const cron = compile(spec);
  // Walk back from now: the newest ticks are the ones a policy may fire, and the walk stops at `since`.
  const newestFirst: Date[] = [];
  let uncounted = false;
  for (const tick of cron.previousRuns(MAX_TICKS_CONSIDERED + 1, new Date(now.getTime() + 1))) {
    if (tick.getTime() <= since.getTime()) break;
    if (newestFirst.length === MAX_TICKS_CONSIDERED) {
      uncounted = true;
      break;
    }
    newestFirst.push(tick);
  }
  const due = newestFirst.reverse();
  const fireCount = spec.missedPolicy === "skip" ? Math.min(1, due.length) : Math.min(spec.catchUpMax, due.length);
  return {
    fire: due.slice(due.length - fireCount),
    skipped: due.slice(0, due.length - fireCount),
    uncounted,
    lastTick: due.at(-1) ?? null,
    nextFireAt: cron.nextRun(now),
  };
}
