import { nextFireTime, nextFireTimes } from "~/core/streams/schedule";
import type { TriggerConfig } from "~/core/streams/trigger-config";
import type { StreamTrigger } from "./trigger-types";

/** Shown with schedule triggers so people can check a cron expression against the calendar. */
export const UPCOMING_FIRE_TIMES = 5;

export function scheduleNextFireAt(config: TriggerConfig, after: Date): Date | null {
  return config.kind === "schedule" ? nextFireTime(config, after) : null;
}

/** The next fire times from `now`, for people to check an expression against the calendar. */
export function upcomingFireTimes(trigger: StreamTrigger, now: Date = new Date()): Date[] {
  if (trigger.config.kind !== "schedule") return [];
  return nextFireTimes(trigger.config, now, UPCOMING_FIRE_TIMES);
}
