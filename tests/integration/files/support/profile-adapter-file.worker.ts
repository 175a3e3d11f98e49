import { createReadStream } from "node:fs";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { getAdapter } from "~/core/adapters";
import { streamingReaderOf } from "~/core/adapters/streaming/readers";
import { profileStreamed } from "~/modules/files/profile-streamed-adapter.server";
import { profileWholeBytes } from "~/modules/files/profile-with-adapter.server";

/**
 * Profiles one file on disk through its adapter, streamed or from its whole
 * bytes, on a thread the test started with a small heap; posts the counts.
 */
const { filePath, adapterName, mode } = workerData as { filePath: string; adapterName: string; mode: "streamed" | "whole" };
const adapter = getAdapter(adapterName)!;
const open = () => createReadStream(filePath, { highWaterMark: 64 * 1024 });
const file = { id: "file_large", name: path.basename(filePath), size: 0, policy: "strict" as const, overrides: {}, format: null };
const format = { adapter: adapterName, title: adapter.title, confidence: null, overridden: true, evidence: "test" };
const context = { compression: "none" as const, maxErrors: 100 };
const outcome =
  mode === "streamed" ? await profileStreamed(open, file, format, adapter, streamingReaderOf(adapterName)!, context) : await profileWholeBytes(open, file, format, adapter, context);
parentPort!.postMessage({ status: outcome.status, rowCount: outcome.rowCount, errorCount: outcome.errorCount, statementKeys: outcome.statementKeys.length, sampledRows: outcome.detectedSchema?.sampledRows });
