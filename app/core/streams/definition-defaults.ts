import type { StepInput, StepOutputInput, StepRetryPolicy } from "./definition";

/**
 * The definition's defaults and input kinds without its zod schemas: the
 * visual editor runs in the browser and needs these, not a validator
 * (definition.ts validates, on the server).
 */
export const STEP_OUTPUT_KINDS = ["STEP_OUTPUT_UNMATCHED_SOURCE", "STEP_OUTPUT_UNMATCHED_TARGET", "STEP_OUTPUT_MATCHED"] as const;

export function isStepOutputInput(input: StepInput): input is StepOutputInput {
  return (STEP_OUTPUT_KINDS as readonly string[]).includes(input.kind);
}

export const DEFAULT_RETRY: StepRetryPolicy = { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 60_000 };
export const DEFAULT_STEP_TIMEOUT_MS = 30 * 60_000;
