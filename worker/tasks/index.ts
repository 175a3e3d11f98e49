import { auditCheckpoint } from "./audit-checkpoint";
import { heartbeat } from "./heartbeat";
import { taskListFrom } from "./job-handler";
import { profileFile } from "./profile-file";
import { purgeArtifacts } from "./purge-artifacts";
import { purgeExpired } from "./purge-expired";
import { runStep } from "./run-step";
import { schedulerTick } from "./scheduler-tick";
import { startTriggeredRun } from "./start-triggered-run";

export { CLOCK_JOB_PRIORITY, crontab } from "~/platform/jobs";

/** Every task the worker runs: the catalog's jobs (~/platform/jobs), one file per task. */
export const taskList = taskListFrom({
  heartbeat,
  purge_expired: purgeExpired,
  purge_artifacts: purgeArtifacts,
  profile_file: profileFile,
  run_step: runStep,
  scheduler_tick: schedulerTick,
  start_triggered_run: startTriggeredRun,
  audit_checkpoint: auditCheckpoint,
});
