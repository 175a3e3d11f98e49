import { chmodSync, createReadStream, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "~/platform/db/embedded-postgres";
import { migrateDatabase } from "~/platform/db/migrate";
import { benchArgs, ensureEcommerceData, megabytes, trackPeakRss } from "./support";

/**
 * `npm run bench:stream -- [--orders N]`: the e-commerce pipeline (orders ↔
 * charges; charges ↔ payouts; payouts ↔ bank by reference; the leftovers by
 * amount and date) as a stream on generated data, through the real runtime:
 * PostgreSQL, graphile-worker, artifact storage, exceptions and lineage.
 *
 * Prints trigger-to-done time, each step's time split into input resolution,
 * engine and artifact writing, and the orchestration overhead per step: the
 * time from a step becoming ready (its dependencies done) to its commit,
 * minus the work (resolve + engine + the longer of artifact writing and the exception insert, which overlap). The baseline, in the same
 * process, is the same four reconciliations run directly (read the same
 * files, reconcile) with no runtime around them.
 */
const args = benchArgs({ orders: 100_000, seed: 7 });
const dir = ensureEcommerceData(args);
const dataDir = mkdtempSync(path.join(os.tmpdir(), "reconstream-bench-stream-"));
// As root the embedded cluster runs as the "postgres" user, which must traverse the 0700 mkdtemp folder.
chmodSync(dataDir, 0o755);

let embedded: EmbeddedDatabase | undefined;
let adminUrl: string | undefined;
const benchDatabase = `rs_bench_stream_${process.pid}`;
let databaseUrl: string;
if (process.env.DATABASE_URL) {
  const server = new URL(process.env.DATABASE_URL);
  server.pathname = "/postgres";
  adminUrl = server.toString();
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${benchDatabase}`);
  await admin.end();
  server.pathname = `/${benchDatabase}`;
  databaseUrl = server.toString();
} else {
  embedded = await startEmbeddedPostgres({ dataDir });
  databaseUrl = embedded.url;
}
await migrateDatabase(databaseUrl);
process.env.DATABASE_URL = databaseUrl;
process.env.DATA_DIR = dataDir;
process.env.LOG_LEVEL = "silent";

// App modules read the environment once, so they load after it is set.
const { createOrganizationWithOwner } = await import("~/modules/tenancy/organizations.server");
const { createUploadedFile, getFile, readReadyFile } = await import("~/modules/files/index.server");
const { getArtifactStore } = await import("~/platform/storage/index.server");
const { createStream } = await import("~/modules/streams/definition/streams.server");
const { startStreamRun, getRun, listStepRuns } = await import("~/modules/streams/runs/stream-runs.server");
const { reconcile } = await import("~/core/engine/reconcile");
const { getAdapter } = await import("~/core/adapters");
const { streamDefinitionSchema } = await import("~/core/streams/definition");
const { startWorker } = await import("../../worker/runner");
const { closeDb } = await import("~/platform/db/client");
const { createEcommerceRuleSets, ecommercePipeline, payoutsVsBankByAmount, payoutsVsBankByReference } = await import("../support/ecommerce-pipeline");
const { chargesVsPayouts, ordersVsCharges } = await import("../support/ecommerce-rule-sets");
const pino = (await import("pino")).default;

const { organization, user } = await createOrganizationWithOwner({ name: "Bench", owner: { email: "bench@example.test", name: "Bench" }, actorLabel: "bench" });
const ctx = { orgId: organization.id, actor: { type: "user" as const, id: user.id, label: "bench@example.test", role: "owner" as const } };
const runner = await startWorker({ connectionString: databaseUrl, concurrency: 4, logger: pino({ level: "silent" }), withCron: false });

const FILES = { orders: "shopify_orders.csv", balance: "stripe_balance.csv", payouts: "stripe_payouts.csv", bank: "bank_statement.csv" } as const;
const fileIds: Record<string, string> = {};
process.stderr.write("uploading and profiling the four files…\n");
for (const [parameter, name] of Object.entries(FILES)) {
  const stored = await getArtifactStore().put(createReadStream(path.join(dir, name), { highWaterMark: 1 << 22 }));
  const { file } = await createUploadedFile(ctx, { stored, name, mime: "text/csv", tags: [], inbox: null, policy: "strict" });
  fileIds[parameter] = file.id;
}
for (const id of Object.values(fileIds)) {
  for (;;) {
    const file = await getFile(ctx, id);
    if (file.status === "failed") throw new Error(`profiling failed: ${JSON.stringify(file.errors.slice(0, 3))}`);
    if (file.status === "ready") break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Baseline: the same four reconciliations, run directly, sequentially.
const rss = trackPeakRss();
const baselineStarted = performance.now();
{
  const files = Object.fromEntries(await Promise.all(Object.entries(fileIds).map(async ([parameter, id]) => [parameter, await getFile(ctx, id)] as const)));
  const ordersBytes: Uint8Array[] = [];
  for await (const chunk of await getArtifactStore().get(files.orders!.storageKey)) ordersBytes.push(chunk as Uint8Array);
  const orders = getAdapter("shopify_orders")!.read(Buffer.concat(ordersBytes), { sourceId: files.orders!.id, fileName: files.orders!.name });
  const balance = await readReadyFile(ctx, files.balance!);
  const payouts = await readReadyFile(ctx, files.payouts!);
  const bank = await readReadyFile(ctx, files.bank!);
  reconcile({ source: orders, target: balance, definition: ordersVsCharges });
  reconcile({ source: balance, target: payouts, definition: chargesVsPayouts });
  reconcile({ source: payouts, target: bank, definition: payoutsVsBankByReference });
  reconcile({ source: payouts, target: bank, definition: payoutsVsBankByAmount });
}
const baselineMs = performance.now() - baselineStarted;

const ruleSets = await createEcommerceRuleSets({ ownerCtx: ctx });
const { stream } = await createStream(ctx, { name: "E-commerce pipeline", definition: streamDefinitionSchema.parse(ecommercePipeline(ruleSets)) });
const triggered = performance.now();
const triggeredAt = Date.now();
const run = await startStreamRun(ctx, stream.id, { parameters: fileIds, trigger: { kind: "manual", actorType: "user", actorId: user.id, actorLabel: "bench" } });
let ended = run;
// When each step's commit became visible: its result is usable from then on.
const committedAt = new Map<string, number>();
while (!["succeeded", "failed", "partially_succeeded", "cancelled"].includes(ended.state)) {
  await new Promise((resolve) => setTimeout(resolve, 5));
  ended = await getRun(ctx, run.id);
  for (const step of await listStepRuns(ctx, run.id)) if (step.state === "succeeded" && !committedAt.has(step.stepKey)) committedAt.set(step.stepKey, Date.now());
}
const streamMs = performance.now() - triggered;
const peakRssMb = megabytes(rss.stop());
if (ended.state !== "succeeded") throw new Error(`the run ended ${ended.state}`);

const steps = await listStepRuns(ctx, run.id);
const finishedAt = new Map(steps.map((step) => [step.stepKey, Date.parse(step.attempts.at(-1)!.finishedAt!)]));
const definition = ecommercePipeline(ruleSets);
const rows: Array<Record<string, string | number>> = [];
let totalOverhead = 0;
let inputRows = 0;
for (const step of steps) {
  const metrics = step.metrics!;
  const dependsOn = [...((definition.steps.find((candidate) => candidate.key === step.stepKey) as { dependsOn?: string[] }).dependsOn ?? [])];
  const inputs = definition.steps.find((candidate) => candidate.key === step.stepKey)!.inputs as Record<string, { stepKey?: string }>;
  for (const input of Object.values(inputs)) if (input.stepKey) dependsOn.push(input.stepKey);
  // Ready when its dependencies' commits are visible (the commit queues it); their commit time is theirs, not this step's.
  const readyAt = Math.max(triggeredAt, ...dependsOn.map((key) => committedAt.get(key) ?? finishedAt.get(key)!));
  const wallMs = finishedAt.get(step.stepKey)! - readyAt;
  // Artifact writing and the exception insert run at the same time (I/O both): the longer of the two is work.
  const workMs = metrics.timings.resolveMs + metrics.timings.engineMs + Math.max(metrics.timings.writeMs, metrics.timings.exceptionsMs ?? 0);
  const overheadMs = Math.max(0, wallMs - workMs);
  totalOverhead += overheadMs;
  inputRows += metrics.source.rows + metrics.target.rows;
  rows.push({
    step: step.stepKey,
    rowsIn: metrics.source.rows + metrics.target.rows,
    matches: metrics.matches,
    exceptions: metrics.exceptions,
    resolveMs: metrics.timings.resolveMs,
    engineMs: metrics.timings.engineMs,
    writeMs: metrics.timings.writeMs,
    exceptionsMs: metrics.timings.exceptionsMs,
    wallMs,
    overheadMs,
    commitMs: (committedAt.get(step.stepKey) ?? finishedAt.get(step.stepKey)!) - finishedAt.get(step.stepKey)!,
  });
}
console.table(rows);
const overheadMsPerStep = Math.round(totalOverhead / steps.length);
console.log(`orders: ${args.orders}; trigger to done: ${Math.round(streamMs)} ms; baseline (same reconciliations, no runtime): ${Math.round(baselineMs)} ms; ratio ${(streamMs / baselineMs).toFixed(2)}`);
console.log(`orchestration overhead per step (ready → commit start, minus resolve, engine, and the longer of artifact writing and the exception insert, which run together): ${overheadMsPerStep} ms; peak RSS ${peakRssMb} MB`);
console.log("commitMs: the step's one transaction (artifact rows, exceptions, carry-forward, lineage, next steps queued), as seen by a poller");

await runner.stop();
await closeDb();
if (embedded) await embedded.stop();
if (adminUrl) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${benchDatabase} with (force)`);
  await admin.end();
}
rmSync(dataDir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    bench: "stream",
    orders: args.orders,
    rows: inputRows,
    ms: Math.round(streamMs),
    baselineMs: Math.round(baselineMs),
    ratio: Number((streamMs / baselineMs).toFixed(2)),
    overheadMsPerStep,
    peakRssMb,
    steps: Object.fromEntries(rows.map((row) => [row.step, { wallMs: row.wallMs, engineMs: row.engineMs, overheadMs: row.overheadMs, commitMs: row.commitMs }])),
  }),
);
