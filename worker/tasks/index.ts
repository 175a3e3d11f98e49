import type { TaskList } from "graphile-worker";
import { auditCheckpoint } from "./audit-checkpoint";
import { heartbeat } from "./heartbeat";
import { profileFile } from "./profile-file";
import { purgeArtifacts } from "./purge-artifacts";
import { purgeExpired } from "./purge-expired";
import { runStep } from "./run-step";
import { schedulerTick } from "./scheduler-tick";
import { startTriggeredRun } from "./start-triggered-run";

/** Every task the worker runs, by identifier; one file per task. */
export const taskList: TaskList = {
  heartbeat,
  purge_expired: purgeExpired,
  purge_artifacts: purgeArtifacts,
  profile_file: profileFile,
  run_step: runStep,
  scheduler_tick: schedulerTick,
  start_triggered_run: startTriggeredRun,
  audit_checkpoint: auditCheckpoint,
};

/**
 * Graphile-worker runs numerically smaller priorities first. The heartbeat and
 * the scheduler tick are due at a time, and a queue full of step runs (the
 * default 0) must not hold them back until it drains: a schedule would fire
 * minutes late. They still wait for a free slot, never preempt a step.
 */
export const CLOCK_JOB_PRIORITY = -10;

export const crontab = [
  `* * * * * heartbeat ?max=1&priority=${CLOCK_JOB_PRIORITY}`,
  `* * * * * scheduler_tick ?max=1&priority=${CLOCK_JOB_PRIORITY}`,
  "17 * * * * purge_expired ?max=1",
  "37 * * * * purge_artifacts ?max=1",
  "* * * * * audit_checkpoint ?max=1",
].join("\n");
