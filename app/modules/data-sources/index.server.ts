export { decryptCredential, encryptCredential } from "./crypto.server";
export { createDataSource, deleteDataSource, getDataSource, listDataSources, serializeDataSource, serializeDataSourceTest, testDataSource } from "./data-sources.server";
export { createSnapshot } from "./snapshots.server";
export type { SnapshotWithFile } from "./snapshots.server";
