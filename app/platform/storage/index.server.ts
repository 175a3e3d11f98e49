import { getEnv } from "~/platform/env.server";
import { singleton } from "~/platform/db/singleton";
import type { ArtifactStore } from "./artifact-store.server";
import { FaultInjectingArtifactStore } from "./fault-injection.server";
import { LocalArtifactStore } from "./local-artifact-store.server";

export {
  ArtifactIntegrityError,
  ArtifactNotFoundError,
  InvalidArtifactKeyError,
  type ArtifactStore,
  type StoredObject,
} from "./artifact-store.server";

/**
 * Typed as the interface, not the local class, so choosing a backend stays a
 * decision made here alone. Shared per process so the web server and the
 * Remix bundle (which may load this module twice) use one instance.
 */
export function getArtifactStore(): ArtifactStore {
  return singleton("artifactStore", () => {
    const local = new LocalArtifactStore(getEnv().STORAGE_DIR);
    return getEnv().NODE_ENV === "test" ? new FaultInjectingArtifactStore(local) : local;
  });
}
