import { lstat, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { checkPackFiles, type CheckedPack, type PackProblem } from "./pack-files";

/**
 * Reading a pack folder from disk: every regular file, as bytes. Symbolic
 * links are refused rather than followed (a pack must not reach outside its
 * folder), and nothing is ever executed or imported: files are data.
 */
const MAX_PACK_BYTES = 64 * 1024 * 1024;
const MAX_PACK_FILES = 2_000;
/** Folders no pack ships and no loader should walk. */
const SKIPPED_DIRS = new Set([".git", "node_modules"]);

export async function readPackDir(dir: string): Promise<{ files: Map<string, Uint8Array>; problems: PackProblem[] }> {
  const files = new Map<string, Uint8Array>();
  const problems: PackProblem[] = [];
  const foundAs = path.basename(dir);
  let total = 0;
  const walk = async (relative: string): Promise<void> => {
    const entries = await readdir(path.join(dir, relative), { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const entryPath = relative === "" ? entry.name : `${relative}/${entry.name}`;
      const stats = await lstat(path.join(dir, entryPath));
      if (stats.isSymbolicLink()) {
        problems.push({ pack: foundAs, file: entryPath, message: "packs may not contain symbolic links" });
      } else if (stats.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await walk(entryPath);
      } else if (stats.isFile()) {
        total += stats.size;
        if (total > MAX_PACK_BYTES || files.size >= MAX_PACK_FILES) throw new Error(`pack ${foundAs} is larger than ${MAX_PACK_BYTES} bytes or ${MAX_PACK_FILES} files`);
        files.set(entryPath, new Uint8Array(await readFile(path.join(dir, entryPath))));
      } else {
        problems.push({ pack: foundAs, file: entryPath, message: "packs hold only regular files and folders" });
      }
    }
  };
  await walk("");
  return { files, problems };
}

/** A pack folder, read and checked: problems from reading it come first. */
export async function checkPackDir(dir: string): Promise<CheckedPack & { dir: string }> {
  try {
    const { files, problems } = await readPackDir(dir);
    const checked = checkPackFiles(files, path.basename(dir));
    return { ...checked, dir, problems: [...problems.map((problem) => ({ ...problem, pack: checked.name })), ...checked.problems] };
  } catch (error) {
    const name = path.basename(dir);
    return { name, dir, runbook: null, sha256: "", problems: [{ pack: name, file: ".", message: `could not be read: ${(error as Error).message}` }] };
  }
}
