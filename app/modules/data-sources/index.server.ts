export { decryptCredential, encryptCredential } from "./crypto.server";
export { createDataSource, deleteDataSource, getDataSource, listDataSources, testDataSource } from "./data-sources.server";
export { createSnapshot } from "./snapshots.server";
export { publicConfig } from "./data-sources.server";
export type { DataSource, DataSourceTestResult } from "./data-sources.server";
export type { SnapshotWithFile } from "./snapshots.server";
