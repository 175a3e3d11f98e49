import { parentPort } from "node:worker_threads";
import { ingestLimitsFromEnv } from "~/platform/env.server";
import { setIngestLimits } from "~/core/ingest/limits";
import { exportStorageFaults, importStorageFaults, type StorageFaultState } from "~/platform/storage/fault-injection.server";
// A thread is its own process entry: loading the module's face wires the runtime's ports (reading files), as on the
// main thread. The face, not the wiring itself, because the wiring must finish loading before it runs (import cycles).
import "../../index.server";
import { performStepWork, type ProceedCheck, type StepWorkJob, type StepWorkPhase } from "./step-work";

/**
 * The step worker thread: takes one job at a time from the pool and runs it,
 * reporting each phase and waiting for the go-ahead before the next.
 */
type Inbound = { type: "run"; job: StepWorkJob; faults: StorageFaultState } | { type: "continue" };

setIngestLimits(ingestLimitsFromEnv());
let resume: (() => void) | null = null;

parentPort!.on("message", (message: Inbound) => {
  if (message.type === "continue") {
    resume?.();
    resume = null;
    return;
  }
  importStorageFaults(message.faults);
  const proceed = ((phase: StepWorkPhase, exceptionBatches?: string[]) =>
    new Promise<void>((resolve) => {
      resume = resolve;
      parentPort!.postMessage({ type: "phase", phase, exceptionBatches });
    })) as ProceedCheck;
  void performStepWork(message.job, proceed).then((outcome) => {
    parentPort!.postMessage({ type: "done", outcome, faults: exportStorageFaults() });
  });
});
parentPort!.postMessage({ type: "ready" });
