import { and, asc, desc, eq, or, sql, type SQL } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { BadRequest, NotFound } from "~/core/errors/domain-errors";
import type { ExceptionRow } from "~/modules/exceptions/lifecycle/exception-state.server";
import type { Tx } from "~/platform/db/client";
import { exceptions } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { filterConditions, type ExceptionFilter } from "./filters.server";
import { withHumanMessages } from "./human-messages.server";
import { readSlaDays, type SlaDays } from "./sla.server";

/**
 * The exceptions list: filters, a sort, keyset pagination. Each sort has an
 * index (org_id, status, <key>, id) over current rows, so a filtered page is
 * an index range scan whatever the page depth; the cursor is the last row's
 * (key, id).
 *   created  newest first (id desc)           amount / -amount
 *   age      youngest first / -age oldest     severity / -severity (critical highest)
 * Exceptions without an amount come last in both amount orders: a reader
 * asking for the largest amounts first wants amounts, not blanks.
 */
export const EXCEPTION_SORTS = ["created", "-created", "amount", "-amount", "age", "-age", "severity", "-severity"] as const;
export type ExceptionSort = (typeof EXCEPTION_SORTS)[number];

interface SortSpec {
  column: typeof exceptions.amountMinor | typeof exceptions.firstSeenAt | typeof exceptions.severityRank | null;
  descending: boolean;
  read: (row: ExceptionRow) => number | string | null;
}

function sortSpecOf(sort: ExceptionSort): SortSpec {
  switch (sort) {
    case "created":
      return { column: null, descending: false, read: () => null };
    case "-created":
      return { column: null, descending: true, read: () => null };
    case "amount":
    case "-amount":
      return { column: exceptions.amountMinor, descending: sort === "-amount", read: (row) => row.amountMinor };
    // Age ascending is the most recently first seen first.
    case "age":
    case "-age":
      return { column: exceptions.firstSeenAt, descending: sort === "age", read: (row) => row.firstSeenAt.toISOString() };
    case "severity":
    case "-severity":
      return { column: exceptions.severityRank, descending: sort === "-severity", read: (row) => row.severityRank };
  }
}

interface Position {
  v: number | string | null;
  id: string;
}

function parsePosition(cursor: string): Position {
  try {
    const position = JSON.parse(cursor) as Position;
    if (typeof position.id === "string") return position;
  } catch {
    // fall through
  }
  throw new BadRequest("cursor is not valid for this list", { errors: [{ parameter: "cursor", message: "not a cursor issued by this list" }] });
}

/**
 * Rows after the cursor in (key, id) order, NULL keys (an exception with no
 * amount) last in either direction.
 */
function afterCursor(spec: SortSpec, position: Position): SQL {
  const id = position.id;
  if (!spec.column) return spec.descending ? sql`${exceptions.id} < ${id}` : sql`${exceptions.id} > ${id}`;
  const column = spec.column;
  // In the NULL block, which is last: only NULLs further along follow.
  if (position.v === null) return and(sql`${column} is null`, spec.descending ? sql`${exceptions.id} < ${id}` : sql`${exceptions.id} > ${id}`)!;
  // Times travel as ISO text; postgres-js would send a Date param untyped.
  const value = spec.column === exceptions.firstSeenAt ? sql`${position.v}::timestamptz` : sql`${position.v}`;
  return spec.descending
    ? or(sql`(${column}, ${exceptions.id}) < (${value}, ${id})`, sql`${column} is null`)!
    : or(sql`(${column}, ${exceptions.id}) > (${value}, ${id})`, sql`${column} is null`)!;
}

/**
 * The index keeps NULL amounts after every amount, where a descending scan
 * reads them first. So a descending amount page reads the rows with an
 * amount and those without as two ranges of the index, each in index order,
 * and merges them NULLs last: two short range reads, not a sort of the status.
 */
function rangesOf(spec: SortSpec, position: Position | null): SQL[][] {
  const column = spec.column;
  if (column !== exceptions.amountMinor || !spec.descending) return [position ? [afterCursor(spec, position)] : []];
  if (position?.v === null) return [[afterCursor(spec, position)]];
  const withAmount = [sql`${column} is not null`];
  if (position) withAmount.push(sql`(${column}, ${exceptions.id}) < (${position.v}, ${position.id})`);
  return [withAmount, [sql`${column} is null`]];
}

function orderOf(spec: SortSpec): SQL[] {
  const direction = spec.descending ? desc : asc;
  return spec.column ? [direction(spec.column), direction(exceptions.id)] : [direction(exceptions.id)];
}

