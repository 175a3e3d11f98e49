import type { OrgContext } from "~/core/access";
import { NotFound } from "~/core/errors/domain-errors";
import { isFeatureEnabled } from "~/modules/tenancy/index.server";

/**
 * Streams roll out behind the per-org `streams` flag (plan §8). With it off,
 * every stream, run, artifact and trigger endpoint answers exactly as if the
 * resource did not exist, so an org that has not opted in sees no new
 * surface, and the classic reconciliation flow is untouched.
 */
export async function assertStreamsEnabled(ctx: OrgContext): Promise<void> {
  if (!(await isFeatureEnabled(ctx, "streams"))) throw new NotFound("resource");
}
