import type { z } from "~/api/zod";
import type { DataSourceSchema, DataSourceSnapshotSchema, DataSourceTestSchema } from "~/api/contracts/data-sources";
import { publicConfig, type DataSource, type DataSourceTestResult, type SnapshotWithFile } from "~/modules/data-sources/index.server";
import { serializeFile } from "./files";

export function serializeDataSource(dataSource: DataSource): z.input<typeof DataSourceSchema> {
  return {
    id: dataSource.id,
    object: "data_source" as const,
    name: dataSource.name,
    kind: dataSource.kind,
    config: publicConfig(dataSource),
    createdBy: dataSource.createdBy,
    createdAt: dataSource.createdAt.toISOString(),
    updatedAt: dataSource.updatedAt.toISOString(),
  };
}

export function serializeDataSourceTest(dataSourceId: string, result: DataSourceTestResult): z.input<typeof DataSourceTestSchema> {
  return { object: "data_source_test" as const, dataSourceId, ...result };
}

/** A data source's snapshot is a file with where it came from; it embeds the file's view. */
export function serializeSnapshot({ snapshot, file }: SnapshotWithFile): z.input<typeof DataSourceSnapshotSchema> {
  return {
    id: snapshot.id,
    object: "data_source_snapshot" as const,
    dataSourceId: snapshot.dataSourceId,
    fileId: snapshot.fileId,
    query: snapshot.query,
    sourceUrl: snapshot.sourceUrl,
    rowCount: snapshot.rowCount,
    size: file.size,
    sha256: file.sha256,
    file: serializeFile(file),
    createdBy: snapshot.createdBy,
    createdAt: snapshot.createdAt.toISOString(),
  };
}
