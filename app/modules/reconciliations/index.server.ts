export { getQuickRunResults, startQuickRun } from "./quick-run.server";
export { createReconciliation, getReconciliation, listReconciliations, serializeReconciliation, startReconciliation } from "./reconciliations.server";
