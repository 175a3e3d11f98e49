import { describe, expect, it } from "vitest";
import { inboxMatches } from "~/modules/streams/triggers/inbox-pattern";
import { MAX_TICKS_CONSIDERED, cronProblem, nextFireTimes, planDueTicks } from "~/core/streams/schedule";
import { scheduleConfigSchema } from "~/core/streams/trigger-config";

const iso = (dates: Date[]) => dates.map((date) => date.toISOString());
const at = (text: string) => new Date(text);

describe("next fire times in a time zone", () => {
  it("reads weekday 06:00 in Europe/Berlin as 05:00Z in winter and 04:00Z after the spring change", () => {
    const spec = { cron: "0 6 * * 1-5", timeZone: "Europe/Berlin" };
    expect(iso(nextFireTimes(spec, at("2026-03-26T12:00:00Z"), 5))).toEqual([
      "2026-03-27T05:00:00.000Z", // Friday, CET
      "2026-03-30T04:00:00.000Z", // Monday, CEST (clocks went forward on Sunday 29 March)
      "2026-03-31T04:00:00.000Z",
      "2026-04-01T04:00:00.000Z",
      "2026-04-02T04:00:00.000Z",
    ]);
  });

  it("fires a wall time that the spring-forward gap skips at the first instant after the gap, once", () => {
    const spec = { cron: "30 2 * * *", timeZone: "Europe/Berlin" };
    expect(iso(nextFireTimes(spec, at("2026-03-28T00:00:00Z"), 3))).toEqual([
      "2026-03-28T01:30:00.000Z", // 02:30 CET
      "2026-03-29T01:00:00.000Z", // 02:30 does not exist: 03:00 CEST
      "2026-03-30T00:30:00.000Z", // 02:30 CEST
    ]);
  });

  it("fires a wall time that the autumn fall-back repeats only once", () => {
    const spec = { cron: "30 2 * * *", timeZone: "Europe/Berlin" };
    expect(iso(nextFireTimes(spec, at("2026-10-24T12:00:00Z"), 3))).toEqual([
      "2026-10-25T00:30:00.000Z", // the first 02:30 (CEST); the second (01:30Z, CET) does not fire
      "2026-10-26T01:30:00.000Z",
      "2026-10-27T01:30:00.000Z",
    ]);
  });

  it("keeps a half-hourly schedule every 30 real minutes through the repeated hour", () => {
    const spec = { cron: "*/30 * * * *", timeZone: "Europe/Berlin" };
    expect(iso(nextFireTimes(spec, at("2026-10-25T00:00:00Z"), 4))).toEqual([
      "2026-10-25T00:30:00.000Z",
      "2026-10-25T01:00:00.000Z",
      "2026-10-25T01:30:00.000Z",
      "2026-10-25T02:00:00.000Z",
    ]);
  });

  it("reads the same expression in UTC without any shift", () => {
    expect(iso(nextFireTimes({ cron: "0 6 * * 1-5", timeZone: "UTC" }, at("2026-03-27T12:00:00Z"), 2))).toEqual([
      "2026-03-30T06:00:00.000Z",
      "2026-03-31T06:00:00.000Z",
    ]);
  });
});

