import { readdir } from "node:fs/promises";
import path from "node:path";

/**
 * Where packs are found at start: every folder under plugins/, and every
 * installed npm package named reconstream-pack-* or @scope/reconstream-pack-*.
 * Only their files are read (see pack-dir.server.ts); no package is ever
 * imported or required, so an installed pack cannot run code here either.
 */
export interface FoundPack {
  dir: string;
  origin: "plugins" | "npm";
}

const NPM_PACK_NAME = /^reconstream-pack-[a-z0-9][a-z0-9._-]*$/;

export async function discoverPacks(root: string): Promise<FoundPack[]> {
  const found: FoundPack[] = [];
  for (const name of await subdirectories(path.join(root, "plugins"))) found.push({ dir: path.join(root, "plugins", name), origin: "plugins" });
  const modules = path.join(root, "node_modules");
  for (const name of await subdirectories(modules)) {
    if (NPM_PACK_NAME.test(name)) found.push({ dir: path.join(modules, name), origin: "npm" });
    if (name.startsWith("@")) {
      for (const scoped of await subdirectories(path.join(modules, name))) {
        if (NPM_PACK_NAME.test(scoped)) found.push({ dir: path.join(modules, name, scoped), origin: "npm" });
      }
    }
  }
  return found;
}

async function subdirectories(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    // Symbolic links (npm link) are listed too; the pack reader refuses links inside a pack, not the pack folder itself.
    return entries.filter((entry) => entry.isDirectory() || entry.isSymbolicLink()).map((entry) => entry.name).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}
