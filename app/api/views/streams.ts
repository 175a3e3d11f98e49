import type { z } from "~/api/zod";
import type { StreamSchema, StreamVersionSchema } from "~/api/contracts/streams";
import { definitionOf, type StreamVersion, type StreamWithVersion } from "~/modules/streams/index.server";

export function serializeStream({ stream, version, steps }: StreamWithVersion): z.input<typeof StreamSchema> {
  return {
    id: stream.id,
    object: "stream" as const,
    name: stream.name,
    description: stream.description,
    status: stream.status,
    version: version.version,
    latestVersion: stream.latestVersion,
    versionId: version.id,
    definitionSha256: version.definitionSha256,
    definition: definitionOf(version, steps),
    dependencies: Object.fromEntries(steps.map((step) => [step.key, step.dependsOn])),
    origin: stream.origin ?? null,
    createdBy: stream.createdBy,
    createdAt: stream.createdAt.toISOString(),
    updatedAt: stream.updatedAt.toISOString(),
    archivedAt: stream.archivedAt?.toISOString() ?? null,
  };
}

export function serializeStreamVersion(version: StreamVersion): z.input<typeof StreamVersionSchema> {
  return {
    id: version.id,
    object: "stream_version" as const,
    streamId: version.streamId,
    version: version.version,
    definitionSha256: version.definitionSha256,
    createdBy: version.createdBy,
    createdAt: version.createdAt.toISOString(),
  };
}
