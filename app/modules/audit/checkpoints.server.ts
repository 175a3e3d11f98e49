import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import canonicalize from "canonicalize";
import { z } from "zod";
import { getEnv } from "~/platform/env.server";

/**
 * The audit chain's head, anchored outside the database. A chain only proves
 * that nothing *inside* it changed; someone who can write the table can still
 * delete its newest events or rebuild it. A checkpoint — org, last event id
 * and seq, its hash, the count, the time — signed with the audit key and
 * kept in the storage directory says where the chain stood, so verify can
 * tell that events after it are missing, or that the history no longer ends
 * in the hash it had. One file per org (the latest), replaced atomically by
 * the `audit_checkpoint` worker task.
 */
const checkpointSchema = z.object({
  object: z.literal("audit_checkpoint"),
  version: z.literal(1),
  orgId: z.string(),
  lastEventId: z.string(),
  seq: z.number().int().positive(),
  hash: z.string(),
  count: z.number().int().positive(),
  createdAt: z.string(),
  signature: z.string(),
});

export type AuditCheckpoint = z.infer<typeof checkpointSchema>;
export type AuditHead = Pick<AuditCheckpoint, "orgId" | "lastEventId" | "seq" | "hash" | "count">;

const ORG_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function auditCheckpointPath(orgId: string): string {
  if (!ORG_ID.test(orgId)) throw new Error(`not an org id: ${orgId}`);
  return path.join(getEnv().STORAGE_DIR, "audit-checkpoints", `${orgId}.json`);
}

function signatureOf(checkpoint: Omit<AuditCheckpoint, "signature">): Buffer {
  return createHmac("sha256", Buffer.from(getEnv().AUDIT_HMAC_KEY, "hex"))
    .update(`audit-checkpoint:${canonicalize(checkpoint) ?? ""}`)
    .digest();
}

export function checkpointSignatureValid(checkpoint: AuditCheckpoint): boolean {
  const { signature, ...signed } = checkpoint;
  const given = Buffer.from(signature, "hex");
  const expected = signatureOf(signed);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The org's latest checkpoint, or null before the first one. A file that is not a checkpoint is an error, not "none". */
export async function readAuditCheckpoint(orgId: string): Promise<AuditCheckpoint | null> {
  let text: string;
  try {
    text = await readFile(auditCheckpointPath(orgId), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  return checkpointSchema.parse(JSON.parse(text));
}

/** Written to a temp file, synced, then renamed over the old one: a crash leaves the old checkpoint or the new, never half of one. */
export async function writeAuditCheckpoint(head: AuditHead, now: Date = new Date()): Promise<AuditCheckpoint> {
  const unsigned = { object: "audit_checkpoint" as const, version: 1 as const, ...head, createdAt: now.toISOString() };
  const checkpoint: AuditCheckpoint = { ...unsigned, signature: signatureOf(unsigned).toString("hex") };
  const target = auditCheckpointPath(head.orgId);
  await mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${randomUUID()}.partial`;
  try {
    const handle = await open(temporary, "wx", 0o600);
    try {
      await handle.writeFile(JSON.stringify(checkpoint, null, 2));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
  return checkpoint;
}

/** Orgs with a checkpoint, so an org whose every event was deleted is still verified (and fails). */
export async function listCheckpointedOrgIds(): Promise<string[]> {
  try {
    const names = await readdir(path.join(getEnv().STORAGE_DIR, "audit-checkpoints"));
    return names.filter((name) => name.endsWith(".json")).map((name) => name.slice(0, -".json".length)).filter((orgId) => ORG_ID.test(orgId));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}
