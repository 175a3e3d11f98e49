import { and, eq, inArray } from "drizzle-orm";
import type { ExceptionRow } from "~/modules/exceptions/lifecycle/exception-state.server";
import type { Tx } from "~/platform/db/client";
import { memberships, reconciliationRuns, reconciliationStreams, uploadedFiles, users } from "~/platform/db/schema";

/**
 * The names a person reads in place of ids: streams, runs (by when they
 * started), assignees and files. Looked up once per export page for that
 * page's distinct ids, each lookup scoped to the org.
 */
export interface ExportNames {
  stream: Map<string, string>;
  runStartedAt: Map<string, Date>;
  member: Map<string, string>;
  file: Map<string, string>;
}

const distinct = (values: Array<string | null>) => [...new Set(values.filter((value): value is string => value !== null))];

export async function namesForPage(tx: Tx, orgId: string, rows: ExceptionRow[]): Promise<ExportNames> {
  const streamIds = distinct(rows.map((row) => row.streamId));
  const runIds = distinct(rows.map((row) => row.streamRunId));
  const memberIds = distinct(rows.map((row) => row.assigneeId));
  const fileIds = distinct(rows.flatMap((row) => [...row.sourceRows, ...row.targetRows].map((ref) => ref.sourceId)));
  const streams = streamIds.length
    ? await tx.select({ id: reconciliationStreams.id, name: reconciliationStreams.name }).from(reconciliationStreams).where(and(eq(reconciliationStreams.orgId, orgId), inArray(reconciliationStreams.id, streamIds)))
    : [];
  const runs = runIds.length
    ? await tx
        .select({ id: reconciliationRuns.id, startedAt: reconciliationRuns.startedAt, createdAt: reconciliationRuns.createdAt })
        .from(reconciliationRuns)
        .where(and(eq(reconciliationRuns.orgId, orgId), inArray(reconciliationRuns.id, runIds)))
    : [];
  const members = memberIds.length
    ? await tx
        .select({ id: users.id, name: users.name })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.orgId, orgId), inArray(memberships.userId, memberIds)))
    : [];
  const files = fileIds.length
    ? await tx.select({ id: uploadedFiles.id, name: uploadedFiles.name }).from(uploadedFiles).where(and(eq(uploadedFiles.orgId, orgId), inArray(uploadedFiles.id, fileIds)))
    : [];
  return {
    stream: new Map(streams.map((stream) => [stream.id, stream.name])),
    runStartedAt: new Map(runs.map((run) => [run.id, run.startedAt ?? run.createdAt])),
    member: new Map(members.map((member) => [member.id, member.name])),
    file: new Map(files.map((file) => [file.id, file.name])),
  };
}
