import { parentPort } from "node:worker_threads";
import { ingestLimitsFromEnv } from "~/platform/env.server";
import { setIngestLimits } from "~/core/ingest/limits";
import { computeProfilingOutcome } from "./profiling-outcome.server";
import type { UploadedFile } from "./repository.server";

/**
 * A profiling thread (profile-thread.server.ts starts it with resource
 * limits): takes one file at a time, computes its profiling outcome
 * (detection, then the read through for counts and errors) and posts it, or
 * the error that is not an outcome.
 */
setIngestLimits(ingestLimitsFromEnv());
parentPort!.on("message", (message: { file: UploadedFile }) => {
  computeProfilingOutcome(message.file).then(
    (outcome) => parentPort!.postMessage({ outcome }),
    (error: unknown) => {
      const detail = error as Error & { code?: unknown };
      parentPort!.postMessage({ error: { name: detail.name, message: detail.message, code: detail.code, stack: detail.stack } });
    },
  );
});
