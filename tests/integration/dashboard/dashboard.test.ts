import type { Runner } from "graphile-worker";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDashboard, lastDays } from "~/modules/dashboard/dashboard.server";
import { DEMO_STREAM_NAME, loadDemoData, type DemoData } from "~/modules/operations/demo-data.server";
import { updateException } from "~/modules/exceptions/triage.server";
import { getDb } from "~/platform/db/client";
import { exceptions, reconciliationRuns, reconciliationStepRuns, reconciliationStreams } from "~/platform/db/schema";
import { createTestOrg, type TestOrg } from "../../support/factories";
import { startTestWorker, waitFor } from "../../support/streams";

/**
 * The dashboard's numbers against the rows they summarize: the demo data
 * (the e-commerce pack on its samples) run by the real worker, then every
 * figure recomputed here from the tables, independently of the service's SQL.
 */
let org: TestOrg;
let other: TestOrg;
let runner: Runner;
let demo: DemoData;

beforeAll(async () => {
  org = await createTestOrg();
  other = await createTestOrg();
  runner = await startTestWorker(2);
  demo = await loadDemoData(org.ownerCtx);
  await waitFor(async () => {
    const [run] = await getDb().select().from(reconciliationRuns).where(eq(reconciliationRuns.id, demo.runId));
    return run && ["succeeded", "failed", "partially_succeeded", "cancelled"].includes(run.state) ? run : undefined;
  }, 120_000, "end of the demo run");
}, 180_000);

afterAll(async () => {
  await runner?.stop();
});

async function openExceptionsOf(orgId: string) {
  return getDb()
    .select()
    .from(exceptions)
    .where(and(eq(exceptions.orgId, orgId), inArray(exceptions.status, ["open", "in_review"]), isNull(exceptions.supersededById)));
}

describe("loadDemoData", () => {
  it("instantiates the pack, uploads its four samples and runs the stream to success", async () => {
    expect(Object.keys(demo.fileIds).sort()).toEqual(["balance", "bank", "orders", "payouts"]);
    const [run] = await getDb().select().from(reconciliationRuns).where(eq(reconciliationRuns.id, demo.runId));
    expect(run!.state).toBe("succeeded");
    expect(run!.parameters).toEqual(demo.fileIds);
  });

  it("refuses a second load instead of making a second set", async () => {
    await expect(loadDemoData(org.ownerCtx)).rejects.toMatchObject({ status: 409 });
  });
});

