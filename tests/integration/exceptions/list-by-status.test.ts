import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { EXCEPTION_SORTS, listExceptions, type ExceptionSort } from "~/modules/exceptions/list.server";
import { getDb } from "~/platform/db/client";
import { exceptions } from "~/platform/db/schema";
import { createTestOrg, type TestOrg } from "../../support/factories";
import { insertStreamRun } from "../../support/stream-rows";
import { insertExceptions } from "./exception-rows";

/**
 * The default view asks for two statuses at once (open and in review). The
 * list reads each status's index range on its own and merges them; these
 * pages must be exactly the pages one plain query over both statuses would
 * give, for every sort, across cursors, with NULL amounts and tied keys.
 */
let org: TestOrg;
const STATUSES = ["open", "in_review"];

beforeAll(async () => {
  org = await createTestOrg();
  const run = await insertStreamRun(org, { steps: [{ key: "orders" }] });
  const severities = ["low", "medium", "high", "critical"];
  const specs = Array.from({ length: 60 }, (_, index) => ({
    severity: severities[index % 4]!,
    // Every seventh without an amount, and many ties, so NULL placement and the id tiebreak both matter.
    amountMinor: index % 7 === 0 ? null : (index % 5) * 1000,
    firstSeenAt: new Date(Date.UTC(2026, 10, 1 + (index % 9))),
  }));
  const ids = await insertExceptions(org.orgId, run, specs);
  const statusOf = ["open", "in_review", "open", "resolved", "ignored", "in_review"];
  for (const [index, id] of ids.entries()) {
    await getDb().update(exceptions).set({ status: statusOf[index % statusOf.length] as never }).where(eq(exceptions.id, id));
  }
});

/** What one query over both statuses returns, in the database's own order. */
async function referenceOrder(sort: ExceptionSort): Promise<string[]> {
  const descending = sort.startsWith("-");
  const direction = descending ? desc : asc;
  const key = sort.replace("-", "");
  const column = key === "amount" ? exceptions.amountMinor : key === "severity" ? exceptions.severityRank : key === "age" ? exceptions.firstSeenAt : null;
  // Age ascending is youngest first, i.e. first seen latest.
  // Exceptions without an amount last in both amount orders.
  const amountOrder = descending ? sql`${exceptions.amountMinor} desc nulls last` : sql`${exceptions.amountMinor} asc nulls last`;
  const keyOrder = key === "amount" ? amountOrder : key === "age" ? (descending ? asc(column!) : desc(column!)) : direction(column!);
  const order: SQL[] = column ? [keyOrder, key === "age" ? (descending ? asc(exceptions.id) : desc(exceptions.id)) : direction(exceptions.id)] : [direction(exceptions.id)];
  const rows = await getDb()
    .select({ id: exceptions.id })
    .from(exceptions)
    .where(and(eq(exceptions.orgId, org.orgId), inArray(exceptions.status, STATUSES as never[]), isNull(exceptions.supersededById)))
    .orderBy(...order);
  return rows.map((row) => row.id);
}

describe("a list over several statuses", () => {
  for (const sort of EXCEPTION_SORTS) {
    it(`pages in exactly the order of one query over both statuses, sorted ${sort}`, async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const result = await listExceptions(org.ownerCtx, { status: STATUSES }, { limit: 7, cursor, sort });
        expect(result.data.every((row) => STATUSES.includes(row.status))).toBe(true);
        expect(result.data.every((row) => row.firstSeenAt instanceof Date)).toBe(true);
        seen.push(...result.data.map((row) => row.id));
        if (!result.nextCursor) break;
        cursor = result.nextCursor;
      }
      expect(seen).toEqual(await referenceOrder(sort));
      // 60 rows, statuses cycling open, in_review, open, resolved, ignored, in_review: 40 are open or in review.
      expect(seen).toHaveLength(40);
    });
  }
});
