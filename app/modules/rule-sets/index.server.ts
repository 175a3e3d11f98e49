export { suggestMappings } from "./mapping-suggestions.server";
export { PREVIEW_MAX_ROWS, assertDefinitionFitsFiles, previewDraftDefinition, previewRuleSet } from "./preview.server";
export { archiveRuleSet, assertDefinitionIsConsistent, createRuleSet, findDefinitionProblems, getRuleSet, getRuleSetVersion, listRuleSets, serializeRuleSet, serializeRuleSetVersion, updateRuleSet } from "./rule-sets.server";
