export { adapterChoices } from "./file-format.server";
export { contentDispositionFor, contentTypeFor, createUploadedFile, deleteFile, duplicateWarning, getFile, listFiles, lockStorageKey, openVerifiedDownload, previewFile, profileUploadedFile, receiveUpload, releaseStoredObject, serializeFile, serializeFilePreview, updateFile } from "./files.server";
export type { UploadedFile } from "./files.server";
export { respondOnceToUpload } from "./idempotent-upload.server";
export { getProfileThreadPool } from "./profile-thread.server";
export { beginFileProfiling, endFileProfiling, fileProfilingNeedsIsolation } from "./profiling-recovery.server";
export { loadReadyFile, readReadyFile, streamStoredObject } from "./ready-files.server";
export type { ReadyFile } from "./ready-files.server";
