import { parentPort } from "node:worker_threads";
import { ingestLimitsFromEnv } from "~/platform/env.server";
import { setIngestLimits } from "~/core/ingest/limits";
import { exportStorageFaults, importStorageFaults, type StorageFaultState } from "~/platform/storage/fault-injection.server";
import { wireStreamsRuntime } from "../../wiring.server";
import { performStepWork, type ProceedCheck, type StepWorkJob, type StepWorkPhase } from "./step-work";

// A thread is its own process entry: it wires the runtime's ports as the main thread does; the neighbours
// load lazily, so the thread holds only what its work calls (the files module, for its inputs).
wireStreamsRuntime();

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
