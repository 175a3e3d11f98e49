import { describe, expect, it } from "vitest";
import { PROFILING_WAIT_MS, waitsForProfiling } from "~/modules/streams/runtime/failure";
import type { AttemptRecord, StepFailure } from "~/core/streams/runtime-types";

/**
 * A step whose input file is still being profiled waits for it instead of
 * spending its retries (the demo run failed on busy machines when profiling
 * outlasted three quick retries), but not forever, and only for that cause.
 */
const started = new Date("2026-12-07T10:00:00Z");
const attempts: AttemptRecord[] = [{ attempt: 1, idempotencyKey: "srun_1:1", startedAt: started.toISOString(), finishedAt: null, outcome: "running", durationMs: null }];
const profiling: StepFailure = { classification: "transient", code: "file_processing", message: "file 'file_1' is still being profiled" };

describe("waiting for a file being profiled", () => {
  it("waits while the step is young, whatever attempt it is on", () => {
    expect(waitsForProfiling(profiling, attempts, new Date(started.getTime() + 5_000))).toBe(true);
    expect(waitsForProfiling(profiling, attempts, new Date(started.getTime() + PROFILING_WAIT_MS - 1))).toBe(true);
  });

  it("stops waiting after the limit, leaving the step to its usual retries", () => {
    expect(waitsForProfiling(profiling, attempts, new Date(started.getTime() + PROFILING_WAIT_MS))).toBe(false);
  });

  it("does not wait for other transient failures", () => {
    expect(waitsForProfiling({ ...profiling, code: "storage_io" }, attempts, new Date(started.getTime() + 5_000))).toBe(false);
  });
});
