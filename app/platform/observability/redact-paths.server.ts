import path from "node:path";
import { getEnv } from "~/platform/env.server";

/**
 * What a client is told never names a directory on the server: an OS error
 * ("EROFS: read-only file system, open '/srv/reconstream/.data/storage/tmp/…'")
 * would otherwise show where the app and its data live. Those roots become
 * `<STORAGE_DIR>`, `<DATA_DIR>` and `<APP>`, so the message still says which
 * file was involved. The logs keep the real path for the operator.
 */
export function redactServerPaths(text: string): string {
  let redacted = text;
  for (const [root, label] of serverRoots()) redacted = redacted.split(root).join(label);
  return redacted;
}

/** Longest first, so a data directory inside the app directory is named as data. */
function serverRoots(): Array<[string, string]> {
  const env = getEnv();
  const roots: Array<[string, string]> = [
    [env.STORAGE_DIR, "<STORAGE_DIR>"],
    [env.DATA_DIR, "<DATA_DIR>"],
    [process.cwd(), "<APP>"],
  ];
  const unique = roots.filter(([root]) => root.length > 1 && root !== path.parse(root).root);
  // STORAGE_DIR defaults to DATA_DIR/storage: then say so, which is more use than a second placeholder.
  const storageInData = path.relative(env.DATA_DIR, env.STORAGE_DIR);
  if (storageInData && !storageInData.startsWith("..") && !path.isAbsolute(storageInData)) {
    unique.splice(0, 1);
  }
  return unique.sort((a, b) => b[0].length - a[0].length);
}
