import { FORMAT_ADAPTERS, getAdapter, type FormatAdapter } from "~/core/adapters";
import { canonicalSchemaOfAdapter } from "~/core/canonical";
import { compileLinearRegex } from "~/core/engine/linear-regex";
import type { PackManifest } from "./pack-schema";

/**
 * Which of a pack's inputs an uploaded file looks like ("this looks like a
 * Stripe itemized payout reconciliation report"): every signature column is
 * in its header, or its first bytes match the signature's pattern. An input
 * without a signature of its own uses its adapter's, and one that accepts a
 * canonical schema uses those of every adapter projecting to that schema.
 * Most specific first: a first-bytes marker, then the most signature columns.
 */
export function recognizePackInputs(manifest: PackManifest, columns: readonly string[], firstBytes: string): string[] {
  const header = new Set(columns.map((name) => name.trim()));
  const text = firstBytes.replace(/^\uFEFF/, "");
  const scored: Array<{ key: string; score: number }> = [];
  for (const [key, input] of Object.entries(manifest.inputs)) {
    // An input that accepts a canonical schema (any bank's statement) is recognised by every adapter projecting to it.
    const adapters: Array<FormatAdapter | undefined> = input.signature ? [] : input.adapter ? [getAdapter(input.adapter)] : input.accepts ? FORMAT_ADAPTERS.filter((adapter) => canonicalSchemaOfAdapter(adapter.name) === input.accepts) : [];
    // Pack authors write their own patterns: RE2 (linear time) keeps a hostile one from stalling an upload.
    // An adapter's pattern is ours (some use lookbehind), tested as recognizeAdapter tests it.
    const candidates = input.signature
      ? [{ signature: input.signature, alternatives: [] as ReadonlyArray<readonly string[]>, pattern: (source: string) => compileLinearRegex(source, "m") }]
      : adapters.flatMap((adapter) => (adapter ? [{ signature: adapter.signature, alternatives: adapter.alternativeHeaders ?? [], pattern: (source: string) => new RegExp(source, "m") }] : []));
    let best = 0;
    for (const { signature, alternatives, pattern } of candidates) {
      if (signature.firstBytes !== undefined && pattern(signature.firstBytes).test(text)) best = Math.max(best, 1000);
      // An adapter may name several headers (bank_csv: one per bank); the largest one present counts.
      for (const set of [signature.columns ?? [], ...alternatives]) if (set.length > 0 && set.every((name) => header.has(name))) best = Math.max(best, set.length);
    }
    if (best > 0) scored.push({ key, score: best });
  }
  return scored.sort((a, b) => b.score - a.score || a.key.localeCompare(b.key)).map((entry) => entry.key);
}
