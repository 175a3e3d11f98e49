import { parentPort } from "node:worker_threads";
import { performPreviewJob, type PreviewJob } from "./preview-work";

/**
 * A preview thread: one job at a time from the pool. A job that overruns its
 * budget is not asked to stop; the pool terminates this thread.
 */
parentPort!.on("message", (job: PreviewJob) => {
  parentPort!.postMessage(performPreviewJob(job));
});
parentPort!.postMessage({ type: "ready" });
