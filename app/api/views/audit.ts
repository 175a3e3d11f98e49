import type { z } from "~/api/zod";
import type { AuditEventSchema } from "~/api/contracts/audit";
import type { AuditRow } from "~/modules/audit/index.server";

export function serializeAuditEvent(event: AuditRow): z.input<typeof AuditEventSchema> {
  return {
    id: event.id,
    object: "audit_event" as const,
    seq: event.seq,
    actor: { type: event.actorType, id: event.actorId, label: event.actorLabel },
    action: event.action,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    requestId: event.requestId,
    changes: event.changes,
    createdAt: event.createdAt.toISOString(),
    prevHash: event.prevHash,
    hash: event.hash,
  };
}
