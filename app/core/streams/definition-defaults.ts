/**
 * The definition's defaults and input kinds without its zod schemas: the
 * visual editor runs in the browser and needs these, not a validator
 * (definition.ts validates, on the server). It imports nothing from
 * definition.ts, which reads its defaults from here; the shapes below are
 * the schemas' own, written out.
 */
export const STEP_OUTPUT_KINDS = ["STEP_OUTPUT_UNMATCHED_SOURCE", "STEP_OUTPUT_UNMATCHED_TARGET", "STEP_OUTPUT_MATCHED"] as const;

/** Whether a step input reads another step's output (a StepOutputInput: the inputs that name a stepKey). */
export function isStepOutputInput<Input extends { kind: string }>(input: Input): input is Extract<Input, { stepKey: string }> {
  return (STEP_OUTPUT_KINDS as readonly string[]).includes(input.kind);
}

/** A step's retry policy when its definition gives none (the shape of stepRetryPolicySchema). */
export const DEFAULT_RETRY: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number } = { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 60_000 };
export const DEFAULT_STEP_TIMEOUT_MS = 30 * 60_000;
