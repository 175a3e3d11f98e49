import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents, verifyAuditChain } from "~/modules/audit/audit.server";
import { bulkUpdateExceptions } from "~/modules/exceptions/triage.server";
import { createTestOrg, problemOf, type TestOrg } from "../../support/factories";
import { insertStreamRun, type StreamRunRows } from "../../support/stream-rows";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";
import { insertExceptions } from "./exception-rows";

/**
 * The exception workflow through the API: lifecycle and its illegal
 * transitions, comments and history, roles, filters and keyset pages, bulk
 * actions (all or nothing), manual matches and their undo, export with
 * formula escaping, stats — and the audit chain still verifies.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely; the assertions pin their shape
type Loose = Record<string, any>;

let baseUrl: string;
let org: TestOrg;
let run: StreamRunRows;
let operator: ApiClient;
let viewer: ApiClient;

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg();
  run = await insertStreamRun(org, { steps: [{ key: "orders" }] });
  operator = apiClient(baseUrl, org.keys.operator);
  viewer = apiClient(baseUrl, org.keys.viewer);
});

async function body<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

async function statusOf(id: string): Promise<string> {
  return (await body<{ status: string }>(await viewer.get(`/api/v1/exceptions/${id}`))).status;
}

describe("the exception lifecycle", () => {
  it("goes open → in_review → resolved → open → written_off, each change an event with actor and before/after", async () => {
    const [id] = await insertExceptions(org.orgId, run, [{ amountMinor: 1250 }]);
    const review = await operator.patch(`/api/v1/exceptions/${id}`, { status: "in_review", assigneeId: org.ownerUserId });
    expect(review.status).toBe(200);
    expect(await body(review)).toMatchObject({ id, status: "in_review", assigneeId: org.ownerUserId, resolution: null });

    const resolved = await operator.patch(`/api/v1/exceptions/${id}`, { status: "resolved", resolutionCode: "timing_difference", resolutionNote: "arrives Monday" });
    expect(resolved.status).toBe(200);
    expect(await body(resolved)).toMatchObject({ status: "resolved", resolution: { code: "timing_difference", note: "arrives Monday", resolvedInRunId: null } });

    const reopened = await operator.patch(`/api/v1/exceptions/${id}`, { status: "open" });
    expect(await body(reopened)).toMatchObject({ status: "open", resolution: null });
    const writtenOff = await operator.patch(`/api/v1/exceptions/${id}`, { status: "written_off", resolutionCode: "written_off_small_balance", resolutionNote: "below 15 EUR" });
    expect(await body(writtenOff)).toMatchObject({ status: "written_off", resolution: { code: "written_off_small_balance" } });

    const events = await body<{ data: Array<{ kind: string; actor: { type: string; label: string }; before: Record<string, unknown>; after: Record<string, unknown> }> }>(
      await viewer.get(`/api/v1/exceptions/${id}/events`),
    );
    expect(events.data.map((event) => [event.kind, event.before.status, event.after.status])).toEqual([
      ["updated", "open", "in_review"],
      ["updated", "in_review", "resolved"],
      ["updated", "resolved", "open"],
      ["updated", "open", "written_off"],
    ]);
    expect(events.data[0]!.actor.type).toBe("api_key");
    expect(events.data[0]!.after).toEqual({ status: "in_review", assigneeId: org.ownerUserId });
  });

  it("refuses an illegal transition with a 409 and changes nothing", async () => {
    const [id] = await insertExceptions(org.orgId, run, [{}]);
    await operator.patch(`/api/v1/exceptions/${id}`, { status: "resolved", resolutionCode: "bank_error" });
    const response = await operator.patch(`/api/v1/exceptions/${id}`, { status: "in_review" });
    expect(response.status).toBe(409);
    expect((await problemOf(response)).detail).toBe("An exception cannot go from 'resolved' to 'in_review'");
    const direct = await operator.patch(`/api/v1/exceptions/${id}`, { status: "written_off", resolutionCode: "other", resolutionNote: "x" });
    expect(direct.status).toBe(409);
    expect(await statusOf(id!)).toBe("resolved");
  });

  it("needs a resolution code to resolve and a note to write off (422), and keeps matched_in_later_run for carry-forward", async () => {
    const [id] = await insertExceptions(org.orgId, run, [{}]);
    const noCode = await operator.patch(`/api/v1/exceptions/${id}`, { status: "resolved" });
    expect(noCode.status).toBe(422);
    expect((await problemOf(noCode)).errors).toEqual([{ pointer: "/resolutionCode", message: "a resolved exception needs a resolution code" }]);
    const noNote = await operator.patch(`/api/v1/exceptions/${id}`, { status: "written_off", resolutionCode: "other" });
    expect(noNote.status).toBe(422);
    const reserved = await operator.patch(`/api/v1/exceptions/${id}`, { status: "resolved", resolutionCode: "matched_in_later_run" });
    expect(reserved.status).toBe(422);
    expect(await statusOf(id!)).toBe("open");
  });

  it("keeps comments in the case's history", async () => {
    const [id] = await insertExceptions(org.orgId, run, [{}]);
    const comment = await operator.post(`/api/v1/exceptions/${id}/comments`, { body: "Asked Stripe support, ticket 4411" });
    expect(comment.status).toBe(201);
    expect(await body(comment)).toMatchObject({ object: "exception_event", kind: "comment", exceptionId: id, after: { body: "Asked Stripe support, ticket 4411" } });
    const detail = await body<{ events: Array<{ kind: string }> }>(await viewer.get(`/api/v1/exceptions/${id}`));
    expect(detail.events.map((event) => event.kind)).toEqual(["comment"]);
  });

  it("shows both sides next to each other with the differing fields marked, the closest pass and provenance", async () => {
    const [id] = await insertExceptions(org.orgId, run, [{ side: "both", type: "AMOUNT_MISMATCH", amountMinor: 5000, reference: "ORD-7" }]);
    const detail = await body<Loose>(await viewer.get(`/api/v1/exceptions/${id}`));
    expect(detail.comparison.map((field: { field: string; differs: boolean }) => [field.field, field.differs])).toEqual([
      ["amount", false],
      ["description", false],
      ["id", false],
      ["reference", false],
    ]);
    expect(detail.provenance.rows).toEqual([
      { side: "source", fileId: run.inputFiles[0]!.id, fileName: run.inputFiles[0]!.name, fileKind: "upload", sha256: run.inputFiles[0]!.sha256, line: 2 },
      { side: "target", fileId: run.inputFiles[0]!.id, fileName: run.inputFiles[0]!.name, fileKind: "upload", sha256: run.inputFiles[0]!.sha256, line: 2 },
    ]);
    expect(detail.closestRule).toMatchObject({ pass: null, why: "no counterpart — no pass found a candidate on the other side sharing its keys", failedComparisons: [] });
    expect(detail.provenance.exceptionsArtifactId).toBe(run.stepRuns[0]!.artifacts.find((artifact) => artifact.artifactType === "EXCEPTIONS")!.id);
  });

  it("lets a viewer read but not triage; an operator triages", async () => {
    const [id] = await insertExceptions(org.orgId, run, [{}]);
    expect((await viewer.get(`/api/v1/exceptions/${id}`)).status).toBe(200);
    expect((await viewer.get(`/api/v1/exceptions?limit=1`)).status).toBe(200);
    expect((await viewer.patch(`/api/v1/exceptions/${id}`, { status: "in_review" })).status).toBe(403);
    expect((await viewer.post(`/api/v1/exceptions/${id}/comments`, { body: "hi" })).status).toBe(403);
    expect((await viewer.post(`/api/v1/exceptions/bulk`, { ids: [id], action: "comment", comment: "hi" })).status).toBe(403);
    expect((await viewer.post(`/api/v1/manual-matches`, { sourceExceptionIds: [id], targetExceptionIds: [id] })).status).toBe(403);
    expect((await operator.put(`/api/v1/exceptions/sla`, { critical: 1 })).status).toBe(403);
    expect((await operator.patch(`/api/v1/exceptions/${id}`, { status: "in_review" })).status).toBe(200);
    expect(await statusOf(id!)).toBe("in_review");
  });
});

describe("filters and keyset pagination", () => {
  let filterRun: StreamRunRows;
  let ids: string[];
  const old = new Date(Date.now() - 40 * 86_400_000);

  beforeAll(async () => {
    filterRun = await insertStreamRun(org, { steps: [{ key: "filters" }] });
    const specs = Array.from({ length: 240 }, (_, index) => ({
      amountMinor: (index % 60) * 100,
      currency: index % 3 === 0 ? "USD" : "EUR",
      severity: ["low", "medium", "high", "critical"][index % 4],
      type: index % 5 === 0 ? "AMOUNT_MISMATCH" : "MISSING_IN_TARGET",
      reference: `INV-${String(index).padStart(4, "0")}`,
      description: index === 17 ? "Refund for Müller GmbH" : `order ${index}`,
      firstSeenAt: index % 10 === 0 ? old : new Date(),
    }));
    ids = await insertExceptions(org.orgId, filterRun, specs);
  });

  async function all(query: string): Promise<Array<Loose>> {
    const rows: Array<Loose> = [];
    let cursor: string | null = null;
    do {
      const response = await viewer.get(`/api/v1/exceptions?streamRunId=${filterRun.runId}&limit=37&${query}${cursor ? `&cursor=${cursor}` : ""}`);
      const page: { data: Array<Loose>; nextCursor: string | null; hasMore: boolean } = await body(response);
      expect(response.status, JSON.stringify(page)).toBe(200);
      rows.push(...page.data);
      expect(page.hasMore).toBe(page.nextCursor !== null);
      cursor = page.nextCursor;
    } while (cursor);
    return rows;
  }

  it("walks every page of each sort once, in order", async () => {
    for (const sort of ["-created", "created", "-amount", "amount", "-age", "age", "-severity", "severity"]) {
      const rows = await all(`sort=${sort}`);
      expect(rows.map((row) => row.id).sort()).toEqual([...ids].sort());
      const key = (row: Loose) =>
        sort.endsWith("amount") ? row.amountMinor : sort.endsWith("age") ? -Date.parse(row.firstSeenAt) : sort.endsWith("severity") ? ["low", "medium", "high", "critical"].indexOf(row.severity) : 0;
      const keys = rows.map(key);
      const sorted = [...keys].sort((a, b) => (sort.startsWith("-") ? b - a : a - b));
      expect(keys).toEqual(sorted);
    }
  });

  it("filters by amount range, currency, severity, type, age and text, exactly", async () => {
    const byIndex = (predicate: (index: number) => boolean) => ids.filter((_, index) => predicate(index)).sort();
    const idsOf = async (query: string) => (await all(query)).map((row) => row.id).sort();
    expect(await idsOf("minAmountMinor=5000&maxAmountMinor=5200")).toEqual(byIndex((index) => index % 60 >= 50 && index % 60 <= 52));
    expect(await idsOf("currency=USD&severity=critical,high")).toEqual(byIndex((index) => index % 3 === 0 && index % 4 >= 2));
    expect(await idsOf("type=AMOUNT_MISMATCH")).toEqual(byIndex((index) => index % 5 === 0));
    expect(await idsOf("olderThanDays=30")).toEqual(byIndex((index) => index % 10 === 0));
    expect(await idsOf("q=m%C3%BCller")).toEqual([ids[17]]);
    expect(await idsOf("q=INV-010")).toEqual(byIndex((index) => index >= 100 && index <= 109));
  });

  it("rejects unknown filter values and parameters with a 400", async () => {
    expect((await viewer.get(`/api/v1/exceptions?status=closed`)).status).toBe(400);
    expect((await viewer.get(`/api/v1/exceptions?colour=red`)).status).toBe(400);
    expect((await viewer.get(`/api/v1/exceptions?sort=amount&cursor=notacursor`)).status).toBe(400);
  });

  it("counts and sums by status, type, severity and age bucket, per currency", async () => {
    const stats = await body<Loose>(await viewer.get(`/api/v1/exceptions/stats?streamRunId=${filterRun.runId}`));
    expect(stats.total).toBe(240);
    const eur = ids.map((_, index) => index).filter((index) => index % 3 !== 0);
    const usd = ids.map((_, index) => index).filter((index) => index % 3 === 0);
    const sum = (indexes: number[]) => indexes.reduce((total, index) => total + (index % 60) * 100, 0);
    expect(stats.byStatus).toEqual([{ key: "open", count: 240, amountMinorByCurrency: { EUR: sum(eur), USD: sum(usd) } }]);
    expect(stats.byAgeBucket.map((bucket: { key: string; count: number }) => [bucket.key, bucket.count])).toEqual([
      ["0-7", 216],
      ["8-30", 0],
      ["31-90", 24],
      ["90+", 0],
    ]);
    expect(stats.bySeverity.map((bucket: { key: string; count: number }) => [bucket.key, bucket.count])).toEqual([
      ["critical", 60],
      ["high", 60],
      ["low", 60],
      ["medium", 60],
    ]);
    // Old criticals (2 days SLA) and everything 40 days old with a ≤ 30-day SLA are overdue.
    expect(stats.overdue.count).toBe(24);
  });
});

describe("aging and SLA", () => {
  it("derives dueAt and overdue from the org's SLA days, which an admin changes", async () => {
    const slaRun = await insertStreamRun(org, { steps: [{ key: "sla" }] });
    const firstSeenAt = new Date(Date.now() - 4 * 86_400_000);
    const [high, low] = await insertExceptions(org.orgId, slaRun, [
      { severity: "high", firstSeenAt },
      { severity: "low", firstSeenAt },
    ]);
    const overdueIds = async () =>
      (await body<{ data: Array<{ id: string }> }>(await viewer.get(`/api/v1/exceptions?streamRunId=${slaRun.runId}&overdue=true`))).data.map((row) => row.id);
    expect(await body(await viewer.get(`/api/v1/exceptions/${high}`))).toMatchObject({ ageDays: 4, overdue: false, dueAt: new Date(firstSeenAt.getTime() + 5 * 86_400_000).toISOString() });
    expect(await overdueIds()).toEqual([]);

    const admin = apiClient(baseUrl, org.keys.admin);
    const updated = await admin.put(`/api/v1/exceptions/sla`, { high: 3 });
    expect(await body(updated)).toEqual({ critical: 2, high: 3, medium: 10, low: 30 });
    expect(await body(await viewer.get(`/api/v1/exceptions/${high}`))).toMatchObject({ overdue: true, dueAt: new Date(firstSeenAt.getTime() + 3 * 86_400_000).toISOString() });
    expect(await overdueIds()).toEqual([high]);

    // An analyst's due date wins over the SLA; a closed exception is never overdue.
    await operator.patch(`/api/v1/exceptions/${low}`, { dueAt: new Date(Date.now() - 60_000).toISOString(), assigneeId: org.ownerUserId });
    expect((await overdueIds()).sort()).toEqual([high, low].sort());
    await operator.patch(`/api/v1/exceptions/${high}`, { status: "ignored" });
    expect(await overdueIds()).toEqual([low]);
    const assigned = await body<{ data: Array<{ id: string }> }>(await viewer.get(`/api/v1/exceptions?streamRunId=${slaRun.runId}&assigneeId=${org.ownerUserId}`));
    expect(assigned.data.map((row) => row.id)).toEqual([low]);
    const unassigned = await body<{ data: Array<{ id: string }> }>(await viewer.get(`/api/v1/exceptions?streamRunId=${slaRun.runId}&assigneeId=none`));
    expect(unassigned.data.map((row) => row.id)).toEqual([high]);
    await admin.put(`/api/v1/exceptions/sla`, { high: 5 });
  });
});

describe("bulk actions", () => {
  it("changes every selected exception in one go: one audit event, one exception event each", async () => {
    const bulkRun = await insertStreamRun(org, { steps: [{ key: "bulk" }] });
    const ids = await insertExceptions(org.orgId, bulkRun, Array.from({ length: 25 }, () => ({})));
    const response = await operator.post(`/api/v1/exceptions/bulk`, { filter: { streamRunId: bulkRun.runId }, action: "setStatus", status: "ignored" });
    expect(response.status).toBe(200);
    const result = await body<{ id: string; selected: number; changed: number }>(response);
    expect(result).toMatchObject({ selected: 25, changed: 25 });
    for (const id of ids) expect(await statusOf(id)).toBe("ignored");
    const events = await body<{ data: Array<{ bulkId: string; after: Record<string, unknown> }> }>(await viewer.get(`/api/v1/exceptions/${ids[3]}/events`));
    expect(events.data).toEqual([expect.objectContaining({ bulkId: result.id, after: { status: "ignored" } })]);
    const audit = await listAuditEvents(org.ownerCtx, { limit: 50 });
    expect(audit.events.filter((event) => event.resourceId === result.id).map((event) => event.action)).toEqual(["exception.bulk_updated"]);
  });

  it("changes nothing when one selected exception cannot take the change (409)", async () => {
    const bulkRun = await insertStreamRun(org, { steps: [{ key: "bulk2" }] });
    const ids = await insertExceptions(org.orgId, bulkRun, Array.from({ length: 5 }, () => ({})));
    await operator.patch(`/api/v1/exceptions/${ids[2]}`, { status: "resolved", resolutionCode: "bank_error" });
    const response = await operator.post(`/api/v1/exceptions/bulk`, { ids, action: "setStatus", status: "in_review" });
    expect(response.status).toBe(409);
    expect((await problemOf(response)).errors).toEqual([{ message: `'${ids[2]}' is resolved`, field: ids[2] }]);
    expect(await Promise.all(ids.map(statusOf))).toEqual(["open", "open", "resolved", "open", "open"]);
    const missing = await operator.post(`/api/v1/exceptions/bulk`, { ids: [ids[0], "exc_missing"], action: "assign", assigneeId: org.ownerUserId });
    expect(missing.status).toBe(404);
    expect((await body<{ assigneeId: string | null }>(await viewer.get(`/api/v1/exceptions/${ids[0]}`))).assigneeId).toBeNull();
  });

  it("refuses a selection larger than the cap, changing nothing", async () => {
    const bulkRun = await insertStreamRun(org, { steps: [{ key: "bulk3" }] });
    const ids = await insertExceptions(org.orgId, bulkRun, Array.from({ length: 4 }, () => ({})));
    await expect(bulkUpdateExceptions(org.ownerCtx, { ids }, { action: "comment", body: "x" }, { limit: 3 })).rejects.toThrow("at most 3 exceptions");
    const events = await body<{ data: unknown[] }>(await viewer.get(`/api/v1/exceptions/${ids[0]}/events`));
    expect(events.data).toEqual([]);
  });
});

describe("manual matches", () => {
  let matchRun: StreamRunRows;
  beforeAll(async () => {
    matchRun = await insertStreamRun(org, { steps: [{ key: "manual" }] });
  });

  it("refuses sums that differ beyond the tolerance unless forced with a reason", async () => {
    const [source, target] = await insertExceptions(org.orgId, matchRun, [
      { side: "source", amountMinor: 10_000 },
      { side: "target", amountMinor: 9_990 },
    ]);
    const refused = await operator.post(`/api/v1/manual-matches`, { sourceExceptionIds: [source], targetExceptionIds: [target] });
    expect(refused.status).toBe(422);
    expect((await problemOf(refused)).detail).toContain("differ by 10 minor units of EUR");
    const noReason = await operator.post(`/api/v1/manual-matches`, { sourceExceptionIds: [source], targetExceptionIds: [target], force: true });
    expect(noReason.status).toBe(422);
    const forced = await operator.post(`/api/v1/manual-matches`, { sourceExceptionIds: [source], targetExceptionIds: [target], force: true, forceReason: "bank fee" });
    expect(forced.status).toBe(201);
    expect(await body(forced)).toMatchObject({ status: "active", differenceMinor: 10, forced: true, forceReason: "bank fee", currency: "EUR" });
  });

  it("matches within tolerance, resolving both sides, and its undo reopens them", async () => {
    const [a, b, c] = await insertExceptions(org.orgId, matchRun, [
      { side: "source", amountMinor: 6_000 },
      { side: "source", amountMinor: 4_000 },
      { side: "target", amountMinor: 9_995 },
    ]);
    const created = await operator.post(`/api/v1/manual-matches`, { sourceExceptionIds: [a, b], targetExceptionIds: [c], toleranceMinor: 5, note: "split payment" });
    expect(created.status).toBe(201);
    const match = await body<{ id: string; sourceTotalMinor: number; targetTotalMinor: number; forced: boolean }>(created);
    expect(match).toMatchObject({ sourceTotalMinor: 10_000, targetTotalMinor: 9_995, forced: false });
    for (const id of [a, b, c]) {
      expect(await body(await viewer.get(`/api/v1/exceptions/${id}`))).toMatchObject({ status: "resolved", manualMatchId: match.id, resolution: { code: "matched_manually", note: "split payment" } });
    }
    const reopen = await operator.patch(`/api/v1/exceptions/${a}`, { status: "open" });
    expect(reopen.status).toBe(409);

    const undone = await operator.delete(`/api/v1/manual-matches/${match.id}`);
    expect(undone.status).toBe(200);
    expect(await body(undone)).toMatchObject({ status: "undone" });
    expect(await Promise.all([a, b, c].map((id) => statusOf(id!)))).toEqual(["open", "open", "open"]);
    expect((await operator.delete(`/api/v1/manual-matches/${match.id}`)).status).toBe(409);
    const events = await body<{ data: Array<{ kind: string }> }>(await viewer.get(`/api/v1/exceptions/${c}/events`));
    expect(events.data.map((event) => event.kind)).toEqual(["manual_match", "manual_match_undone"]);
    const audit = await listAuditEvents(org.ownerCtx, { limit: 100 });
    expect(audit.events.filter((event) => event.resourceId === match.id).map((event) => event.action).sort()).toEqual(["manual_match.created", "manual_match.undone"]);
  });

  it("never matches two currencies, even forced", async () => {
    const [source, target] = await insertExceptions(org.orgId, matchRun, [
      { side: "source", amountMinor: 1_000, currency: "EUR" },
      { side: "target", amountMinor: 1_000, currency: "USD" },
    ]);
    const response = await operator.post(`/api/v1/manual-matches`, { sourceExceptionIds: [source], targetExceptionIds: [target], force: true, forceReason: "same money" });
    expect(response.status).toBe(422);
    expect((await problemOf(response)).detail).toContain("different currencies");
    expect(await statusOf(source!)).toBe("open");
  });
});

describe("export", () => {
  const hostile = ["=HYPERLINK(\"http://evil\")", "+1+2", "-3+4", "@SUM(A1)", "\tTAB", "\rCR", "plain, \"quoted\""];
  let exportRun: StreamRunRows;
  beforeAll(async () => {
    exportRun = await insertStreamRun(org, { steps: [{ key: "export" }] });
    await insertExceptions(org.orgId, exportRun, hostile.map((description, index) => ({ description, reference: `REF-${index}`, amountMinor: -500 - index })));
  });

  it("streams CSV with formula-like text escaped and amounts left numeric", async () => {
    const response = await viewer.get(`/api/v1/exceptions/export?format=csv&streamRunId=${exportRun.runId}&sort=created`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const text = await response.text();
    const lines = text.split("\r\n");
    const header = lines[0]!.split(",");
    expect(lines.length).toBe(hostile.length + 2);
    const descriptionAt = header.indexOf("sourceDescription");
    const amountAt = header.indexOf("amountMinor");
    const cells = lines.slice(1, -1).map((line) => parseCsvLine(line));
    expect(cells.map((row) => row[descriptionAt])).toEqual(["'=HYPERLINK(\"http://evil\")", "'+1+2", "'-3+4", "'@SUM(A1)", "'\tTAB", "'\rCR", "plain, \"quoted\""]);
    expect(cells.map((row) => row[amountAt])).toEqual(["-500", "-501", "-502", "-503", "-504", "-505", "-506"]);
  });

  it("streams XLSX with the same escaping", async () => {
    const response = await viewer.get(`/api/v1/exceptions/export?format=xlsx&streamRunId=${exportRun.runId}&sort=created`);
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("Exceptions")!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const column = header.indexOf("sourceDescription") + 1;
    const amountColumn = header.indexOf("amountMinor") + 1;
    // XML parsing turns a stored CR into LF; what matters is the leading apostrophe.
    const descriptions = Array.from({ length: hostile.length }, (_, index) => String(sheet.getRow(index + 2).getCell(column).value).replace(/\n/g, "\r"));
    expect(descriptions).toEqual(["'=HYPERLINK(\"http://evil\")", "'+1+2", "'-3+4", "'@SUM(A1)", "'\tTAB", "'\rCR", "plain, \"quoted\""]);
    expect(sheet.getRow(2).getCell(amountColumn).value).toBe(-500);
  });
});

describe("the audit trail", () => {
  it("records exception changes and still verifies", async () => {
    const audit = await listAuditEvents(org.ownerCtx, { limit: 500 });
    expect(audit.events.some((event) => event.action === "exception.updated")).toBe(true);
    expect(audit.events.some((event) => event.action === "exception.commented")).toBe(true);
    expect((await verifyAuditChain(org.orgId)).ok).toBe(true);
  });
});

function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const character = line[index]!;
    if (quoted) {
      if (character === '"' && line[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (character === '"') quoted = false;
      else cell += character;
    } else if (character === '"') quoted = true;
    else if (character === ",") {
      cells.push(cell);
      cell = "";
    } else cell += character;
  }
  cells.push(cell);
  return cells;
}
