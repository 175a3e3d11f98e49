import { sql } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { inOrgTransaction } from "~/platform/db/tenancy";

/**
 * What the grid's stream, run and step filters offer: only streams and runs
 * that raised exceptions (demo, Quick Run and template streams included, so
 * they can be told apart), newest runs first. Each list is one short index
 * probe per stream or run (EXISTS on exceptions_stream_idx / _run_idx), never
 * a scan of the exceptions themselves.
 */
export interface ExceptionFilterChoices {
  /** The chosen stream, or the chosen run's when a link names only a run (a run page's "exceptions" link). */
  streamId: string | null;
  streams: Array<{ id: string; name: string }>;
  runs: Array<{ id: string; startedAt: string }>;
  steps: string[];
  fileName: string | null;
}

const RUN_CHOICES = 50;

export async function exceptionFilterChoices(ctx: OrgContext, selected: { streamId?: string; streamRunId?: string; fileId?: string }): Promise<ExceptionFilterChoices> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    let streamId = selected.streamId ?? null;
    if (!streamId && selected.streamRunId) {
      const [run] = (await tx.execute(sql`select stream_id from reconciliation_runs where org_id = ${ctx.orgId} and id = ${selected.streamRunId}`)) as unknown as Array<{ stream_id: string }>;
      streamId = run?.stream_id ?? null;
    }
    const streams = (await tx.execute(sql`
      select s.id, s.name from reconciliation_streams s
      where s.org_id = ${ctx.orgId} and exists (select 1 from exceptions e where e.org_id = s.org_id and e.stream_id = s.id)
      order by lower(s.name), s.id`)) as unknown as Array<{ id: string; name: string }>;
    let runs: ExceptionFilterChoices["runs"] = [];
    let steps: string[] = [];
    if (streamId) {
      const runRows = (await tx.execute(sql`
        select r.id, coalesce(r.started_at, r.created_at) as started_at from reconciliation_runs r
        where r.org_id = ${ctx.orgId} and r.stream_id = ${streamId}
          and exists (select 1 from exceptions e where e.org_id = r.org_id and e.stream_run_id = r.id)
        order by r.created_at desc, r.id desc limit ${RUN_CHOICES}`)) as unknown as Array<{ id: string; started_at: Date | string }>;
      runs = runRows.map((row) => ({ id: row.id, startedAt: new Date(row.started_at).toISOString() }));
      const stepRows = (await tx.execute(sql`
        select distinct sr.step_key from reconciliation_step_runs sr join reconciliation_runs r on r.id = sr.run_id and r.org_id = sr.org_id
        where sr.org_id = ${ctx.orgId} and r.stream_id = ${streamId} order by sr.step_key`)) as unknown as Array<{ step_key: string }>;
      steps = stepRows.map((row) => row.step_key);
    }
    let fileName: string | null = null;
    if (selected.fileId) {
      const [file] = (await tx.execute(sql`select name from uploaded_files where org_id = ${ctx.orgId} and id = ${selected.fileId}`)) as unknown as Array<{ name: string }>;
      fileName = file?.name ?? null;
    }
    return { streamId, streams: [...streams].map((row) => ({ id: row.id, name: row.name })), runs, steps, fileName };
  });
}
