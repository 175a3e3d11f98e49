export { suggestMappings } from "./mapping-suggestions.server";
export { PREVIEW_MAX_ROWS, assertDefinitionFitsFiles, previewDraftDefinition, previewRuleSet } from "./preview.server";
export { assertDefinitionIsConsistent, findDefinitionProblems } from "./definition-checks";
export { archiveRuleSet, createRuleSet, getRuleSet, getRuleSetVersion, listRuleSets, updateRuleSet } from "./rule-sets.server";
export type { RuleSetVersion, RuleSetWithLatestVersion } from "./rule-sets.server";
