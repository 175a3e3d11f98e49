import { and, asc, eq } from "drizzle-orm";
import type { Tx } from "~/platform/db/client";
import { enqueue } from "~/platform/jobs";
import { reconciliationRuns, reconciliationStepRuns, reconciliationSteps, reconciliationStreamVersions } from "~/platform/db/schema";
import type { StreamSettings } from "~/core/streams/definition";
import type { RunMetrics, StepMetrics } from "~/core/streams/runtime-types";
import { port } from "./ports";
import { runStateMachine, transitionRun, type Run, type RunState } from "./state/run-state.server";
import { transitionStepRun, type StepRun, type StepRunState } from "./state/step-run-state.server";

/**
 * The orchestrator: given a run's step states, decides what happens next.
 * It runs inside the transaction that changed a step's state (or started or
 * cancelled the run), with the run row locked, so concurrent step
 * completions of one run are serialised and every decision is made on the
 * committed state. Jobs it queues commit with it, or not at all.
 *
 * - A pending step whose dependencies all succeeded is queued.
 * - A pending step with a failed, skipped or cancelled dependency is skipped.
 * - A failure under STOP_ON_FAILURE (or of a critical step) stops the run:
 *   steps not yet started are skipped; running ones finish.
 * - A cancelling run cancels what has not started; running steps stop at
 *   their next checkpoint.
 * - When every step has ended, the run ends: succeeded, failed,
 *   partially_succeeded (a non-critical failure under
 *   CONTINUE_ON_NONCRITICAL) or cancelled.
 */
const ENDED: ReadonlySet<StepRunState> = new Set(["succeeded", "failed", "skipped", "cancelled"]);
const UNSTARTED: readonly StepRunState[] = ["pending", "queued"];

export async function lockRun(tx: Tx, orgId: string, runId: string): Promise<Run | null> {
  const [run] = await tx
    .select()
    .from(reconciliationRuns)
    .where(and(eq(reconciliationRuns.orgId, orgId), eq(reconciliationRuns.id, runId)))
    .for("update");
  return run ?? null;
}

export async function advanceRun(tx: Tx, orgId: string, runId: string): Promise<Run> {
  let run = (await lockRun(tx, orgId, runId))!;
  if (runStateMachine.terminal.has(run.state)) return run;
  const [version] = await tx
    .select({ settings: reconciliationStreamVersions.settings })
    .from(reconciliationStreamVersions)
    .where(and(eq(reconciliationStreamVersions.orgId, orgId), eq(reconciliationStreamVersions.id, run.streamVersionId)));
  const settings = version!.settings as StreamSettings;
  const rows = await tx
    .select({ stepRun: reconciliationStepRuns, critical: reconciliationSteps.critical, dependsOn: reconciliationSteps.dependsOn })
    .from(reconciliationStepRuns)
    .innerJoin(reconciliationSteps, eq(reconciliationSteps.id, reconciliationStepRuns.stepId))
    .where(and(eq(reconciliationStepRuns.orgId, orgId), eq(reconciliationStepRuns.runId, runId)))
    .orderBy(asc(reconciliationStepRuns.position));
  const steps = rows.map((row) => ({ ...row.stepRun, critical: row.critical, dependsOn: row.dependsOn }));
  const byKey = new Map(steps.map((step) => [step.stepKey, step]));
  const now = new Date();

  if (run.state === "queued") run = (await transitionRun(tx, orgId, runId, "queued", "running", { startedAt: now }))!;

  if (run.state === "cancelling") {
    for (const step of steps) {
      if (UNSTARTED.includes(step.state) || step.state === "retrying") {
        await transitionStepRun(tx, orgId, step.id, step.state, "cancelled", { finishedAt: now, nextAttemptAt: null });
        step.state = "cancelled";
      }
    }
  } else {
    const stopping = steps.some((step) => step.state === "failed" && (settings.failurePolicy === "STOP_ON_FAILURE" || step.critical));
    // Decide in definition order, so a chain of pending steps settles in one pass.
    for (const step of steps) {
      if (!UNSTARTED.includes(step.state)) continue;
      const upstream = step.dependsOn.map((key) => byKey.get(key)!);
      const blocked = upstream.some((dependency) => dependency.state === "failed" || dependency.state === "skipped" || dependency.state === "cancelled");
      if (stopping || blocked) {
        await transitionStepRun(tx, orgId, step.id, step.state, "skipped", { finishedAt: now });
        step.state = "skipped";
        continue;
      }
      if (step.state === "pending" && upstream.every((dependency) => dependency.state === "succeeded")) {
        await transitionStepRun(tx, orgId, step.id, "pending", "queued");
        step.state = "queued";
        await enqueueStepRun(tx, step.id, null);
      }
    }
  }

  if (!steps.every((step) => ENDED.has(step.state))) return run;
  const outcome = runOutcome(run.state, steps, settings);
  const ended = await transitionRun(tx, orgId, runId, run.state, outcome, { finishedAt: now, metrics: runMetrics(steps, run, now) });
  await port("runEvents").runEnded(tx, ended!);
  return ended!;
}

function runOutcome(state: RunState, steps: Array<StepRun & { critical: boolean }>, settings: StreamSettings): RunState {
  if (state === "cancelling") return "cancelled";
  const failed = steps.filter((step) => step.state === "failed");
  if (failed.length === 0) return "succeeded";
  if (settings.failurePolicy === "CONTINUE_ON_NONCRITICAL" && failed.every((step) => !step.critical)) return "partially_succeeded";
  return "failed";
}

function runMetrics(steps: StepRun[], run: Run, now: Date): RunMetrics {
  const metrics: RunMetrics = { steps: steps.length, stepsByState: {}, matches: 0, exceptions: 0, exceptionsByType: {}, durationMs: null, attempts: 0 };
  for (const step of steps) {
    metrics.stepsByState[step.state] = (metrics.stepsByState[step.state] ?? 0) + 1;
    metrics.attempts += step.attempt;
    const stepMetrics = step.metrics as StepMetrics | null;
    if (!stepMetrics) continue;
    metrics.matches += stepMetrics.matches;
    metrics.exceptions += stepMetrics.exceptions;
    for (const [type, count] of Object.entries(stepMetrics.exceptionsByType)) {
      metrics.exceptionsByType[type as keyof RunMetrics["exceptionsByType"]] = (metrics.exceptionsByType[type as keyof RunMetrics["exceptionsByType"]] ?? 0) + (count ?? 0);
    }
  }
  metrics.durationMs = run.startedAt ? now.getTime() - run.startedAt.getTime() : null;
  return metrics;
}

/**
 * Queues the step's job in the caller's transaction. The job key makes a
 * duplicate enqueue replace a pending job rather than add a second; the step
 * executor's guarded claim makes a duplicate delivery a no-op anyway.
 */
export async function enqueueStepRun(tx: Tx, stepRunId: string, runAt: Date | null): Promise<void> {
  await enqueue(tx, "run_step", { stepRunId }, { jobKey: `run_step:${stepRunId}`, runAt });
}
