import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { NotFound } from "~/core/errors/domain-errors";
import { streamTriggerFirings, streamTriggers } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { assertStreamsEnabled } from "../definition/feature.server";
import { findStream } from "./trigger-checks.server";
import type { StreamTrigger, TriggerFiring } from "./trigger-types";

export async function getTrigger(ctx: OrgContext, id: string): Promise<StreamTrigger> {
  await assertStreamsEnabled(ctx);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [trigger] = await tx.select().from(streamTriggers).where(and(eq(streamTriggers.orgId, ctx.orgId), eq(streamTriggers.id, id)));
    if (!trigger) throw new NotFound("trigger", id);
    return trigger;
  });
}

/** Newest first, keyset on the time-sortable id. */
export async function listTriggers(
  ctx: OrgContext,
  streamId: string,
  options: { limit: number; cursor?: string },
): Promise<{ data: StreamTrigger[]; nextCursor: string | null }> {
  await assertStreamsEnabled(ctx);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    if (!(await findStream(tx, ctx, streamId))) throw new NotFound("stream", streamId);
    const conditions: SQL[] = [eq(streamTriggers.orgId, ctx.orgId), eq(streamTriggers.streamId, streamId)];
    if (options.cursor) conditions.push(lt(streamTriggers.id, options.cursor));
    const rows = await tx
      .select()
      .from(streamTriggers)
      .where(and(...conditions))
      .orderBy(desc(streamTriggers.id))
      .limit(options.limit + 1);
    const hasMore = rows.length > options.limit;
    const data = rows.slice(0, options.limit);
    return { data, nextCursor: hasMore ? data.at(-1)!.id : null };
  });
}

/** A trigger's firings, newest first: every tick, file, delivery or upstream run it saw, and what came of it. */
export async function listTriggerFirings(
  ctx: OrgContext,
  triggerId: string,
  options: { limit: number; cursor?: string; outcome?: string },
): Promise<{ data: TriggerFiring[]; nextCursor: string | null }> {
  await assertStreamsEnabled(ctx);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [trigger] = await tx
      .select({ id: streamTriggers.id })
      .from(streamTriggers)
      .where(and(eq(streamTriggers.orgId, ctx.orgId), eq(streamTriggers.id, triggerId)));
    if (!trigger) throw new NotFound("trigger", triggerId);
    const conditions: SQL[] = [eq(streamTriggerFirings.orgId, ctx.orgId), eq(streamTriggerFirings.triggerId, triggerId)];
    if (options.cursor) conditions.push(lt(streamTriggerFirings.id, options.cursor));
    if (options.outcome) conditions.push(eq(streamTriggerFirings.outcome, options.outcome));
    const rows = await tx
      .select()
      .from(streamTriggerFirings)
      .where(and(...conditions))
      .orderBy(desc(streamTriggerFirings.id))
      .limit(options.limit + 1);
    const hasMore = rows.length > options.limit;
    const data = rows.slice(0, options.limit);
    return { data, nextCursor: hasMore ? data.at(-1)!.id : null };
  });
}
