/**
 * Crash isolation inside one worker process. A job whose earlier attempt
 * died with its process (a suspect) runs only when nothing else runs here,
 * and nothing else starts while it runs: if it kills the process again, it
 * takes no innocent job with it, and its second crash is unambiguous.
 * Jobs that cannot run now step aside by re-queueing themselves a moment
 * later (`defer`), which frees the slot instead of waiting in it.
 *
 * Counted synchronously at the job's start, so a check and its decision
 * happen in one tick: two jobs can never both believe they are alone.
 */
let activeJobs = 0;
let isolatedJobRunning = false;
// A deferred suspect asks the process to drain: without this, a busy worker would start new
// jobs as fast as old ones finish and the suspect would never find it idle.
let drainUntil = 0;
const DRAIN_MS = 10_000;
export const DEFER_MS = 1_000;

export type Admission = "ran" | "deferred";

export async function runAdmitted(job: { needsIsolation: () => Promise<boolean>; run: () => Promise<void>; defer: () => Promise<void> }): Promise<Admission> {
  activeJobs += 1;
  try {
    if (isolatedJobRunning || Date.now() < drainUntil) {
      // A suspect of our own may be the one draining: it must still get in.
      if (isolatedJobRunning || !(await job.needsIsolation())) return await deferred(job);
      return await runIsolated(job);
    }
    if (await job.needsIsolation()) return await runIsolated(job);
    if (isolatedJobRunning) return await deferred(job);
    await job.run();
    return "ran";
  } finally {
    activeJobs -= 1;
  }
}

async function runIsolated(job: { run: () => Promise<void>; defer: () => Promise<void> }): Promise<Admission> {
  if (isolatedJobRunning || activeJobs > 1) {
    drainUntil = Date.now() + DRAIN_MS;
    return deferred(job);
  }
  isolatedJobRunning = true;
  drainUntil = 0;
  try {
    await job.run();
    return "ran";
  } finally {
    isolatedJobRunning = false;
  }
}

async function deferred(job: { defer: () => Promise<void> }): Promise<Admission> {
  await job.defer();
  return "deferred";
}
