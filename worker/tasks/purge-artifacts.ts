import type { Task } from "graphile-worker";
import { z } from "zod";
import { purgeExpiredArtifacts } from "~/modules/streams/index.server";

const payloadSchema = z.object({}).passthrough();

/**
 * Hourly retention: deletes the bytes of artifacts past their stream's
 * retentionDays and marks them purged. Metadata, file rows and lineage stay.
 */
export const purgeArtifacts: Task = async (payload, helpers) => {
  payloadSchema.parse(payload ?? {});
  const { purged } = await purgeExpiredArtifacts(new Date());
  if (purged > 0) helpers.logger.info(`purged the bytes of ${purged} expired artifacts`);
};
