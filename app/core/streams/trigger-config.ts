import { z } from "zod";
import { cronProblem, isIanaTimeZone } from "./schedule";

/**
 * What each kind of stream trigger is configured with. Stored in
 * stream_triggers.config; the webhook's secret lives encrypted beside it.
 */
export const MISSED_TICK_POLICIES = ["skip", "catch_up"] as const;

export const scheduleConfigSchema = z.strictObject({
  kind: z.literal("schedule"),
  /** Five-field cron, e.g. "0 6 * * 1-5". */
  cron: z
    .string()
    .min(9)
    .max(200)
    .superRefine((cron, issues) => {
      const problem = cronProblem(cron);
      if (problem) issues.addIssue({ code: "custom", message: problem });
    }),
  /** IANA time zone the cron expression is read in, e.g. "Europe/Berlin". */
  timeZone: z.string().min(1).max(64).default("UTC").refine(isIanaTimeZone, "is not an IANA time zone (e.g. Europe/Berlin)"),
  /** After downtime: skip missed ticks, or run them (at most catchUpMax, newest last). */
  missedPolicy: z.enum(MISSED_TICK_POLICIES).default("skip"),
  catchUpMax: z.number().int().min(1).max(100).default(3),
});

export const inboxConfigSchema = z.strictObject({
  kind: z.literal("inbox"),
  /** An inbox name, or a glob with * and ? (e.g. "stripe-*"). */
  inbox: z
    .string()
    .min(1)
    .max(200)
    .refine((inbox) => !inbox.includes("\u0000"), "must not contain the NUL character"),
  /** The run parameter that receives the uploaded file's id. */
  parameter: z.string().min(1).max(64),
});

export const webhookConfigSchema = z.strictObject({
  kind: z.literal("webhook"),
});

export const runCompletionConfigSchema = z.strictObject({
  kind: z.literal("run_completion"),
  upstreamStreamId: z.string().min(1).max(64),
  /** succeeded: only successful runs; any: every end state. */
  on: z.enum(["succeeded", "any"]).default("succeeded"),
});

export const triggerConfigSchema = z.discriminatedUnion("kind", [
  scheduleConfigSchema,
  inboxConfigSchema,
  webhookConfigSchema,
  runCompletionConfigSchema,
]);
export type TriggerConfig = z.infer<typeof triggerConfigSchema>;
