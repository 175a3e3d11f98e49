import type { TaskList } from "graphile-worker";
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
};

export const crontab = [
  "* * * * * heartbeat ?max=1",
  "* * * * * scheduler_tick ?max=1",
  "17 * * * * purge_expired ?max=1",
  "37 * * * * purge_artifacts ?max=1",
].join("\n");
