export { checkpointAuditChain, getAuditEvent, listAuditEvents, listOrgIdsWithAudit, recordAudit, serializeAuditEvent, verifyAuditChain } from "./audit.server";
