import { createHash } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { eq } from "drizzle-orm";
import type { Runner } from "graphile-worker";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "~/platform/env.server";
import { purgeExpiredArtifacts } from "~/modules/streams/runs/artifacts.server";
import { listAuditEvents } from "~/modules/audit/audit.server";
import { setFeatureFlag } from "~/modules/tenancy/feature-flags.server";
import { getDb } from "~/platform/db/client";
import { reconciliationArtifacts, reconciliationLineageEvents, uploadedFiles } from "~/platform/db/schema";
import { startWorker } from "../../../worker/runner";
import { createTestOrg, problemOf, type TestOrg } from "../../support/factories";
import { insertStreamRun, type InsertedArtifact, type StreamRunRows } from "../../support/stream-rows";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

let baseUrl: string;
let org: TestOrg;
let otherOrg: TestOrg;
let viewer: ApiClient;
let rows: StreamRunRows;
let runner: Runner | undefined;

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg("Artifacts Inc");
  otherOrg = await createTestOrg("Elsewhere Ltd");
  viewer = apiClient(baseUrl, org.keys.viewer);
  rows = await insertStreamRun(org);
});

afterAll(async () => {
  await runner?.stop();
});

const DAY = 86_400_000;

function sha256Of(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function storedObjectPath(key: string): string {
  return path.join(getEnv().STORAGE_DIR, key.slice(0, 2), key.slice(2, 4), key);
}

function firstArtifact(run: StreamRunRows = rows): InsertedArtifact {
  return run.stepRuns[0]!.artifacts[0]!;
}

function expectedResource(artifact: InsertedArtifact, run: StreamRunRows = rows) {
  return {
    id: artifact.id,
    object: "artifact",
    runId: run.runId,
    stepRunId: artifact.stepRunId,
    stepKey: artifact.stepKey,
    fileId: artifact.fileId,
    artifactType: artifact.artifactType,
    checksum: artifact.checksum,
    size: artifact.size,
    rowCount: 2,
    columns: [
      { name: "_source_file", role: "system" },
      { name: "_source_line", role: "system" },
      { name: "order_id", role: "original" },
      { name: "amount", role: "original" },
      { name: "@amount", role: "canonical" },
    ],
    retentionDays: 30,
    retentionUntil: artifact.retentionUntil.toISOString(),
    status: "available",
    purgedAt: null,
    createdAt: artifact.createdAt.toISOString(),
    downloadUrl: `/api/v1/artifacts/${artifact.id}/download`,
  };
}

async function auditActions(resourceId: string): Promise<string[]> {
  const { events } = await listAuditEvents(org.ownerCtx, { limit: 50, resourceType: "artifact", resourceId });
  return events.map((event) => event.action).reverse();
}

async function integrityFailureCount(): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = text.split("\n").find((candidate) => candidate.startsWith("reconstream_artifact_integrity_failures_total "));
  return Number(line?.split(" ")[1]);
}

