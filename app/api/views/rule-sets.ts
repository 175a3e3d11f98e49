import type { z } from "~/api/zod";
import type { RuleSetSchema, RuleSetVersionSchema } from "~/api/contracts/rule-sets";
import type { RuleSetVersion, RuleSetWithLatestVersion } from "~/modules/rule-sets/index.server";

export function serializeRuleSet({ ruleSet, latestVersion }: RuleSetWithLatestVersion): z.input<typeof RuleSetSchema> {
  return {
    id: ruleSet.id,
    object: "rule_set" as const,
    name: ruleSet.name,
    description: ruleSet.description,
    status: ruleSet.status,
    latestVersion: ruleSet.latestVersion,
    createdAt: ruleSet.createdAt.toISOString(),
    updatedAt: ruleSet.updatedAt.toISOString(),
    archivedAt: ruleSet.archivedAt?.toISOString() ?? null,
    definition: latestVersion.definition,
    definitionSha256: latestVersion.definitionSha256,
  };
}

export function serializeRuleSetVersion(version: RuleSetVersion): z.input<typeof RuleSetVersionSchema> {
  return {
    id: version.id,
    object: "rule_set_version" as const,
    ruleSetId: version.ruleSetId,
    version: version.version,
    definition: version.definition,
    definitionSha256: version.definitionSha256,
    createdAt: version.createdAt.toISOString(),
    createdBy: version.createdBy,
  };
}
