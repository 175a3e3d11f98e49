export { decryptCredential, encryptCredential } from "./crypto.server";
export { createDataSource, deleteDataSource, getDataSource, listDataSources, serializeDataSource, serializeDataSourceTest, testDataSource } from "./data-sources.server";
export { createSnapshot, serializeSnapshot } from "./snapshots.server";