describe("artifact metadata", () => {
  it("shows a viewer the artifact: type, checksum, rows, columns and retention", async () => {
    const artifact = firstArtifact();
    const response = await viewer.get(`/api/v1/artifacts/${artifact.id}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(expectedResource(artifact));
  });

  it("lists the artifacts of a step run in type order, as one page", async () => {
    const stepRun = rows.stepRuns[1]!;
    const response = await viewer.get(`/api/v1/step-runs/${stepRun.id}/artifacts`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: Array<{ artifactType: string }> };
    expect(body).toEqual({
      object: "list",
      data: stepRun.artifacts.map((artifact) => expectedResource(artifact)),
      hasMore: false,
      nextCursor: null,
    });
    expect(body.data.map((artifact) => artifact.artifactType)).toEqual(["UNMATCHED_SOURCE", "UNMATCHED_TARGET", "EXCEPTIONS"]);
  });

  it("answers 404 for an unknown step run", async () => {
    const response = await viewer.get("/api/v1/step-runs/srun_01JD0000000000000000000000/artifacts");
    expect(response.status).toBe(404);
    expect((await problemOf(response)).type).toBe("/problems/not-found");
  });
});

describe("artifact download", () => {
  it("streams the gzip'd CSV to a viewer, verified, named after the run and step, and audits it", async () => {
    const artifact = rows.stepRuns[1]!.artifacts[1]!;
    const response = await viewer.get(`/api/v1/artifacts/${artifact.id}/download`);
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(sha256Of(bytes)).toBe(artifact.checksum);
    expect(gunzipSync(bytes).toString("utf8")).toBe(artifact.csv);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "application/gzip",
      "content-length": String(artifact.size),
      "content-disposition": `attachment; filename="${rows.runId}-charges_payouts-unmatched_target.csv.gz"; filename*=UTF-8''${rows.runId}-charges_payouts-unmatched_target.csv.gz`,
      etag: `"${artifact.checksum}"`,
      digest: `sha-256=${Buffer.from(artifact.checksum, "hex").toString("base64")}`,
    });

    const { events } = await listAuditEvents(org.ownerCtx, { limit: 1, resourceType: "artifact", resourceId: artifact.id });
    expect(events[0]).toMatchObject({
      action: "artifact.downloaded",
      actorType: "api_key",
      actorId: org.keyIds.viewer,
      changes: {
        after: {
          runId: rows.runId,
          stepRunId: artifact.stepRunId,
          stepKey: "charges_payouts",
          artifactType: "UNMATCHED_TARGET",
          checksum: artifact.checksum,
          size: artifact.size,
          rowCount: 2,
        },
      },
    });
  });

  it("answers HEAD with the download's headers after verifying, and audits no download", async () => {
    const artifact = rows.stepRuns[0]!.artifacts[2]!;
    const response = await fetch(`${baseUrl}/api/v1/artifacts/${artifact.id}/download`, {
      method: "HEAD",
      headers: { Authorization: `Bearer ${org.keys.viewer}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe(`"${artifact.checksum}"`);
    expect(response.headers.get("content-length")).toBe(String(artifact.size));
    expect(await auditActions(artifact.id)).toEqual([]);
  });

  it("answers 500 artifact-integrity-failed for corrupted bytes, sends none of them, audits and counts it", async () => {
    const artifact = rows.stepRuns[2]!.artifacts[0]!;
    const failuresBefore = await integrityFailureCount();
    const corrupted = Buffer.from(artifact.bytes);
    corrupted[corrupted.length - 5] = corrupted[corrupted.length - 5]! ^ 0xff;
    writeFileSync(storedObjectPath(artifact.storageKey), corrupted);

    const response = await viewer.get(`/api/v1/artifacts/${artifact.id}/download`);
    expect(response.status).toBe(500);
    expect(await problemOf(response)).toEqual({
      type: "/problems/artifact-integrity-failed",
      title: "Stored file failed its integrity check",
      status: 500,
      detail: `The stored bytes of artifact '${artifact.id}' no longer match the sha256 recorded when the step wrote them, so nothing was sent`,
      instance: `/api/v1/artifacts/${artifact.id}/download`,
      requestId: expect.stringMatching(/^req_/),
    });
    expect(await auditActions(artifact.id)).toEqual(["artifact.integrity_failed"]);
    const { events } = await listAuditEvents(org.ownerCtx, { limit: 1, resourceType: "artifact", resourceId: artifact.id });
    expect(events[0]!.changes).toMatchObject({ after: { problem: "checksum_mismatch", checksum: artifact.checksum } });
    expect(await integrityFailureCount()).toBe(failuresBefore + 1);
  });

  it("hides another org's artifacts and step runs behind 404", async () => {
    const artifact = firstArtifact();
    const intruder = apiClient(baseUrl, otherOrg.keys.owner);
    for (const target of [
      `/api/v1/artifacts/${artifact.id}`,
      `/api/v1/artifacts/${artifact.id}/download`,
      `/api/v1/step-runs/${artifact.stepRunId}/artifacts`,
    ]) {
      const response = await intruder.get(target);
      expect(response.status, target).toBe(404);
      expect((await problemOf(response)).type).toBe("/problems/not-found");
    }
    expect(await auditActions(artifact.id)).toEqual([]);
  });

  it("answers 404 while the org's streams flag is off", async () => {
    const gated = await createTestOrg("Gated Co");
    const run = await insertStreamRun(gated);
    await setFeatureFlag(gated.ownerCtx, "streams", false);
    const client = apiClient(baseUrl, gated.keys.owner);
    const artifact = firstArtifact(run);
    for (const target of [
      `/api/v1/artifacts/${artifact.id}`,
      `/api/v1/artifacts/${artifact.id}/download`,
      `/api/v1/step-runs/${artifact.stepRunId}/artifacts`,
    ]) {
      expect((await client.get(target)).status, target).toBe(404);
    }
    await setFeatureFlag(gated.ownerCtx, "streams", true);
    expect((await client.get(`/api/v1/artifacts/${artifact.id}`)).status).toBe(200);
  });
});

describe("retention", () => {
  it("purges the bytes of expired artifacts only, keeps metadata, file rows and lineage, and answers 410 to downloads", async () => {
    const writtenAt = new Date("2026-01-10T08:00:00.000Z");
    const expired = await insertStreamRun(org, { retentionDays: 7, artifactsCreatedAt: writtenAt });
    const fresh = await insertStreamRun(org, { retentionDays: 30, artifactsCreatedAt: writtenAt });
    const now = new Date(writtenAt.getTime() + 8 * DAY);
    const lineageBefore = await getDb().select().from(reconciliationLineageEvents).where(eq(reconciliationLineageEvents.runId, expired.runId));

    const { purged } = await purgeExpiredArtifacts(now);

    const expiredArtifacts = expired.stepRuns.flatMap((stepRun) => stepRun.artifacts);
    expect(purged).toBe(expiredArtifacts.length);
    for (const artifact of expiredArtifacts) {
      expect(existsSync(storedObjectPath(artifact.storageKey))).toBe(false);
      const metadata = await viewer.get(`/api/v1/artifacts/${artifact.id}`);
      expect(await metadata.json()).toEqual({
        ...expectedResource(artifact, expired),
        retentionDays: 7,
        status: "purged",
        purgedAt: now.toISOString(),
      });
      const download = await viewer.get(`/api/v1/artifacts/${artifact.id}/download`);
      expect(download.status).toBe(410);
      expect(await problemOf(download)).toMatchObject({
        type: "/problems/gone",
        status: 410,
        detail: `The bytes of artifact '${artifact.id}' were deleted by retention on ${now.toISOString()} (kept 7 days); its metadata and lineage are kept`,
      });
      // The artifact's entry in the files catalogue stays, but its bytes are gone there too.
      expect((await viewer.get(`/api/v1/files/${artifact.fileId}`)).status).toBe(200);
      const fileDownload = await viewer.get(`/api/v1/files/${artifact.fileId}/download`);
      expect(fileDownload.status).toBe(410);
      expect((await problemOf(fileDownload)).type).toBe("/problems/gone");
      expect(await auditActions(artifact.id)).toEqual(["artifact.purged"]);
    }
    const lineageAfter = await getDb().select().from(reconciliationLineageEvents).where(eq(reconciliationLineageEvents.runId, expired.runId));
    expect(lineageAfter).toEqual(lineageBefore);

    for (const artifact of fresh.stepRuns.flatMap((stepRun) => stepRun.artifacts)) {
      expect(existsSync(storedObjectPath(artifact.storageKey))).toBe(true);
      expect((await viewer.get(`/api/v1/artifacts/${artifact.id}/download`)).status).toBe(200);
    }
    // Nothing left to purge at the same instant: a second pass changes nothing.
    expect(await purgeExpiredArtifacts(now)).toEqual({ purged: 0 });
  });

  it("keeps bytes that an artifact still within retention shares, and releases them with the last one", async () => {
    const sameRows = () => "_source_file,_source_line,order_id\nfile_x,2,A-1\n";
    const writtenAt = new Date("2026-02-01T00:00:00.000Z");
    const older = await insertStreamRun(org, { retentionDays: 7, artifactsCreatedAt: writtenAt, artifactCsv: sameRows, steps: [{ key: "only" }] });
    const newer = await insertStreamRun(org, { retentionDays: 14, artifactsCreatedAt: writtenAt, artifactCsv: sameRows, steps: [{ key: "only" }] });
    const shared = firstArtifact(older);
    expect(firstArtifact(newer).storageKey).toBe(shared.storageKey);

    await purgeExpiredArtifacts(new Date(writtenAt.getTime() + 8 * DAY));
    expect(existsSync(storedObjectPath(shared.storageKey))).toBe(true);
    expect((await viewer.get(`/api/v1/artifacts/${firstArtifact(older).id}/download`)).status).toBe(410);
    const stillThere = await viewer.get(`/api/v1/artifacts/${firstArtifact(newer).id}/download`);
    expect(stillThere.status).toBe(200);
    expect(sha256Of(new Uint8Array(await stillThere.arrayBuffer()))).toBe(shared.checksum);

    await purgeExpiredArtifacts(new Date(writtenAt.getTime() + 15 * DAY));
    expect(existsSync(storedObjectPath(shared.storageKey))).toBe(false);
    const [fileRow] = await getDb().select().from(uploadedFiles).where(eq(uploadedFiles.id, firstArtifact(newer).fileId));
    expect(fileRow).toMatchObject({ kind: "artifact", sha256: shared.checksum, status: "ready" });
  });

  it("runs hourly as the purge_artifacts task of the real worker", async () => {
    const expired = await insertStreamRun(org, { retentionDays: 1, artifactsCreatedAt: new Date(Date.now() - 2 * DAY), steps: [{ key: "only" }] });
    runner = await startWorker({ connectionString: getEnv().DATABASE_URL!, concurrency: 1, logger: pino({ level: "silent" }), withCron: false });
    await runner.addJob("purge_artifacts", {});
    const artifactId = firstArtifact(expired).id;
    const deadline = Date.now() + 20_000;
    let status = "available";
    while (status !== "purged" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      [{ status }] = (await getDb()
        .select({ status: reconciliationArtifacts.status })
        .from(reconciliationArtifacts)
        .where(eq(reconciliationArtifacts.id, artifactId))) as [{ status: string }];
    }
    expect(status).toBe("purged");
    // The bytes are released just after the purge commits, so the row may say purged a moment before the file is gone.
    const path = storedObjectPath(firstArtifact(expired).storageKey);
    while (existsSync(path) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(existsSync(path)).toBe(false);
    const { crontab } = await import("../../../worker/tasks/index");
    expect(crontab).toContain("purge_artifacts");
  });
});
