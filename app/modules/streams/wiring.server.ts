import { recordAudit } from "~/modules/audit/index.server";
import { createSnapshot } from "~/modules/data-sources/index.server";
import { carryForwardExceptions } from "~/modules/exceptions/index.server";
import { getFile, loadReadyFile, lockStorageKey, readReadyFile, releaseStoredObject, streamStoredObject } from "~/modules/files/index.server";
import { workerIdentity } from "~/platform/workers/worker-identity";
import { setDefaultRuntimePorts } from "./runtime/ports";
import { testStepGates } from "./runtime/test-gates.server";
import { enqueueRunCompletionTriggers } from "./triggers/events.server";

/**
 * The one place the streams runtime meets its neighbours (runtime/ports.ts):
 * the files, data-sources, exceptions and audit modules, and the triggers
 * beside it. The face calls this when it loads, and the step-work thread at
 * its start, so every entry into the runtime finds its ports wired.
 */
export function wireStreamsRuntime(): void {
  // Each port calls through at call time: wiring may run while a neighbour is still loading (an import cycle).
  setDefaultRuntimePorts({
    files: {
      getFile: (ctx, fileId) => getFile(ctx, fileId),
      loadReadyFile: (ctx, fileId) => loadReadyFile(ctx, fileId),
      readReadyFile: (ctx, file) => readReadyFile(ctx, file),
      streamStoredObject: (storageKey) => streamStoredObject(storageKey),
    },
    snapshots: { createSnapshot: (ctx, dataSourceId, input) => createSnapshot(ctx, dataSourceId, input) },
    exceptions: { carryForward: (tx, ctx, input) => carryForwardExceptions(tx, ctx, input) },
    audit: { record: (tx, ctx, entry) => recordAudit(tx, ctx, entry) },
    storage: {
      releaseStoredObject: (ctx, storageKey) => releaseStoredObject(ctx, storageKey),
      lockStorageKey: (tx, storageKey) => lockStorageKey(tx, storageKey),
    },
    runEvents: { runEnded: (tx, run) => enqueueRunCompletionTriggers(tx, run) },
    gates: { passGate: (point) => testStepGates.passGate(point), applyStepFaults: (stepKey) => testStepGates.applyStepFaults(stepKey) },
    worker: { workerId: () => workerIdentity.workerId },
  });
}
