import { getAdapter } from "~/core/adapters";
import { compileLinearRegex } from "~/core/engine/linear-regex";
import type { PackManifest } from "./pack-schema";

/**
 * Which of a pack's inputs an uploaded file looks like ("this looks like a
 * Stripe itemized payout reconciliation report"): every signature column is
 * in its header, or its first bytes match the signature's pattern. An input
 * without a signature of its own uses its adapter's. Most specific first: a
 * first-bytes marker, then the most signature columns.
 */
export function recognizePackInputs(manifest: PackManifest, columns: readonly string[], firstBytes: string): string[] {
  const header = new Set(columns.map((name) => name.trim()));
  const text = firstBytes.replace(/^\uFEFF/, "");
  const scored: Array<{ key: string; score: number }> = [];
  for (const [key, input] of Object.entries(manifest.inputs)) {
    const signature = input.signature ?? (input.adapter ? getAdapter(input.adapter)?.signature : undefined);
    if (!signature) continue;
    // Pack authors write these patterns; RE2 (linear time) keeps a hostile one from stalling an upload.
    if (signature.firstBytes !== undefined && compileLinearRegex(signature.firstBytes, "m").test(text)) {
      scored.push({ key, score: 1000 });
      continue;
    }
    // An adapter may name several headers (bank_csv: one per bank); the largest one present counts.
    const alternatives = input.signature || !input.adapter ? [] : (getAdapter(input.adapter)?.alternativeHeaders ?? []);
    const sets: ReadonlyArray<readonly string[]> = [signature.columns ?? [], ...alternatives];
    const score = Math.max(0, ...sets.filter((set) => set.length > 0 && set.every((name) => header.has(name))).map((set) => set.length));
    if (score > 0) scored.push({ key, score });
  }
  return scored.sort((a, b) => b.score - a.score || a.key.localeCompare(b.key)).map((entry) => entry.key);
}
