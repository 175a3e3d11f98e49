import { createHash } from "node:crypto";
import { checkManifest, compilePack, parseManifest, type CompiledPack } from "./compile-pack";
import { PACK_MANIFEST_FILE, type PackManifest } from "./pack-schema";

/**
 * A pack as the bytes of its files, wherever they came from (a plugins/
 * folder, an installed npm package, an uploaded .tgz): checked the same way.
 * Pure: the callers read the files; nothing here touches the file system.
 */
export type PackFiles = ReadonlyMap<string, Uint8Array>;

/** One located problem: which pack, which file in it, where in that file. */
export interface PackProblem {
  pack: string;
  file: string;
  pointer?: string;
  line?: number;
  message: string;
}

export interface CheckedPack {
  /** The pack's id when the manifest gives one, else the name it was found under. */
  name: string;
  manifest?: PackManifest;
  compiled?: CompiledPack;
  runbook: string | null;
  /** sha256 over every file's path and bytes: a changed file is a changed pack. */
  sha256: string;
  problems: PackProblem[];
}

/** Files a pack may never hold: code of any kind, so installing a pack can never run code. */
const CODE_FILE = /\.(js|mjs|cjs|jsx|ts|mts|cts|tsx|sh|bash|zsh|ps1|bat|cmd|exe|dll|so|dylib|node|py|rb|pl|php|wasm)$/i;

export function checkPackFiles(files: PackFiles, foundAs: string): CheckedPack {
  const problems: PackProblem[] = [];
  const sha256 = packSha256(files);
  const located = (file: string, message: string, pointer?: string): PackProblem => ({ pack: foundAs, file, message, ...(pointer === undefined ? {} : { pointer }) });

  for (const path of files.keys()) {
    if (CODE_FILE.test(path)) problems.push(located(path, "packs never contain code; remove this file"));
  }
  const manifestJson = readManifestJson(files, foundAs, problems);
  if (manifestJson === undefined) return { name: foundAs, runbook: null, sha256, problems };
  const { file: manifestFile, json } = manifestJson;

  const { manifest, problems: shapeProblems } = parseManifest(json);
  for (const problem of shapeProblems) problems.push(located(manifestFile, problem.message, problem.pointer));
  if (!manifest) return { name: nameOf(json, foundAs), runbook: null, sha256, problems };
  const name = manifest.id;
  const relocate = (problem: PackProblem): PackProblem => ({ ...problem, pack: name });

  for (const problem of checkManifest(manifest)) problems.push(located(manifestFile, problem.message, problem.pointer));
  const runbookBytes = files.get(manifest.runbook);
  if (!runbookBytes) problems.push(located(manifestFile, `the runbook '${manifest.runbook}' is not in the pack`, "/runbook"));
  manifest.streams.forEach((stream, index) => {
    for (const [inputKey, path] of Object.entries(stream.samples)) {
      if (!files.has(path)) problems.push(located(manifestFile, `sample file '${path}' is not in the pack`, `/streams/${index}/samples/${inputKey}`));
    }
    if (!files.has(stream.expected)) problems.push(located(manifestFile, `expected results '${stream.expected}' are not in the pack (pack:test --update writes them)`, `/streams/${index}/expected`));
  });

  const compiled = problems.length === 0 ? compilePack(manifest, {}).compiled : undefined;
  return {
    name,
    manifest,
    ...(compiled ? { compiled } : {}),
    runbook: runbookBytes ? new TextDecoder().decode(runbookBytes) : null,
    sha256,
    problems: problems.map(relocate),
  };
}

function readManifestJson(files: PackFiles, foundAs: string, problems: PackProblem[]): { file: string; json: unknown } | undefined {
  const packageJson = files.get("package.json");
  let packageManifest: unknown;
  if (packageJson) {
    const parsed = parseJson(packageJson, "package.json", foundAs, problems);
    if (parsed.ok && parsed.value !== null && typeof parsed.value === "object") {
      const packageFields = parsed.value as Record<string, unknown>;
      // npm runs lifecycle scripts on install; a pack must not have any, even if nothing here would ever run them.
      if (packageFields.scripts !== undefined && Object.keys(packageFields.scripts as object).length > 0) {
        problems.push({ pack: foundAs, file: "package.json", pointer: "/scripts", message: "packs never contain code: remove the scripts" });
      }
      for (const field of ["bin", "main", "exports", "gypfile"]) {
        if (packageFields[field] !== undefined) problems.push({ pack: foundAs, file: "package.json", pointer: `/${field}`, message: `packs never contain code: remove '${field}'` });
      }
      packageManifest = packageFields.reconstream;
    }
  }
  const manifestBytes = files.get(PACK_MANIFEST_FILE);
  if (manifestBytes) {
    const parsed = parseJson(manifestBytes, PACK_MANIFEST_FILE, foundAs, problems);
    return parsed.ok ? { file: PACK_MANIFEST_FILE, json: parsed.value } : undefined;
  }
  if (packageManifest !== undefined) return { file: "package.json", json: packageManifest };
  problems.push({ pack: foundAs, file: PACK_MANIFEST_FILE, message: `no ${PACK_MANIFEST_FILE} (nor a package.json with a 'reconstream' key)` });
  return undefined;
}

function parseJson(bytes: Uint8Array, file: string, pack: string, problems: PackProblem[]): { ok: true; value: unknown } | { ok: false } {
  const text = new TextDecoder().decode(bytes);
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split("\n").length : undefined;
    problems.push({ pack, file, message: `is not valid JSON: ${message}`, ...(line === undefined ? {} : { line }) });
    return { ok: false };
  }
}

function nameOf(json: unknown, fallback: string): string {
  const id = (json as { id?: unknown } | null)?.id;
  return typeof id === "string" && id.length > 0 && id.length <= 64 ? id : fallback;
}

export function packSha256(files: PackFiles): string {
  const hash = createHash("sha256");
  for (const path of [...files.keys()].sort()) {
    hash.update(path).update("\u0000").update(createHash("sha256").update(files.get(path)!).digest("hex")).update("\n");
  }
  return hash.digest("hex");
}

export function describeProblem(problem: PackProblem): string {
  const where = [problem.file, problem.pointer ? `#${problem.pointer}` : "", problem.line !== undefined ? `:${problem.line}` : ""].join("");
  return `${problem.pack}: ${where}: ${problem.message}`;
}
