import { Worker } from "node:worker_threads";
import { getEnv } from "~/platform/env.server";
import { boundedThreadLimits, tsxBootstrap } from "~/platform/threads/thread-limits.server";
import { exportStorageFaults, importStorageFaults, type StorageFaultState } from "~/platform/storage/fault-injection.server";
import { singleton } from "~/platform/db/singleton";
import type { StepWorkJob, StepWorkOutcome, StepWorkPhase } from "./step-work";

/**
 * A pool of long-lived worker threads for step work, sized to the worker's
 * job concurrency, so a thread's start-up (loading the engine) is paid once
 * per process, not once per step. A job that must stop (cancellation,
 * timeout) terminates its thread; the pool starts a fresh one next time.
 */
export interface StepWorkHandle {
  /** Settles with the outcome; rejects only if the thread dies. */
  outcome: Promise<StepWorkOutcome>;
  /** Stops the work at once: the thread is terminated and nothing it did is committed. */
  abort(): void;
}

type Inbound =
  | { type: "ready" }
  | { type: "phase"; phase: StepWorkPhase; exceptionBatches?: string[] }
  | { type: "done"; outcome: StepWorkOutcome; faults: StorageFaultState };

/** Called at each phase; the thread waits until it settles. After matching it carries the exception batches. */
export type PhaseCheck = (phase: StepWorkPhase, exceptionBatches?: string[]) => Promise<void>;


class StepWorkPool {
  private readonly idle: Worker[] = [];
  private readonly ready = new WeakMap<Worker, Promise<void>>();

  constructor(private readonly size: number) {}

  run(job: StepWorkJob, onPhase: PhaseCheck): StepWorkHandle {
    const worker = this.idle.pop() ?? this.spawn();
    let aborted = false;
    let rejectOutcome: (error: Error) => void = () => {};
    const outcome = new Promise<StepWorkOutcome>((resolve, reject) => {
      rejectOutcome = reject;
      const onMessage = (message: Inbound) => {
        if (message.type === "phase") {
          onPhase(message.phase, message.exceptionBatches).then(
            () => worker.postMessage({ type: "continue" }),
            (error: Error) => {
              abort();
              reject(error);
            },
          );
          return;
        }
        if (message.type !== "done") return;
        cleanup();
        importStorageFaults(message.faults);
        if (this.idle.length < this.size) this.idle.push(worker);
        else void worker.terminate();
        resolve(message.outcome);
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const onExit = (code: number) => {
        cleanup();
        if (!aborted) reject(new Error(`step worker thread exited with code ${code}`));
      };
      const cleanup = () => {
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
      };
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      void this.ready.get(worker)!.then(() => worker.postMessage({ type: "run", job, faults: exportStorageFaults() }));
    });
    const abort = () => {
      if (aborted) return;
      aborted = true;
      void worker.terminate();
    };
    return {
      outcome,
      abort: () => {
        abort();
        rejectOutcome(new Error("aborted"));
      },
    };
  }

  private spawn(): Worker {
    // Bounded like profiling (thread-limits.server.ts): a step reading a file past the thread's heap or stack
    // loses its thread, which is not returned to the pool, and fails permanently (failure.ts); the process lives on.
    const worker = new Worker(tsxBootstrap(new URL("./step-work.worker.ts", import.meta.url)), { eval: true, resourceLimits: boundedThreadLimits() });
    worker.unref();
    this.ready.set(
      worker,
      new Promise<void>((resolve, reject) => {
        const onReady = (message: Inbound) => {
          if (message.type !== "ready") return;
          worker.off("message", onReady);
          resolve();
        };
        worker.on("message", onReady);
        worker.once("error", reject);
      }),
    );
    return worker;
  }

  /** Starts the threads ahead of the first step, so no step pays for loading the engine. */
  prewarm(): void {
    while (this.idle.length < this.size) this.idle.push(this.spawn());
  }

  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
  }
}

export function getStepWorkPool(): StepWorkPool {
  return singleton("stepWorkPool", () => new StepWorkPool(getEnv().WORKER_CONCURRENCY));
}
