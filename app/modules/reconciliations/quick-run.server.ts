import type { OrgContext } from "~/core/access";
import { DomainError, ValidationFailed } from "~/core/errors/domain-errors";
import type { RuleSetDefinition } from "~/core/engine/rule-set";
import { loadReadyFile, type ReadyFile } from "~/modules/files/index.server";
import { createReconciliation, startReconciliation, type ReconciliationView } from "./reconciliations.server";
import { assertDefinitionFitsFiles } from "~/modules/rule-sets/index.server";
import { assertDefinitionIsConsistent, createRuleSet } from "~/modules/rule-sets/index.server";

/**
 * Quick Run: the classic single reconciliation from two files and a draft
 * definition, in one step. It stores the draft as a rule set (so the run
 * points at a versioned definition, as every run does) and then creates and
 * starts the reconciliation through the same services as
 * POST /api/v1/reconciliations and …/start.
 *
 * Everything that can be checked is checked before anything is written, so a
 * draft that does not fit the files leaves no stray rule set behind.
 */
export interface QuickRunInput {
  name: string;
  sourceFileId: string;
  targetFileId: string;
  definition: RuleSetDefinition;
}

export async function startQuickRun(ctx: OrgContext, input: QuickRunInput): Promise<ReconciliationView> {
  const files = await loadFilesForRun(ctx, input);
  assertDefinitionIsConsistent(input.definition);
  assertDefinitionFitsFiles(input.definition, files.source.profile, files.target.profile);

  const name = input.name.trim();
  const { ruleSet } = await createRuleSet(ctx, {
    name: `${name} (Quick Run)`.slice(0, 200),
    description: `Saved by Quick Run for ${files.source.file.name} vs ${files.target.file.name}.`,
    definition: input.definition,
  });
  const created = await createReconciliation(ctx, { name, sourceFileId: input.sourceFileId, targetFileId: input.targetFileId, ruleSetId: ruleSet.id });
  return startReconciliation(ctx, created.reconciliation.id);
}

/** A file problem is reported at the side it belongs to, so a form can show it next to that picker. */
async function loadFilesForRun(ctx: OrgContext, input: QuickRunInput): Promise<{ source: ReadyFile; target: ReadyFile }> {
  if (input.sourceFileId === input.targetFileId) {
    throw new ValidationFailed("Choose two different files", { errors: [{ pointer: "/targetFileId", message: "is the same file as the source" }] });
  }
  return { source: await loadSide(ctx, "source", input.sourceFileId), target: await loadSide(ctx, "target", input.targetFileId) };
}

async function loadSide(ctx: OrgContext, side: "source" | "target", fileId: string): Promise<ReadyFile> {
  try {
    return await loadReadyFile(ctx, fileId);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // Another org's file is "not found" here too; the status stays the form's 422, never a hint that the id exists.
    throw new ValidationFailed(error.message, { errors: [{ pointer: `/${side}FileId`, message: error.message }, ...error.errors] });
  }
}
