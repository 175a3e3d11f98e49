import os from "node:os";
import { newId } from "~/platform/db/ids";

/**
 * Who this worker process is, as written to worker_heartbeats. In the
 * platform, not worker/, because the streams runtime records it as the owner
 * of the steps it claims.
 */
export const workerIdentity = {
  workerId: newId("worker"),
  hostname: os.hostname(),
  pid: process.pid,
  startedAt: new Date(),
};
