export { carryForwardExceptions } from "./carry-forward.server";
export { getExceptionDetail, listExceptionEvents } from "./detail.server";
export { exportExceptionsCsv, exportExceptionsXlsx } from "./export.server";
export { listExceptions } from "./list.server";
export { createManualMatch, getManualMatch, serializeManualMatch, undoManualMatch } from "./manual-matches.server";
export { AGE_BUCKETS, ageBucketSql, dueAtSql, getSlaPolicy, readSlaDays, updateSlaPolicy } from "./sla.server";
export { exceptionStats } from "./stats.server";
export { bulkUpdateExceptions, commentOnException, updateException } from "./triage.server";
export type { BulkAction } from "./triage.server";
