import { parseCrontab } from "graphile-worker";
import { describe, expect, it } from "vitest";
import { CLOCK_JOB_PRIORITY, crontab, taskList } from "../../../worker/tasks";

describe("the worker's crontab", () => {
  it("parses, names only known tasks, and puts the clock-driven jobs ahead of queued step runs", () => {
    const items = parseCrontab(crontab);
    for (const item of items) expect(Object.keys(taskList)).toContain(item.task);
    const priorityOf = (task: string) => items.find((item) => item.task === task)?.options.priority;
    expect(CLOCK_JOB_PRIORITY).toBeLessThan(0);
    expect(priorityOf("heartbeat")).toBe(CLOCK_JOB_PRIORITY);
    expect(priorityOf("scheduler_tick")).toBe(CLOCK_JOB_PRIORITY);
    // Housekeeping waits its turn like any job.
    expect(priorityOf("purge_artifacts")).toBeUndefined();
  });
});
