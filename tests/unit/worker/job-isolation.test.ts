import { describe, expect, it } from "vitest";
import { runAdmitted } from "../../../worker/job-isolation";

/** Crash isolation inside one worker process: a suspect job runs alone, or steps aside. */
function controllable() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const events: string[] = [];
  return { events, finish, done };
}

function job(name: string, log: string[], options: { suspect: boolean; until?: Promise<void> }) {
  return runAdmitted({
    needsIsolation: async () => options.suspect,
    run: async () => {
      log.push(`${name} ran`);
      await options.until;
    },
    defer: async () => {
      log.push(`${name} deferred`);
    },
  });
}

describe("runAdmitted", () => {
  it("defers a suspect job while another job runs in the process, and runs it once the process is idle", async () => {
    const { events, finish, done } = controllable();
    const ordinary = job("ordinary", events, { suspect: false, until: done });
    await new Promise((resolve) => setImmediate(resolve));
    expect(await job("suspect", events, { suspect: true })).toBe("deferred");
    finish();
    expect(await ordinary).toBe("ran");
    expect(await job("suspect", events, { suspect: true })).toBe("ran");
    expect(events).toEqual(["ordinary ran", "suspect deferred", "suspect ran"]);
  });

  it("makes every job that starts while a suspect runs step aside", async () => {
    const { events, finish, done } = controllable();
    const suspect = job("suspect", events, { suspect: true, until: done });
    await new Promise((resolve) => setImmediate(resolve));
    expect(await job("ordinary", events, { suspect: false })).toBe("deferred");
    expect(await job("second suspect", events, { suspect: true })).toBe("deferred");
    finish();
    expect(await suspect).toBe("ran");
    expect(events).toEqual(["suspect ran", "ordinary deferred", "second suspect deferred"]);
  });

  it("drains the process for a deferred suspect: new ordinary jobs step aside until it has run", async () => {
    const { events, finish, done } = controllable();
    const busy = job("busy", events, { suspect: false, until: done });
    await new Promise((resolve) => setImmediate(resolve));
    expect(await job("suspect", events, { suspect: true })).toBe("deferred");
    expect(await job("newcomer", events, { suspect: false })).toBe("deferred");
    finish();
    await busy;
    expect(await job("suspect", events, { suspect: true })).toBe("ran");
    expect(await job("after", events, { suspect: false })).toBe("ran");
    expect(events).toEqual(["busy ran", "suspect deferred", "newcomer deferred", "suspect ran", "after ran"]);
  });
});
