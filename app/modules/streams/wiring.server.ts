import { workerIdentity } from "~/platform/workers/worker-identity";
import { setDefaultRuntimePorts } from "./runtime/ports";
import { testStepGates } from "./runtime/test-gates.server";

// Loaded on first use, not at import: the step-work thread wires the runtime
// too, and should load only the neighbours its work calls (the files, for
// its inputs), not every module the worker process has. Lazy loading also
// lets the wiring run while a neighbour is still loading (import cycles).
const filesModule = () => import("~/modules/files/index.server");
const dataSourcesModule = () => import("~/modules/data-sources/index.server");
const exceptionsModule = () => import("~/modules/exceptions/index.server");
const auditModule = () => import("~/modules/audit/index.server");
const triggerEvents = () => import("./triggers/events.server");

async function* streamStoredObject(storageKey: string): AsyncIterable<Uint8Array> {
  yield* (await filesModule()).streamStoredObject(storageKey);
}

/**
 * The one place the streams runtime meets its neighbours (runtime/ports.ts):
 * the files, data-sources, exceptions and audit modules, and the triggers
 * beside it. The face calls this when it loads, and the step-work thread at
 * its start, so every entry into the runtime finds its ports wired.
 */
export function wireStreamsRuntime(): void {
  setDefaultRuntimePorts({
    files: {
      getFile: async (ctx, fileId) => (await filesModule()).getFile(ctx, fileId),
      loadReadyFile: async (ctx, fileId) => (await filesModule()).loadReadyFile(ctx, fileId),
      readReadyFile: async (ctx, file) => (await filesModule()).readReadyFile(ctx, file),
      streamStoredObject,
    },
    snapshots: { createSnapshot: async (ctx, dataSourceId, input) => (await dataSourcesModule()).createSnapshot(ctx, dataSourceId, input) },
    exceptions: { carryForward: async (tx, ctx, input) => (await exceptionsModule()).carryForwardExceptions(tx, ctx, input) },
    audit: { record: async (tx, ctx, entry) => (await auditModule()).recordAudit(tx, ctx, entry) },
    storage: {
      releaseStoredObject: async (ctx, storageKey) => (await filesModule()).releaseStoredObject(ctx, storageKey),
      lockStorageKey: async (tx, storageKey) => (await filesModule()).lockStorageKey(tx, storageKey),
    },
    runEvents: { runEnded: async (tx, run) => (await triggerEvents()).enqueueRunCompletionTriggers(tx, run) },
    gates: { passGate: (point) => testStepGates.passGate(point), applyStepFaults: (stepKey) => testStepGates.applyStepFaults(stepKey) },
    worker: { workerId: () => workerIdentity.workerId },
  });
}
