import { Worker } from "node:worker_threads";
import { getEnv } from "~/platform/env.server";
import { boundedThreadLimits, describeResourceLimit, resourceLimitOf, tsxBootstrap } from "~/platform/threads/thread-limits.server";
import { singleton } from "~/platform/db/singleton";
import type { ProfilingOutcome } from "./profiling-outcome.server";
import type { UploadedFile } from "./repository.server";

/**
 * Runs computeProfilingOutcome for one file on a thread with a heap, a stack
 * and a time budget (INGEST_THREAD_MEMORY_MB, INGEST_THREAD_STACK_MB,
 * INGEST_PROFILE_TIMEOUT_MS). A file that needs more than that is a failed
 * file, located and permanent; the worker process, which runs other orgs'
 * jobs, never dies of it.
 *
 * The thread is given the file row and computes the whole outcome there, so
 * whatever computeProfilingOutcome reads a file with (the ingest readers, or
 * a format adapter) runs within the same bounds.
 *
 * Threads are kept for the next file: loading the services into a thread
 * took seconds of a busy machine's time, more than most files' profiling. A
 * thread stopped at a limit or by the time budget is not reused.
 */
export class ProfilingLimitReached extends Error {
  override readonly name = "ProfilingLimitReached";
}

interface ThreadMessage {
  outcome?: ProfilingOutcome;
  error?: { name: string; message: string; code?: unknown; stack?: string };
}

class ProfileThreadPool {
  private readonly idle: Worker[] = [];

  constructor(private readonly size: number) {}

  run(file: UploadedFile): Promise<ProfilingOutcome> {
    const worker = this.idle.pop() ?? this.spawn();
    const timeoutMs = getEnv().INGEST_PROFILE_TIMEOUT_MS;
    return new Promise<ProfilingOutcome>((resolve, reject) => {
      const finish = (reuse: boolean, settle: () => void) => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
        if (reuse && this.idle.length < this.size) this.idle.push(worker);
        else void worker.terminate();
        settle();
      };
      const onMessage = (message: ThreadMessage) => {
        if (message.outcome) return finish(true, () => resolve(message.outcome!));
        const error = Object.assign(new Error(message.error?.message ?? "profiling failed"), message.error);
        const limit = resourceLimitOf(error);
        finish(limit === null, () => reject(limit ? new ProfilingLimitReached(describeResourceLimit(limit)) : error));
      };
      const onError = (error: Error) => {
        const limit = resourceLimitOf(error);
        finish(false, () => reject(limit ? new ProfilingLimitReached(describeResourceLimit(limit)) : error));
      };
      const onExit = (code: number) => finish(false, () => reject(new Error(`the profiling thread exited with code ${code} before it answered`)));
      const timer = setTimeout(() => {
        finish(false, () => reject(new ProfilingLimitReached(`profiling took longer than the ${formatDuration(timeoutMs)} it may take (INGEST_PROFILE_TIMEOUT_MS)`)));
      }, timeoutMs);
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      worker.postMessage({ file });
    });
  }

  /** Starts a thread ahead of the first file, so no upload waits for the services to load. */
  prewarm(): void {
    if (this.idle.length === 0) this.idle.push(this.spawn());
  }

  private spawn(): Worker {
    const worker = new Worker(tsxBootstrap(new URL("./profile-thread.worker.ts", import.meta.url)), { eval: true, resourceLimits: boundedThreadLimits() });
    worker.unref();
    // An idle thread that dies (it should not) must not be handed the next file.
    worker.once("exit", () => {
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
    });
    return worker;
  }
}

export function getProfileThreadPool(): ProfileThreadPool {
  return singleton("profileThreadPool", () => new ProfileThreadPool(getEnv().WORKER_CONCURRENCY));
}

export function profileInBoundedThread(file: UploadedFile): Promise<ProfilingOutcome> {
  return getProfileThreadPool().run(file);
}

function formatDuration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}
