import { and, desc, eq, isNotNull, lt, or, type SQL } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { BadRequest } from "~/core/errors/domain-errors";
import { reconciliationRuns, reconciliationStepRuns, reconciliationStreams } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";

/**
 * The dead-letter list: step runs that failed for good (a permanent error,
 * or a transient one that used up its attempts) and wait for a person to
 * fix the cause and retry them. A dead letter is a failed step run whose
 * dead_lettered_at the executor set; a retry moves it out of `failed`, so it
 * leaves the list whatever happens to the timestamp.
 */
export interface DeadLetter {
  stepRun: typeof reconciliationStepRuns.$inferSelect;
  streamId: string;
  streamName: string;
}

export async function listDeadLetters(
  ctx: OrgContext,
  options: { limit: number; cursor?: string; streamId?: string },
): Promise<{ data: DeadLetter[]; nextCursor: string | null }> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const conditions: SQL[] = [
      eq(reconciliationStepRuns.orgId, ctx.orgId),
      isNotNull(reconciliationStepRuns.deadLetteredAt),
      eq(reconciliationStepRuns.state, "failed"),
    ];
    if (options.streamId) conditions.push(eq(reconciliationRuns.streamId, options.streamId));
    if (options.cursor) {
      const position = parsePosition(options.cursor);
      // Keyset on (dead_lettered_at, id), newest first: ties on the instant are broken by id.
      conditions.push(
        or(
          lt(reconciliationStepRuns.deadLetteredAt, position.deadLetteredAt),
          and(eq(reconciliationStepRuns.deadLetteredAt, position.deadLetteredAt), lt(reconciliationStepRuns.id, position.id)),
        )!,
      );
    }
    const rows = await tx
      .select({ stepRun: reconciliationStepRuns, streamId: reconciliationRuns.streamId, streamName: reconciliationStreams.name })
      .from(reconciliationStepRuns)
      .innerJoin(reconciliationRuns, eq(reconciliationRuns.id, reconciliationStepRuns.runId))
      .innerJoin(reconciliationStreams, eq(reconciliationStreams.id, reconciliationRuns.streamId))
      .where(and(...conditions))
      .orderBy(desc(reconciliationStepRuns.deadLetteredAt), desc(reconciliationStepRuns.id))
      .limit(options.limit + 1);
    const hasMore = rows.length > options.limit;
    const data = rows.slice(0, options.limit);
    const last = data.at(-1);
    return { data, nextCursor: hasMore && last ? formatPosition(last) : null };
  });
}

function formatPosition(deadLetter: DeadLetter): string {
  return `${deadLetter.stepRun.deadLetteredAt!.toISOString()}|${deadLetter.stepRun.id}`;
}

function parsePosition(position: string): { deadLetteredAt: Date; id: string } {
  const [instant, id] = position.split("|");
  const deadLetteredAt = new Date(instant ?? "");
  if (!id || Number.isNaN(deadLetteredAt.getTime())) {
    throw new BadRequest("cursor is not valid; pass nextCursor from a previous page unchanged", {
      errors: [{ parameter: "cursor", message: "not a cursor issued by this API" }],
    });
  }
  return { deadLetteredAt, id };
}