export interface ExceptionPage {
  data: ExceptionRow[];
  nextCursor: string | null;
  sla: SlaDays;
}

/**
 * The page's query. One status is one index range. Several statuses (the
 * default view is open + in review) would be a scan and a sort of every row
 * in them, since the index orders within a status only; so each status reads
 * its own first `limit + 1` rows in index order and the union of those short
 * lists is sorted — the same rows in the same order, at the cost of one
 * range read per status.
 */
function pageQuery(tx: Tx, orgId: string, filter: ExceptionFilter, options: { limit: number; cursor?: string; sort: ExceptionSort; sla: SlaDays }) {
  const spec = sortSpecOf(options.sort);
  const position = options.cursor ? parsePosition(options.cursor) : null;
  const branch = (branchFilter: ExceptionFilter, range: SQL[]) =>
    tx
      .select()
      .from(exceptions)
      .where(and(...filterConditions(orgId, branchFilter, options.sla), ...range))
      .orderBy(...orderOf(spec))
      .limit(options.limit + 1);
  const statuses = filter.status ?? [];
  const statusFilters = statuses.length < 2 ? [filter] : statuses.map((status) => ({ ...filter, status: [status] }));
  const ranges = rangesOf(spec, position);
  const branches = statusFilters.flatMap((statusFilter) => ranges.map((range) => branch(statusFilter, range)));
  if (branches.length === 1) return branches[0]!;
  const [first, ...rest] = branches;
  let union = first!.$dynamic();
  for (const other of rest) union = union.unionAll(other).$dynamic();
  const merged = union.as("by_status");
  const direction = sql.raw(spec.descending ? "desc" : "asc");
  const column = spec.column ? merged[columnKeyOf(spec.column)] : null;
  const order = column ? [sql`${column} ${direction} nulls last`, sql`${merged.id} ${direction}`] : [sql`${merged.id} ${direction}`];
  return tx
    .select()
    .from(merged)
    .orderBy(...order)
    .limit(options.limit + 1);
}

function columnKeyOf(column: NonNullable<SortSpec["column"]>): "amountMinor" | "firstSeenAt" | "severityRank" {
  if (column === exceptions.amountMinor) return "amountMinor";
  if (column === exceptions.firstSeenAt) return "firstSeenAt";
  return "severityRank";
}

export async function selectExceptionPage(tx: Tx, orgId: string, filter: ExceptionFilter, options: { limit: number; cursor?: string; sort: ExceptionSort; sla: SlaDays }): Promise<{ data: ExceptionRow[]; nextCursor: string | null }> {
  const spec = sortSpecOf(options.sort);
  const rows: ExceptionRow[] = await pageQuery(tx, orgId, filter, options);
  const hasMore = rows.length > options.limit;
  const data = rows.slice(0, options.limit);
  const last = data.at(-1);
  return { data, nextCursor: hasMore && last ? JSON.stringify({ v: spec.read(last), id: last.id }) : null };
}

export async function listExceptions(ctx: OrgContext, filter: ExceptionFilter, options: { limit: number; cursor?: string; sort: ExceptionSort }): Promise<ExceptionPage> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const sla = await readSlaDays(tx, ctx.orgId);
    const page = await selectExceptionPage(tx, ctx.orgId, filter, { ...options, sla });
    return { data: await withHumanMessages(tx, ctx.orgId, page.data), nextCursor: page.nextCursor, sla };
  });
}

/** The main list query's plan, for the bench and for whoever tunes the indexes. */
export async function explainExceptionPage(ctx: OrgContext, filter: ExceptionFilter, options: { limit: number; sort: ExceptionSort }): Promise<string> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const sla = await readSlaDays(tx, ctx.orgId);
    const query = pageQuery(tx, ctx.orgId, filter, { ...options, sla }).toSQL();
    const rows = (await tx.execute(sql.raw(`explain (analyze, buffers) ${inlineParams(query.sql, query.params)}`))) as unknown as Array<Record<string, string>>;
    return rows.map((row) => Object.values(row)[0]).join("\n");
  });
}

function inlineParams(text: string, params: unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, index: string) => {
    const value = params[Number(index) - 1];
    if (typeof value === "number") return String(value);
    return `'${String(value).replace(/'/g, "''")}'`;
  });
}

export async function lockCurrentException(tx: Tx, orgId: string, id: string): Promise<ExceptionRow> {
  const [row] = await tx
    .select()
    .from(exceptions)
    .where(and(eq(exceptions.orgId, orgId), eq(exceptions.id, id)))
    .for("update");
  if (!row) throw new NotFound("exception", id);
  return row;
}
