import { systemActor, type OrgContext } from "~/core/access";
import { NormalizeDefinitionError } from "~/core/engine/normalize";
import { reconcile } from "~/core/engine/reconcile";
import type { EngineResult, ExceptionType } from "~/core/engine/types";
import type { RuleSetDefinition } from "~/core/engine/rule-set";
import type { StoredObject } from "~/platform/storage/index.server";
import { buildExceptionRecords } from "../exception-records";
import { exceptionPayload } from "./exceptions-payload";
import { classifyFailure } from "../failure";
import { loadPlannedInput, type InputPlan, type InputProvider } from "../input-resolver.server";
import { inputMappingFailure } from "./input-mapping-failure";
import type { ResolvedInput, StepFailure } from "~/core/streams/runtime-types";
import { writeArtifacts, type PreparedArtifact } from "./step-artifacts";

/**
 * The heavy part of a step attempt — read both inputs, run the engine, build
 * the exception records, write the artifacts — with no database. It runs
 * in a worker thread (step-work-pool.server.ts) so a large step never
 * blocks the worker's event loop, other steps run on other cores, and a
 * cancelled step can be stopped at once by terminating its thread.
 * Between phases it asks the orchestrating thread whether to go on.
 */
export interface StepWorkJob {
  orgId: string;
  runId: string;
  stepKey: string;
  /** For failure messages a person reads. */
  stepName: string;
  definition: RuleSetDefinition;
  plans: { source: InputPlan; target: InputPlan };
  forwarded: { source: boolean; target: boolean };
  writeMatched: boolean;
}

export interface StepWorkResult {
  resolved: { source: ResolvedInput; target: ResolvedInput };
  summary: EngineResult["summary"];
  matches: number;
  issues: { source: number; target: number };
  exceptionCount: number;
  exceptionsByType: Partial<Record<ExceptionType, number>>;
  forwarded: number;
  excluded: number;
  artifacts: PreparedArtifact[];
  timings: { resolveMs: number; engineMs: number; writeMs: number };
}

export type StepWorkOutcome = { ok: true; result: StepWorkResult } | { ok: false; failure: StepFailure; stored: StoredObject[] };

export type StepWorkPhase = "resolved" | "matched";

/**
 * Asks the orchestrating thread whether to go on. After matching it also
 * hands over the exceptions as JSON batches for the commit's
 * jsonb_to_recordset insert (exceptions-payload.ts), so the commit can
 * insert them while this thread is still writing the artifacts.
 */
export type ProceedCheck = {
  (phase: "resolved"): Promise<void>;
  (phase: "matched", exceptionBatches: string[]): Promise<void>;
};

export async function performStepWork(job: StepWorkJob, proceed: ProceedCheck): Promise<StepWorkOutcome> {
  const ctx: OrgContext = { orgId: job.orgId, actor: systemActor("worker:run_step") };
  const stored: StoredObject[] = [];
  try {
    let mark = performance.now();
    const source = await loadPlannedInput(ctx, job.plans.source);
    const target = await loadPlannedInput(ctx, job.plans.target);
    const resolveMs = performance.now() - mark;
    await proceed("resolved");

    mark = performance.now();
    const output = reconcileNamingInputs(job, source, target);
    const records = buildExceptionRecords(output.result, { stepKey: job.stepKey, definition: job.definition, source: output.source, target: output.target, forwarded: job.forwarded });
    const { exceptionBatches, ...exceptionCounts } = exceptionPayload(records.records);
    const engineMs = performance.now() - mark;
    await proceed("matched", exceptionBatches);

    mark = performance.now();
    const artifacts = await writeArtifacts({ runId: job.runId, stepKey: job.stepKey, definition: job.definition, writeMatched: job.writeMatched }, output, records.records, stored);
    const writeMs = performance.now() - mark;
    return {
      ok: true,
      result: {
        resolved: { source: source.resolved, target: target.resolved },
        summary: output.result.summary,
        matches: output.result.matchTable.count,
        issues: { source: output.issues.source.length, target: output.issues.target.length },
        ...exceptionCounts,
        forwarded: records.forwarded,
        excluded: records.excluded,
        artifacts,
        timings: { resolveMs, engineMs, writeMs },
      },
    };
  } catch (error) {
    return { ok: false, failure: classifyFailure(error), stored };
  }
}

/** A mapping that does not fit its input's columns fails the step naming the step, the input, the file and the columns. */
function reconcileNamingInputs(job: StepWorkJob, source: InputProvider, target: InputProvider) {
  try {
    return reconcile({ source: source.table, target: target.table, definition: job.definition });
  } catch (error) {
    if (error instanceof NormalizeDefinitionError) throw inputMappingFailure(error, { stepKey: job.stepKey, stepName: job.stepName, definition: job.definition, inputs: { source, target } });
    throw error;
  }
}
