export interface AuditEventRow {
  id: string;
  seq: number;
  createdAt: string;
  actorType: string;
  actorLabel: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  requestId: string | null;
}

export interface AuditFilters {
  actionPrefix?: string;
  resourceType?: string;
  resourceId?: string;
}

export interface AuditLogData {
  filters: AuditFilters;
  isFirstPage: boolean;
  nextCursor: string | null;
  events: AuditEventRow[];
}

/** What "Verify the chain" returns. */
export interface ChainVerificationResult {
  verifiedAt: string;
  ok: boolean;
  events: number;
  firstBreak: { orgId: string; eventId: string; seq: number; reason: string } | null;
}
