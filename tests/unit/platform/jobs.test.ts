import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { PgDialect } from "drizzle-orm/pg-core";
import type { SQL } from "drizzle-orm";
import { parseCrontab, type JobHelpers, type TaskSpec } from "graphile-worker";
import { describe, expect, it } from "vitest";
import type { Tx } from "~/platform/db/client";
import { CLOCK_JOB_PRIORITY, crontab, enqueue, isJobName, jobCatalog, jobNames, type JobName } from "~/platform/jobs";
import { taskListFrom, type JobHandlers } from "../../../worker/tasks/job-handler";

const MIGRATIONS = path.resolve("app/platform/db/migrations");
const CODE_ROOTS = ["app", "worker", "server", "scripts"].map((root) => path.resolve(root));

function filesUnder(directory: string, extensions: string[]): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const full = path.join(directory, entry);
    if (statSync(full).isDirectory()) return filesUnder(full, extensions);
    return extensions.some((extension) => entry.endsWith(extension)) ? [full] : [];
  });
}

const migrationFiles = filesUnder(MIGRATIONS, [".sql"]).sort();
const sqlSources = [...migrationFiles, ...CODE_ROOTS.flatMap((root) => filesUnder(root, [".ts", ".tsx"]))].map((file) => ({
  file: path.relative(process.cwd(), file),
  text: readFileSync(file, "utf8"),
}));

/** Every job a piece of SQL queues by a literal name, with the keys of its payload when SQL builds it. */
function jobsQueuedInSql(): Array<{ file: string; name: string; payloadKeys: string[] | null }> {
  const queued: Array<{ file: string; name: string; payloadKeys: string[] | null }> = [];
  const call = /(?:graphile_worker\.add_job|app_enqueue_org_job)\(\s*'([a-z_]+)'\s*,\s*([^\n]*)/g;
  for (const { file, text } of sqlSources) {
    for (const match of text.matchAll(call)) {
      const built = /^json_build_object\(([^)]*)\)/.exec(match[2]!.trim());
      const payloadKeys = built ? [...built[1]!.matchAll(/'([A-Za-z]+)'\s*,/g)].map((key) => key[1]!) : null;
      queued.push({ file, name: match[1]!, payloadKeys });
    }
  }
  return queued;
}

/** The task names app_enqueue_org_job lets a tenant queue, from its latest definition. */
function orgJobGateAllows(): string[] {
  const definitions = migrationFiles
    .map((file) => readFileSync(file, "utf8"))
    .flatMap((text) => [...text.matchAll(/FUNCTION app_enqueue_org_job[\s\S]*?IF task NOT IN \(([^)]*)\)/g)].map((match) => match[1]!));
  expect(definitions.length).toBeGreaterThan(0);
  return [...definitions.at(-1)!.matchAll(/'([a-z_]+)'/g)].map((match) => match[1]!);
}

function rendered(query: SQL): { sql: string; params: unknown[] } {
  const { sql, params } = new PgDialect().sqlToQuery(query);
  return { sql, params };
}

function recordingTx(): { tx: Tx; queries: SQL[] } {
  const queries: SQL[] = [];
  const tx = { execute: async (query: SQL) => void queries.push(query) } as unknown as Tx;
  return { tx, queries };
}

