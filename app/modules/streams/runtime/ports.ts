import type { OrgContext } from "~/core/access";
import type { RawTable } from "~/core/engine/types";
import type { RunTrigger } from "~/core/streams/runtime-types";
import type { Tx } from "~/platform/db/client";
import type { uploadedFiles } from "~/platform/db/schema";
import type { Run } from "./state/run-state.server";

/**
 * Why ports: the runtime (orchestrator, step executor, input resolver, crash
 * recovery) is the core of the streams module, and it used to import the
 * files, data-sources, exceptions and audit modules and the triggers beside
 * it directly. Those modules import streams back, so every change closed an
 * import cycle, and a test could not swap one neighbour without mocking
 * modules. Here the runtime names what it needs from outside — ready files
 * and snapshots in; carried-forward exceptions, audit records, storage
 * releases and locks, run-completion triggers, test gates and the worker's
 * identity out — and ../wiring.server.ts plugs in the real ones. Tests may
 * install their own (installRuntimePorts) and restore the previous ones after.
 */
export type UploadedFile = typeof uploadedFiles.$inferSelect;

export interface FilesPort {
  getFile(ctx: OrgContext, fileId: string): Promise<UploadedFile>;
  /** The file, once profiled and ready; a 409 DomainError while it is still being profiled. */
  loadReadyFile(ctx: OrgContext, fileId: string): Promise<{ file: UploadedFile }>;
  readReadyFile(ctx: OrgContext, file: UploadedFile): Promise<RawTable>;
  /** The stored bytes, verified against their hash as they are read. */
  streamStoredObject(storageKey: string): AsyncIterable<Uint8Array>;
}

export interface SnapshotsPort {
  /** Takes a snapshot of a data source now, stored as a ready file. */
  createSnapshot(ctx: OrgContext, dataSourceId: string, input: { query?: string }): Promise<{ file: UploadedFile }>;
}

export interface ExceptionsPort {
  /** In the step's commit transaction, right after its exceptions were inserted. */
  carryForward(tx: Tx, ctx: OrgContext, input: { run: { id: string; streamId: string; createdAt: Date; trigger: RunTrigger }; stepRunId: string; stepKey: string; now: Date }): Promise<unknown>;
}

export interface AuditPort {
  record(tx: Tx, ctx: OrgContext, entry: { action: string; resourceType: string; resourceId?: string | null; changes?: Record<string, unknown> }): Promise<unknown>;
}

export interface StoragePort {
  /** Released only if no row references the object. */
  releaseStoredObject(ctx: OrgContext, storageKey: string): Promise<void>;
  /** Held until the transaction ends, so a purge cannot release the object meanwhile. */
  lockStorageKey(tx: Tx, storageKey: string): Promise<void>;
}

export interface RunEventsPort {
  /** In the transaction that ended the run. */
  runEnded(tx: Tx, run: Run): Promise<void>;
}

export type GatePoint = "after_resolve";

/** Pause points and process faults inside a step attempt; inert except in tests (runtime/test-gates.server.ts). */
export interface StepGatesPort {
  passGate(point: GatePoint): Promise<void>;
  applyStepFaults(stepKey: string): Promise<void>;
}

export interface WorkerPort {
  /** Who claims a step when the caller names no worker: this process. */
  workerId(): string;
}

export interface RuntimePorts {
  files: FilesPort;
  snapshots: SnapshotsPort;
  exceptions: ExceptionsPort;
  audit: AuditPort;
  storage: StoragePort;
  runEvents: RunEventsPort;
  gates: StepGatesPort;
  worker: WorkerPort;
}

interface PortRegistry {
  defaults: Partial<RuntimePorts>;
  overrides: Partial<RuntimePorts>;
}

// On globalThis, like the test gates: a module loaded twice (alias and relative path) still sees one registry.
const holder = globalThis as unknown as { __reconstreamRuntimePorts?: PortRegistry };
const registry: PortRegistry = (holder.__reconstreamRuntimePorts ??= { defaults: {}, overrides: {} });

/** The module's own implementations; called by the wiring. Ports a test installed stay in front of them. */
export function setDefaultRuntimePorts(ports: RuntimePorts): void {
  registry.defaults = ports;
}

/** Puts these ports in front of the defaults; the returned function puts back what was there before. */
export function installRuntimePorts(ports: Partial<RuntimePorts>): () => void {
  const previous = registry.overrides;
  registry.overrides = { ...previous, ...ports };
  return () => {
    registry.overrides = previous;
  };
}

export function port<K extends keyof RuntimePorts>(name: K): RuntimePorts[K] {
  const implementation = registry.overrides[name] ?? registry.defaults[name];
  if (!implementation) throw new Error(`the streams runtime has no '${name}' port: import ~/modules/streams/index.server (its wiring) first`);
  return implementation;
}