describe("the missed-tick policy", () => {
  const hourly = { cron: "0 * * * *", timeZone: "UTC" };

  it("fires the one tick due in normal operation and nothing is skipped", () => {
    const plan = planDueTicks({ ...hourly, missedPolicy: "skip", catchUpMax: 3 }, at("2026-05-01T09:00:00Z"), at("2026-05-01T10:00:20Z"));
    expect({ fire: iso(plan.fire), skipped: iso(plan.skipped), lastTick: plan.lastTick?.toISOString(), next: plan.nextFireAt?.toISOString() }).toEqual({
      fire: ["2026-05-01T10:00:00.000Z"],
      skipped: [],
      lastTick: "2026-05-01T10:00:00.000Z",
      next: "2026-05-01T11:00:00.000Z",
    });
  });

  it("under skip, fires only the newest tick after downtime and records the others as skipped", () => {
    const plan = planDueTicks({ ...hourly, missedPolicy: "skip", catchUpMax: 3 }, at("2026-05-01T05:00:00Z"), at("2026-05-01T10:30:00Z"));
    expect(iso(plan.fire)).toEqual(["2026-05-01T10:00:00.000Z"]);
    expect(iso(plan.skipped)).toEqual([
      "2026-05-01T06:00:00.000Z",
      "2026-05-01T07:00:00.000Z",
      "2026-05-01T08:00:00.000Z",
      "2026-05-01T09:00:00.000Z",
    ]);
    expect(plan.lastTick?.toISOString()).toBe("2026-05-01T10:00:00.000Z");
    expect(plan.uncounted).toBe(false);
  });

  it("under catch_up, fires at most catchUpMax of the newest ticks, oldest first, and skips the rest", () => {
    const plan = planDueTicks({ ...hourly, missedPolicy: "catch_up", catchUpMax: 3 }, at("2026-05-01T05:00:00Z"), at("2026-05-01T10:30:00Z"));
    expect(iso(plan.fire)).toEqual(["2026-05-01T08:00:00.000Z", "2026-05-01T09:00:00.000Z", "2026-05-01T10:00:00.000Z"]);
    expect(iso(plan.skipped)).toEqual(["2026-05-01T06:00:00.000Z", "2026-05-01T07:00:00.000Z"]);
  });

  it("under catch_up below the cap, fires every missed tick", () => {
    const plan = planDueTicks({ ...hourly, missedPolicy: "catch_up", catchUpMax: 10 }, at("2026-05-01T07:00:00Z"), at("2026-05-01T10:00:00Z"));
    expect(iso(plan.fire)).toEqual(["2026-05-01T08:00:00.000Z", "2026-05-01T09:00:00.000Z", "2026-05-01T10:00:00.000Z"]);
    expect(plan.skipped).toEqual([]);
  });

  it("finds nothing due when the last tick considered is the newest one", () => {
    const plan = planDueTicks({ ...hourly, missedPolicy: "skip", catchUpMax: 3 }, at("2026-05-01T10:00:00Z"), at("2026-05-01T10:59:59Z"));
    expect({ fire: plan.fire, skipped: plan.skipped, lastTick: plan.lastTick }).toEqual({ fire: [], skipped: [], lastTick: null });
    expect(plan.nextFireAt?.toISOString()).toBe("2026-05-01T11:00:00.000Z");
  });

  it("looks at no more than the newest MAX_TICKS_CONSIDERED ticks after a long outage and says older ones went uncounted", () => {
    const everyMinute = { cron: "* * * * *", timeZone: "UTC", missedPolicy: "skip" as const, catchUpMax: 3 };
    const plan = planDueTicks(everyMinute, at("2026-04-01T00:00:00Z"), at("2026-05-01T00:00:00Z"));
    expect(plan.fire.length + plan.skipped.length).toBe(MAX_TICKS_CONSIDERED);
    expect(plan.uncounted).toBe(true);
    expect(iso(plan.fire)).toEqual(["2026-05-01T00:00:00.000Z"]);
  });

  it("counts DST-correct ticks across the spring change in Europe/Berlin", () => {
    const plan = planDueTicks(
      { cron: "30 2 * * *", timeZone: "Europe/Berlin", missedPolicy: "catch_up", catchUpMax: 5 },
      at("2026-03-27T12:00:00Z"),
      at("2026-03-30T12:00:00Z"),
    );
    expect(iso(plan.fire)).toEqual(["2026-03-28T01:30:00.000Z", "2026-03-29T01:00:00.000Z", "2026-03-30T00:30:00.000Z"]);
  });
});

describe("schedule config validation", () => {
  it("accepts a five-field expression in an IANA zone and fills the defaults", () => {
    expect(scheduleConfigSchema.parse({ kind: "schedule", cron: "0 6 * * 1-5", timeZone: "Europe/Berlin" })).toEqual({
      kind: "schedule",
      cron: "0 6 * * 1-5",
      timeZone: "Europe/Berlin",
      missedPolicy: "skip",
      catchUpMax: 3,
    });
  });

  it("refuses six fields, '?', impossible dates and unknown zones with a reason each", () => {
    expect(cronProblem("0 0 6 * * 1-5")).toBe("needs exactly 5 fields (minute hour day-of-month month day-of-week), got 6");
    expect(cronProblem("0 6 ? * *")).toBe("'?' is not supported; use '*'");
    expect(cronProblem("0 0 30 2 *")).toBe("never fires");
    expect(cronProblem("61 * * * *")).not.toBeNull();
    const zone = scheduleConfigSchema.safeParse({ kind: "schedule", cron: "0 6 * * *", timeZone: "Mars/Olympus" });
    expect(zone.success ? [] : zone.error.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["timeZone", "is not an IANA time zone (e.g. Europe/Berlin)"],
    ]);
  });
});

describe("inbox patterns", () => {
  it("matches an inbox by exact name, by * and by ?, and treats other characters literally", () => {
    const cases: Array<[string, string, boolean]> = [
      ["stripe-payouts", "stripe-payouts", true],
      ["stripe-payouts", "stripe-payouts-eu", false],
      ["stripe-*", "stripe-payouts-eu", true],
      ["stripe-*", "stripe-", true],
      ["stripe-*", "shopify-orders", false],
      ["bank-??", "bank-de", true],
      ["bank-??", "bank-dex", false],
      ["eu.payouts[1]", "eu.payouts[1]", true],
      ["eu.payouts[1]", "euXpayouts1", false],
      ["*", "anything at all", true],
    ];
    expect(cases.map(([pattern, inbox]) => inboxMatches(pattern, inbox))).toEqual(cases.map(([, , expected]) => expected));
  });
});