describe("getDashboard", () => {
  it("counts today's run as succeeded, in the reader's calendar", async () => {
    const dashboard = await getDashboard(org.ownerCtx, { timeZone: "UTC" });
    expect(dashboard.days).toHaveLength(30);
    const today = dashboard.runsPerDay.at(-1)!;
    expect(today).toEqual({ day: new Date().toISOString().slice(0, 10), succeeded: 1, partially_succeeded: 0, failed: 0, cancelled: 0, in_progress: 0 });
    expect(dashboard.runsPerDay.slice(0, -1).every((day) => day.succeeded + day.failed + day.in_progress + day.cancelled + day.partially_succeeded === 0)).toBe(true);
    // The pack has several streams; each is the org's own.
    const streams = await getDb().select().from(reconciliationStreams).where(and(eq(reconciliationStreams.orgId, org.orgId), eq(reconciliationStreams.system, false)));
    expect(streams.length).toBeGreaterThanOrEqual(1);
    expect(dashboard.totals).toEqual({ runs: 1, files: 4, streams: streams.length });
    expect(dashboard.recentRuns).toEqual([expect.objectContaining({ id: demo.runId, streamId: demo.streamId, state: "succeeded", failure: null })]);
    expect(dashboard.recentRuns[0]!.streamName.startsWith(DEMO_STREAM_NAME)).toBe(true);
  });

  it("computes the auto-match rate from the step runs' matched rows over rows in scope", async () => {
    const steps = await getDb().select().from(reconciliationStepRuns).where(eq(reconciliationStepRuns.runId, demo.runId));
    const rowsIn = steps.reduce((sum, step) => sum + step.metrics!.source.rows - step.metrics!.source.excluded + step.metrics!.target.rows - step.metrics!.target.excluded, 0);
    const matched = steps.reduce((sum, step) => sum + step.metrics!.source.matched + step.metrics!.target.matched, 0);
    expect(rowsIn).toBeGreaterThan(0);
    const dashboard = await getDashboard(org.ownerCtx, { timeZone: "UTC" });
    expect(dashboard.matchRatePerDay.at(-1)).toEqual({ day: dashboard.days.at(-1), rowsIn, matchedRows: matched, rate: matched / rowsIn });
    expect(dashboard.matchRatePerDay.slice(0, -1).every((day) => day.rate === null)).toBe(true);
  });

  it("buckets open exceptions by age and severity and sums the amount at risk per currency", async () => {
    const open = await openExceptionsOf(org.orgId);
    expect(open.length).toBeGreaterThan(0);
    const dashboard = await getDashboard(org.ownerCtx, { timeZone: "UTC" });
    const bySeverity = { low: 0, medium: 0, high: 0, critical: 0 };
    for (const row of open) bySeverity[row.severity as keyof typeof bySeverity] += 1;
    expect(dashboard.openByAge).toEqual([
      { bucket: "0-7", ...bySeverity },
      { bucket: "8-30", low: 0, medium: 0, high: 0, critical: 0 },
      { bucket: "31-90", low: 0, medium: 0, high: 0, critical: 0 },
      { bucket: "90+", low: 0, medium: 0, high: 0, critical: 0 },
    ]);
    expect(dashboard.openExceptions).toBe(open.length);
    const risk = new Map<string, { amountMinor: number; count: number }>();
    for (const row of open) {
      if (row.currency === null || row.amountMinor === null) continue;
      const entry = risk.get(row.currency) ?? { amountMinor: 0, count: 0 };
      entry.amountMinor += Math.abs(row.amountMinor);
      entry.count += 1;
      risk.set(row.currency, entry);
    }
    expect(dashboard.amountAtRisk).toEqual([...risk.entries()].map(([currency, entry]) => ({ currency, ...entry })));
    expect(dashboard.amountAtRisk.every((row) => Number.isInteger(row.amountMinor))).toBe(true);
  });

  it("lists an exception past its due date as overdue, oldest due first", async () => {
    const before = await getDashboard(org.ownerCtx, { timeZone: "UTC" });
    expect(before.overdueCount).toBe(0);
    const [first, second] = await openExceptionsOf(org.orgId);
    await updateException(org.ownerCtx, first!.id, { dueAt: new Date(Date.now() - 2 * 86_400_000).toISOString() });
    await updateException(org.ownerCtx, second!.id, { dueAt: new Date(Date.now() - 5 * 86_400_000).toISOString() });
    const after = await getDashboard(org.ownerCtx, { timeZone: "UTC" });
    expect(after.overdueCount).toBe(2);
    expect(after.overdue.map((row) => row.id)).toEqual([second!.id, first!.id]);
  });

  it("gives the period's auto-match rate by count and by amount, recomputed from the step runs", async () => {
    const steps = await getDb().select().from(reconciliationStepRuns).where(eq(reconciliationStepRuns.runId, demo.runId));
    let rowsIn = 0;
    let matchedRows = 0;
    const amounts = new Map<string, { matched: number; total: number }>();
    for (const step of steps) {
      for (const side of [step.metrics!.source, step.metrics!.target]) {
        rowsIn += side.rows - side.excluded;
        matchedRows += side.matched;
        for (const [cls, byCurrency] of Object.entries(side.amountMinorByClass)) {
          if (cls === "excluded") continue;
          for (const [currency, value] of Object.entries(byCurrency)) {
            if (currency === "XXX") continue;
            const entry = amounts.get(currency) ?? { matched: 0, total: 0 };
            entry.total += Math.abs(value);
            if (cls === "matched") entry.matched += Math.abs(value);
            amounts.set(currency, entry);
          }
        }
      }
    }
    const { matchRate } = await getDashboard(org.ownerCtx, { timeZone: "UTC" });
    expect(matchRate.rowsIn).toBe(rowsIn);
    expect(matchRate.matchedRows).toBe(matchedRows);
    expect(matchRate.byCount).toBe(matchedRows / rowsIn);
    expect(amounts.size).toBeGreaterThan(0);
    expect(new Map(matchRate.byAmount.map((entry) => [entry.currency, { matched: entry.matchedMinor, total: entry.totalMinor }]))).toEqual(amounts);
  });

  it("traces open exceptions per day, and a resolved one leaves today's count", async () => {
    const open = await openExceptionsOf(org.orgId);
    const before = await getDashboard(org.ownerCtx, { timeZone: "Pacific/Auckland" });
    expect(before.openPerDay.map((row) => row.day)).toEqual(before.days);
    expect(before.openPerDay.at(-1)!.open).toBe(open.length);
    // The demo ran today: nothing was open on the earlier days.
    expect(before.openPerDay.slice(0, -2).every((row) => row.open === 0)).toBe(true);
    const last = open.at(-1)!;
    await updateException(org.ownerCtx, last.id, { status: "resolved", resolutionCode: "timing_difference" });
    const after = await getDashboard(org.ownerCtx, { timeZone: "Pacific/Auckland" });
    expect(after.openPerDay.at(-1)!.open).toBe(open.length - 1);
    expect(after.openExceptions).toBe(open.length - 1);
  });

  it("shows another org nothing of this one", async () => {
    const dashboard = await getDashboard(other.ownerCtx, { timeZone: "Europe/Berlin" });
    expect(dashboard.timeZone).toBe("Europe/Berlin");
    expect(dashboard.totals).toEqual({ runs: 0, files: 0, streams: 0 });
    expect(dashboard.recentRuns).toEqual([]);
    expect(dashboard.amountAtRisk).toEqual([]);
    expect(dashboard.openExceptions).toBe(0);
  });

  it("reads an unknown time zone as UTC rather than failing", async () => {
    const dashboard = await getDashboard(org.ownerCtx, { timeZone: "Mars/Olympus_Mons" });
    expect(dashboard.timeZone).toBe("UTC");
  });
});

describe("lastDays", () => {
  it("ends on today in the given zone, across a month end", () => {
    const now = new Date("2026-03-01T02:00:00Z");
    expect(lastDays(now, "UTC", 3)).toEqual(["2026-02-27", "2026-02-28", "2026-03-01"]);
    // 02:00 UTC on 1 March is still 28 February in New York.
    expect(lastDays(now, "America/New_York", 3)).toEqual(["2026-02-26", "2026-02-27", "2026-02-28"]);
  });
});
