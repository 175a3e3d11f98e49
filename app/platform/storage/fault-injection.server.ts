import type { Readable } from "node:stream";
import type { ArtifactStore, StoredObject } from "./artifact-store.server";

/**
 * A test-only fault point: the next N writes to the store fail, as a disk or
 * object store failing mid-run would. Wired in only when NODE_ENV is "test"
 * (app/platform/storage/index.server.ts), so production code has no way to trip it.
 */
interface PendingFaults {
  failPuts: number;
  classification: "transient" | "permanent";
}

// On globalThis: the web build bundles its own copy of this module, and whichever copy
// created the store singleton must see the faults a test injects through the other.
const holder = globalThis as unknown as { __reconstreamStorageFaults?: PendingFaults };
const faults: PendingFaults = (holder.__reconstreamStorageFaults ??= { failPuts: 0, classification: "transient" });

export function injectStorageFaults(next: { failPuts: number; classification?: "transient" | "permanent" }): void {
  faults.failPuts = next.failPuts;
  faults.classification = next.classification ?? "transient";
}

export function clearStorageFaults(): void {
  faults.failPuts = 0;
}

/**
 * Step work runs in worker threads, which have their own globals: the pool
 * hands the pending faults to the thread with each job and takes back what
 * is left, so a test's "fail the next N writes" holds across threads.
 */
export type StorageFaultState = PendingFaults;

export function exportStorageFaults(): StorageFaultState {
  return { ...faults };
}

export function importStorageFaults(state: StorageFaultState): void {
  faults.failPuts = state.failPuts;
  faults.classification = state.classification;
}

export class FaultInjectingArtifactStore implements ArtifactStore {
  constructor(private readonly inner: ArtifactStore) {}

  async put(body: Readable | AsyncIterable<Uint8Array>): Promise<StoredObject> {
    if (faults.failPuts > 0) {
      faults.failPuts--;
      // Drain nothing: the writer's stream is abandoned, as a failed write would leave it.
      if ("destroy" in body && typeof body.destroy === "function") body.destroy();
      throw new InjectedStorageFault(faults.classification);
    }
    return this.inner.put(body);
  }

  get(key: string): Promise<Readable> {
    return this.inner.get(key);
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }

  exists(key: string): Promise<boolean> {
    return this.inner.exists(key);
  }
}

/** The injected failure; the step runtime classifies it by name as a storage I/O failure. */
export class InjectedStorageFault extends Error {
  override readonly name = "InjectedStorageFault";
  constructor(readonly classification: "transient" | "permanent") {
    super(classification === "transient" ? "injected storage I/O failure (EIO)" : "injected permanent storage failure");
  }
}