describe("the job catalog", () => {
  it("names every job SQL queues, and each accepts the payload SQL builds for it", () => {
    const queued = jobsQueuedInSql();
    // The files_isolation migration queues profile_file itself; a scan that finds nothing is broken.
    expect(queued.map((job) => job.name)).toContain("profile_file");
    for (const { file, name, payloadKeys } of queued) {
      expect(isJobName(name), `${file} queues ${name}, which is not in the catalog`).toBe(true);
      if (!payloadKeys || !isJobName(name)) continue;
      const payload = Object.fromEntries(payloadKeys.map((key) => [key, `${key}_1`]));
      expect(jobCatalog[name].payload.safeParse(payload).success, `${file}: ${name} payload ${payloadKeys.join(", ")}`).toBe(true);
    }
  });

  it("routes each tenant-queued job through a gate that lets it through", () => {
    const allowed = orgJobGateAllows();
    const gated = jobNames.map((name) => [name, (jobCatalog[name] as { tenantGate?: string }).tenantGate] as const);
    for (const [name, gate] of gated) {
      if (gate === "org_job") expect(allowed, `app_enqueue_org_job refuses ${name}`).toContain(name);
    }
    const profiling = sqlSources.find(({ text }) => text.includes("FUNCTION app_enqueue_file_profiling"))!;
    const queuedByProfilingGate = /FUNCTION app_enqueue_file_profiling[\s\S]*?graphile_worker\.add_job\(\s*'([a-z_]+)'/.exec(profiling.text)![1];
    expect(gated.filter(([, gate]) => gate === "file_profiling").map(([name]) => name)).toEqual([queuedByProfilingGate]);
  });

  it("builds a crontab of catalog jobs, the clock-driven ones first in line", () => {
    const items = parseCrontab(crontab);
    expect(items.map((item) => item.task)).toEqual(["heartbeat", "scheduler_tick", "purge_expired", "purge_artifacts", "audit_checkpoint"]);
    for (const item of items) expect(item.options.maxAttempts).toBe(1);
    expect(items.filter((item) => item.options.priority === CLOCK_JOB_PRIORITY).map((item) => item.task)).toEqual(["heartbeat", "scheduler_tick"]);
  });
});

describe("enqueue", () => {
  it("queues a tenant's step run through app_enqueue_org_job, at the database's now unless told a time", async () => {
    const { tx, queries } = recordingTx();
    await enqueue(tx, "run_step", { stepRunId: "srun_1" }, { jobKey: "run_step:srun_1", runAt: null });
    await enqueue(tx, "run_step", { stepRunId: "srun_1" }, { jobKey: "run_step:srun_1", runAt: new Date("2026-01-02T03:04:05.000Z") });
    expect(rendered(queries[0]!)).toEqual({
      sql: "select app_enqueue_org_job($1, $2::jsonb, $3, now() + make_interval(secs => $4))",
      params: ["run_step", '{"stepRunId":"srun_1"}', "run_step:srun_1", 0],
    });
    expect(rendered(queries[1]!)).toEqual({
      sql: "select app_enqueue_org_job($1, $2::jsonb, $3, $4::timestamptz)",
      params: ["run_step", '{"stepRunId":"srun_1"}', "run_step:srun_1", "2026-01-02T03:04:05.000Z"],
    });
  });

  it("queues a triggered run after a delay, with the payload as given", async () => {
    const { tx, queries } = recordingTx();
    const payload = { triggerId: "trg_1", dedupeKey: "file_1", runTrigger: { kind: "event", triggerId: "trg_1", event: "inbox", eventId: "file_1" }, parameters: { file: "file_1" } } as const;
    await enqueue(tx, "start_triggered_run", payload, { jobKey: "trigger:trg_1:file:file_1", delaySeconds: 5 });
    expect(rendered(queries[0]!)).toEqual({
      sql: "select app_enqueue_org_job($1, $2::jsonb, $3, now() + make_interval(secs => $4))",
      params: ["start_triggered_run", JSON.stringify(payload), "trigger:trg_1:file:file_1", 5],
    });
  });

  it("queues file profiling through its own gate, which fixes the key and attempts", async () => {
    const { tx, queries } = recordingTx();
    await enqueue(tx, "profile_file", { fileId: "file_1" });
    expect(rendered(queries[0]!)).toEqual({ sql: "select app_enqueue_file_profiling($1)", params: ["file_1"] });
  });

  it("adds a job directly on graphile-worker's handle", async () => {
    const added: Array<[string, unknown, TaskSpec | undefined]> = [];
    const queue = { addJob: async (name: string, payload?: unknown, spec?: TaskSpec) => void added.push([name, payload, spec]) };
    await enqueue(queue as never, "heartbeat", {}, { jobKey: "heartbeat:startup", maxAttempts: 1 });
    expect(added).toEqual([["heartbeat", {}, { jobKey: "heartbeat:startup", maxAttempts: 1 }]]);
  });
});

describe("the worker's task list", () => {
  function recordingHandlers(): { handlers: JobHandlers; received: Array<[JobName, unknown]> } {
    const received: Array<[JobName, unknown]> = [];
    const handlers = Object.fromEntries(jobNames.map((name) => [name, async (payload: unknown) => void received.push([name, payload])])) as unknown as JobHandlers;
    return { handlers, received };
  }

  it("has one task per catalog job, each given its payload parsed by the catalog's schema", async () => {
    const { handlers, received } = recordingHandlers();
    const taskList = taskListFrom(handlers);
    expect(Object.keys(taskList).sort()).toEqual([...jobNames].sort());
    const helpers = {} as JobHelpers;
    await taskList.heartbeat!(null, helpers);
    await taskList.start_triggered_run!({ orgId: "org_1", triggerId: "trg_1", dedupeKey: "k", runTrigger: { kind: "schedule", triggerId: "trg_1", scheduledFor: "2026-01-01T00:00:00.000Z" } }, helpers);
    expect(received).toEqual([
      ["heartbeat", {}],
      ["start_triggered_run", { orgId: "org_1", triggerId: "trg_1", dedupeKey: "k", runTrigger: { kind: "schedule", triggerId: "trg_1", scheduledFor: "2026-01-01T00:00:00.000Z" }, parameters: {} }],
    ]);
  });

  it("fails a job whose payload its schema refuses, before the handler runs", async () => {
    const { handlers, received } = recordingHandlers();
    const taskList = taskListFrom(handlers);
    await expect(Promise.resolve().then(() => taskList.run_step!({ orgId: "org_1" }, {} as JobHelpers))).rejects.toThrow();
    await expect(Promise.resolve().then(() => taskList.profile_file!(null, {} as JobHelpers))).rejects.toThrow();
    expect(received).toEqual([]);
  });
});
