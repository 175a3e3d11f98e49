import type { Task } from "graphile-worker";
import { z } from "zod";
import { checkpointAuditChain, listOrgIdsWithAudit } from "~/modules/audit/index.server";

const payloadSchema = z.object({ orgId: z.string().min(1).optional() }).passthrough();

/**
 * Fired by cron every minute: anchors each org's audit chain head in a signed
 * checkpoint outside the database once it has grown (after every new event,
 * within a minute). A chain that no longer verifies gets no new checkpoint —
 * the old one keeps pointing at what was there — and is logged as an error.
 */
export const auditCheckpoint: Task = async (payload, helpers) => {
  const { orgId } = payloadSchema.parse(payload ?? {});
  const orgIds = orgId ? [orgId] : await listOrgIdsWithAudit();
  for (const id of orgIds) {
    const { written, verification } = await checkpointAuditChain(id);
    if (!verification.ok) {
      helpers.logger.error(`audit chain of ${id} does not verify, not checkpointed: ${JSON.stringify(verification.firstBreak)}`);
    } else if (written) {
      helpers.logger.debug(`audit chain of ${id} checkpointed at ${verification.events} events`);
    }
  }
};
