import type { OrgContext } from "~/core/access";
import type { RuleSetDefinition } from "~/core/engine/rule-set";
import { NotFound } from "~/core/errors/domain-errors";
import type { StreamDefinition } from "~/core/streams/definition";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { parameterReaders, type ParameterReader } from "./input-fit";
import { resolveStepRuleSetVersion } from "./streams.server";

/**
 * The steps reading each run parameter with the columns their rule sets map
 * (each step's pinned version, else the latest): what the Run dialog judges
 * files by. A step whose rule set is gone reads no known columns; validation
 * reports it.
 */
export async function loadParameterReaders(ctx: OrgContext, definition: StreamDefinition): Promise<ParameterReader[]> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const rules = new Map<string, RuleSetDefinition | null>();
    for (const step of definition.steps) {
      try {
        rules.set(step.key, (await resolveStepRuleSetVersion(tx, ctx, step)).version.definition);
      } catch (error) {
        if (!(error instanceof NotFound)) throw error;
        rules.set(step.key, null);
      }
    }
    return parameterReaders(definition, (stepKey) => rules.get(stepKey) ?? null);
  });
}
