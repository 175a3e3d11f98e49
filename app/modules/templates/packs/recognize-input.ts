import { getAdapter, recognizeAdapter } from "~/core/adapters";
import { canonicalSchemaOfAdapter, type CanonicalSchemaId, type ColumnMapping, mappingFitsHeader } from "~/core/canonical";
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
  // An input that accepts a canonical schema takes any file whose own format, or one of the pack's mappings, delivers it.
  const delivered = deliveredSchema(manifest, columns, text);
  for (const [key, input] of Object.entries(manifest.inputs)) {
    if (input.accepts !== undefined && input.signature === undefined && delivered !== undefined && delivered.schema === input.accepts) {
      scored.push({ key, score: delivered.score });
      continue;
    }
    const signature = input.signature ?? (input.adapter ? getAdapter(input.adapter)?.signature : undefined);
    if (!signature) continue;
    // Pack authors write these patterns; RE2 (linear time) keeps a hostile one from stalling an upload.
    if (signature.firstBytes !== undefined && compileLinearRegex(signature.firstBytes, "m").test(text)) {
      scored.push({ key, score: 1000 });
      continue;
    }
    if (signature.columns && signature.columns.length > 0 && signature.columns.every((name) => header.has(name))) scored.push({ key, score: signature.columns.length });
  }
  return scored.sort((a, b) => b.score - a.score || a.key.localeCompare(b.key)).map((entry) => entry.key);
}

/** The canonical schema a file delivers: its recognized adapter's (as sure as a marker), else the best-fitting pack mapping's. */
function deliveredSchema(manifest: PackManifest, columns: readonly string[], firstBytes: string): { schema: CanonicalSchemaId; score: number } | undefined {
  const adapter = recognizeAdapter([...columns], firstBytes);
  const adapterSchema = adapter ? canonicalSchemaOfAdapter(adapter.name) : undefined;
  if (adapterSchema !== undefined) return { schema: adapterSchema, score: 1000 };
  let best: { schema: CanonicalSchemaId; score: number } | undefined;
  for (const mapping of Object.values(manifest.mappings)) {
    const rules = mapping as unknown as ColumnMapping;
    if (!mappingFitsHeader(rules, columns)) continue;
    if (!best || rules.signature.columns.length > best.score) best = { schema: rules.schema, score: rules.signature.columns.length };
  }
  return best;
}
