import os from "node:os";
import { newId } from "~/platform/db/ids";

/** Who this worker process is, as written to worker_heartbeats. */
export const workerIdentity = {
  workerId: newId("worker"),
  hostname: os.hostname(),
  pid: process.pid,
  startedAt: new Date(),
};
