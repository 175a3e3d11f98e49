import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { getEnv } from "~/platform/env.server";
import { classifyFailure } from "~/modules/streams/runtime/failure";

/** The error a real thread dies with when it passes its heap limit. */
function threadOutOfMemoryError(): Promise<Error> {
  const worker = new Worker("const kept = []; for (;;) kept.push(new Array(1e5).fill(kept.length));", {
    eval: true,
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
  });
  return new Promise((resolve) => worker.once("error", resolve));
}

function stackOverflowError(): Error {
  const recurse = (depth: number): number => recurse(depth + 1) + 1;
  try {
    recurse(0);
  } catch (error) {
    return error as Error;
  }
  throw new Error("the recursion returned");
}

describe("failures at a thread's resource limits", () => {
  it("classifies a step thread that ran out of its heap as permanent, naming the setting", async () => {
    const error = await threadOutOfMemoryError();
    expect(classifyFailure(error)).toEqual({
      classification: "permanent",
      code: "resource_limit",
      message: `the step's work needed more than the ${getEnv().INGEST_THREAD_MEMORY_MB} MB of memory a reading thread may use (INGEST_THREAD_MEMORY_MB)`,
    });
  });

  it("classifies a stack overflow as permanent, not as a transient error to retry", () => {
    expect(classifyFailure(stackOverflowError())).toEqual({
      classification: "permanent",
      code: "resource_limit",
      message: `the step's work nested deeper than the ${getEnv().INGEST_THREAD_STACK_MB} MB stack a reading thread may use (INGEST_THREAD_STACK_MB)`,
    });
  });

  it("still classifies an unknown error as transient", () => {
    expect(classifyFailure(new Error("something else")).classification).toBe("transient");
  });
});
