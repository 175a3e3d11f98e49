import { purgeExpiredArtifacts } from "~/modules/streams/index.server";
import type { JobHandler } from "./job-handler";

/**
 * Hourly retention: deletes the bytes of artifacts past their stream's
 * retentionDays and marks them purged. Metadata, file rows and lineage stay.
 */
export const purgeArtifacts: JobHandler<"purge_artifacts"> = async (_payload, helpers) => {
  const { purged } = await purgeExpiredArtifacts(new Date());
  if (purged > 0) helpers.logger.info(`purged the bytes of ${purged} expired artifacts`);
};
