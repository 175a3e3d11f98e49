export { checkpointAuditChain, getAuditEvent, listAuditEvents, listOrgIdsWithAudit, recordAudit, verifyAuditChain } from "./audit.server";
export type { AuditRow } from "./audit.server";
