import { checkpointAuditChain, listOrgIdsWithAudit } from "~/modules/audit/index.server";
import type { JobHandler } from "./job-handler";

/**
 * Fired by cron every minute: anchors each org's audit chain head in a signed
 * checkpoint outside the database once it has grown (after every new event,
 * within a minute). A chain that no longer verifies gets no new checkpoint —
 * the old one keeps pointing at what was there — and is logged as an error.
 */
export const auditCheckpoint: JobHandler<"audit_checkpoint"> = async ({ orgId }, helpers) => {
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
