import { selectRawRows } from "~/core/engine/raw-table";
import type { SuggestSideInput } from "~/core/engine/suggest";
import { profileFile, readFile } from "~/core/ingest";

/** A file as the suggestion service sees it: profiled and read by ingest, the first `sampleRows` rows kept. */
export async function sideFromBytes(fileName: string, content: string | Uint8Array, sampleRows = 2000): Promise<SuggestSideInput> {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  const open = async function* () {
    yield bytes;
  };
  const profile = await profileFile(open, fileName);
  const { table } = await readFile(open, fileName, profile, { sourceId: fileName, policy: "lenient" });
  const kept = Math.min(sampleRows, table.rowCount);
  return { columns: profile.columns, sample: selectRawRows(table, Array.from({ length: kept }, (_, row) => row)) };
}
