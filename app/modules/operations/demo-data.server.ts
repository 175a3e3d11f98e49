import { readFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { and, eq, like } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { Conflict } from "~/core/errors/domain-errors";
import { getArtifactStore } from "~/platform/storage/index.server";
import { reconciliationStreams } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { createUploadedFile, releaseStoredObject } from "~/modules/files/index.server";
import { manualTrigger, startStreamRun } from "~/modules/streams/index.server";
import { instantiateTemplate } from "~/modules/templates/index.server";

/**
 * "Load demo data" for an empty org: the e-commerce pack instantiated as the
 * org's own rule sets and stream, its generator-style sample files uploaded
 * as ordinary files, and one run started, so every page has something real
 * to show within seconds. Everything goes through the same services as the
 * API, audited as the user who asked.
 */
export const DEMO_TEMPLATE_ID = "ecommerce-payouts";
export const DEMO_STREAM_NAME = "Demo store payouts";
const DEMO_STREAM_KEY = "shopify-stripe-bank";

export interface DemoData {
  streamId: string;
  runId: string;
  fileIds: Record<string, string>;
}

export async function loadDemoData(ctx: OrgContext): Promise<DemoData> {
  // One demo per org: a second click (or a second tab) must not make a second set.
  const [existing] = await inOrgTransaction(ctx.orgId, (tx) =>
    tx
      .select({ id: reconciliationStreams.id })
      .from(reconciliationStreams)
      // A pack with several streams names each "<name> · <stream>", so match the prefix.
      .where(and(eq(reconciliationStreams.orgId, ctx.orgId), like(reconciliationStreams.name, `${DEMO_STREAM_NAME}%`)))
      .limit(1),
  );
  if (existing) throw new Conflict(`The demo data is already loaded (stream '${existing.id}')`);

  const samples = await readPackSamples();
  const instantiation = await instantiateTemplate(ctx, DEMO_TEMPLATE_ID, { name: DEMO_STREAM_NAME, parameters: { currency: "USD" } });
  const stream = instantiation.streams.find((candidate) => candidate.key === DEMO_STREAM_KEY) ?? instantiation.streams[0]!;

  const fileIds: Record<string, string> = {};
  for (const sample of samples) {
    const stored = await getArtifactStore().put(Readable.from([sample.bytes]));
    try {
      const { file } = await createUploadedFile(ctx, { stored, name: sample.name, mime: "text/csv", tags: ["demo"], inbox: null, policy: "strict" });
      fileIds[sample.input] = file.id;
    } catch (error) {
      await releaseStoredObject(ctx, stored.key);
      throw error;
    }
  }
  // Runs accept files that are still profiling; the first step waits for them.
  const run = await startStreamRun(ctx, stream.id, { parameters: fileIds, trigger: manualTrigger(ctx) });
  return { streamId: stream.id, runId: run.id, fileIds };
}

interface Sample {
  input: string;
  name: string;
  bytes: Buffer;
}

/** The pack's sample files, by the stream input each one feeds, as the pack's manifest lists them. */
async function readPackSamples(): Promise<Sample[]> {
  const dir = path.join(process.cwd(), "plugins", DEMO_TEMPLATE_ID);
  const manifest = JSON.parse(await readFile(path.join(dir, "reconstream-pack.json"), "utf8")) as {
    streams: Array<{ key: string; samples: Record<string, string> }>;
  };
  const stream = manifest.streams.find((candidate) => candidate.key === DEMO_STREAM_KEY) ?? manifest.streams[0]!;
  return Promise.all(
    Object.entries(stream.samples).map(async ([input, relative]) => ({
      input,
      name: path.basename(relative),
      bytes: await readFile(path.join(dir, relative)),
    })),
  );
}
