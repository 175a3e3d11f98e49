import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "~/platform/db/embedded-postgres";

/**
 * The zero-setup database: `npm start` on a fresh machine, and again after the
 * previous run was killed hard.
 */
const dataDir = mkdtempSync(path.join(os.tmpdir(), "reconstream-embedded-"));
chmodSync(dataDir, 0o755);
const started: EmbeddedDatabase[] = [];

afterAll(async () => {
  for (const database of started.reverse()) await database.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function query(url: string, text: string) {
  const db = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await db.unsafe(text);
  } finally {
    await db.end();
  }
}

function postmasterPid(): number {
  return Number(readFileSync(path.join(dataDir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("embedded PostgreSQL", () => {
  it("creates a cluster on first start and keeps its data across restarts", async () => {
    const first = await startEmbeddedPostgres({ dataDir });
    expect(first.owned).toBe(true);
    await query(first.url, "create table kept (value text); insert into kept values ('still here')");
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir });
    started.push(second);
    expect(await query(second.url, "select value from kept")).toEqual([{ value: "still here" }]);
  });

  it("attaches instead of starting a second cluster while the owner lives", async () => {
    const attached = await startEmbeddedPostgres({ dataDir });
    expect(attached.owned).toBe(false);
    expect(attached.url).toBe(started[0]!.url);
    await attached.stop(); // a no-op for a process that does not own the cluster
    expect(await query(started[0]!.url, "select 1 as ok")).toEqual([{ ok: 1 }]);
    await started.pop()!.stop();
  });

  it("starts even though a killed run left a stale postmaster.pid behind", async () => {
    writeFileSync(path.join(dataDir, "pg", "postmaster.pid"), "999999\n/nowhere\n0\n5999\n");
    const database = await startEmbeddedPostgres({ dataDir });
    started.push(database);
    expect(await query(database.url, "select 1 as ok")).toEqual([{ ok: 1 }]);
    await started.pop()!.stop();
  });

  it("recovers the cluster of an owner killed with SIGKILL and attaches while an owner lives", async () => {
    const holder = spawn(process.execPath, ["--import", "tsx", "tests/support/fixtures/hold-embedded-postgres.ts", dataDir], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const { url: holderUrl } = await new Promise<{ url: string }>((resolve, reject) => {
      holder.stdout!.once("data", (chunk: Buffer) => resolve(JSON.parse(chunk.toString()) as { url: string }));
      holder.once("exit", (code) => reject(new Error(`holder exited early with ${code}`)));
    });

    const attached = await startEmbeddedPostgres({ dataDir });
    expect(attached.owned).toBe(false);
    expect(attached.url).toBe(holderUrl);
    expect(await query(attached.url, "select value from kept")).toEqual([{ value: "still here" }]);

    const orphan = postmasterPid();
    holder.kill("SIGKILL");
    await new Promise((resolve) => holder.once("exit", resolve));
    expect(isAlive(orphan)).toBe(true); // the kill left PostgreSQL running without its owner

    const recovered = await startEmbeddedPostgres({ dataDir });
    started.push(recovered);
    expect(recovered.owned).toBe(true);
    expect(isAlive(orphan)).toBe(false);
    expect(await query(recovered.url, "select value from kept")).toEqual([{ value: "still here" }]);
  });
});

describe("exit codes of processes that load the embedded-postgres module", () => {
  it("are left alone, so a failing run still exits non-zero", async () => {
    const { spawnSync } = await import("node:child_process");
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", 'await import("./app/platform/db/embedded-postgres.ts"); process.exitCode = 3;'],
      { encoding: "utf8" },
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(3);
  });
});
