import type { ResourceLimits } from "node:worker_threads";
import { getEnv } from "~/platform/env.server";

/**
 * The resources one thread reading untrusted input may use. A thread past
 * its heap is stopped by V8 with ERR_WORKER_OUT_OF_MEMORY and a stack past
 * its size throws RangeError in that thread: either way the worker process,
 * and every other org's job in it, carries on. The young generation is large
 * so that a batch's short-lived field strings die young (see
 * app/platform/threads/read-delimited-in-thread.server.ts).
 */
export const YOUNG_GENERATION_MB = 64;

export function boundedThreadLimits(): ResourceLimits {
  const env = getEnv();
  return {
    maxOldGenerationSizeMb: env.INGEST_THREAD_MEMORY_MB,
    maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
    stackSizeMb: env.INGEST_THREAD_STACK_MB,
  };
}

export type ResourceLimitKind = "memory" | "stack";

/** Whether an error is a thread running out of its memory or stack: the same input would do it again, so it is permanent. */
export function resourceLimitOf(error: unknown): ResourceLimitKind | null {
  const detail = error as { code?: unknown; name?: unknown; message?: unknown } | null;
  if (detail?.code === "ERR_WORKER_OUT_OF_MEMORY") return "memory";
  if (detail?.name === "RangeError" && typeof detail.message === "string" && detail.message.includes("Maximum call stack size exceeded")) return "stack";
  return null;
}

/** What to tell the user about a thread stopped at a resource limit, naming the setting to raise. `work` says what the thread was doing. */
export function describeResourceLimit(kind: ResourceLimitKind, work = "reading the file"): string {
  const env = getEnv();
  return kind === "memory"
    ? `${work} needed more than the ${env.INGEST_THREAD_MEMORY_MB} MB of memory a reading thread may use (INGEST_THREAD_MEMORY_MB)`
    : `${work} nested deeper than the ${env.INGEST_THREAD_STACK_MB} MB stack a reading thread may use (INGEST_THREAD_STACK_MB)`;
}

/** Starts a thread on a TypeScript entry: worker threads do not inherit tsx's loader under Node 20, so it is registered first. */
export function tsxBootstrap(entry: URL): string {
  return `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
}
