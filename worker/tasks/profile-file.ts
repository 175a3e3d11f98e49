import type { Task } from "graphile-worker";
import { z } from "zod";
import { systemActor } from "../../app/auth/actor";
import { profileUploadedFile } from "../../app/services/files.server";

const payloadSchema = z.object({ orgId: z.string().min(1), fileId: z.string().min(1) });

/**
 * Queued with every upload and every re-profile request (job key
 * `profile_file:<fileId>`): detects the file's format and columns, reads it
 * through once, and records the file as ready or failed.
 */
export const profileFile: Task = async (payload, helpers) => {
  const { orgId, fileId } = payloadSchema.parse(payload);
  const ctx = { orgId, actor: systemActor("worker:profile_file") };
  await profileUploadedFile(ctx, fileId, { lastAttempt: helpers.job.attempts >= helpers.job.max_attempts });
};
