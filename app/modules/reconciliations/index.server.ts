export { startQuickRun } from "./quick-run.server";
export { createReconciliation, getReconciliation, listReconciliations, startReconciliation } from "./reconciliations.server";
export { summaryOf } from "./reconciliations.server";
export type { ReconciliationView } from "./reconciliations.server";
export { unmatchedGroups, type UnmatchedGroup } from "./unmatched-groups.server";
